package io.busquake.load;

import java.util.Map;
import java.util.Objects;

/**
 * What the load did, counted as it ran.
 *
 * @param eventsGenerated        distinct events made (each has one sequence number and key)
 * @param requests               PutEvents requests completed, including timed-out ones
 * @param requestsOk             requests answered 200 with FailedEntryCount 0
 * @param requestsWithFailedEntries requests answered 200 with FailedEntryCount above 0
 * @param requestErrors          whole-request failures by error (ThrottlingException, HTTP 500 ...)
 * @param timeouts               requests that got no answer within the request timeout
 * @param entriesAccepted        entry attempts answered with an EventId
 * @param entryErrors            entry attempts answered with an ErrorCode, by code
 * @param retries                entries re-sent under the same key
 * @param abandoned              events given up on (attempts exhausted, not retryable, or still waiting at the end)
 */
public record LoadSummary(long eventsGenerated, long requests, long requestsOk, long requestsWithFailedEntries,
                          Map<String, Long> requestErrors, long timeouts, long entriesAccepted,
                          Map<String, Long> entryErrors, long retries, long abandoned) {
    public LoadSummary {
        requestErrors = Map.copyOf(Objects.requireNonNull(requestErrors, "requestErrors"));
        entryErrors = Map.copyOf(Objects.requireNonNull(entryErrors, "entryErrors"));
    }
}

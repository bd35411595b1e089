package io.busquake.verify;

import io.busquake.ledger.Ledger;
import io.busquake.ledger.SequenceSet;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * What the run hands the verifier besides the scenario and the target.
 *
 * @param runId                 the run's id
 * @param ledger                the run's ledger, complete: load, consumers and the DLQ reader have written it
 * @param loadStartedAt         when the load started; fault windows and offsets count from it
 * @param loadEndedAt           when the load ended
 * @param verifiedAt            now, on the run's clock
 * @param faultWindows          when each fault was in effect, in start order
 * @param consumedQueues        target queues a consumer read during the run (deliveries are recorded only for them)
 * @param ingest                PutEvents counts
 * @param putEventsLatencyMicros PutEvents request latency, microseconds
 * @param sentTimes             which events were first sent when (for loss allowed during a fault)
 */
public record RunFacts(String runId, Ledger ledger, Instant loadStartedAt, Instant loadEndedAt, Instant verifiedAt,
                       List<FaultWindow> faultWindows, Set<String> consumedQueues, IngestCounts ingest,
                       Histogram putEventsLatencyMicros, SentTimes sentTimes) {
    public RunFacts {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(ledger, "ledger");
        Objects.requireNonNull(loadStartedAt, "loadStartedAt");
        Objects.requireNonNull(loadEndedAt, "loadEndedAt");
        Objects.requireNonNull(verifiedAt, "verifiedAt");
        faultWindows = List.copyOf(faultWindows);
        consumedQueues = Set.copyOf(consumedQueues);
        Objects.requireNonNull(ingest, "ingest");
        Objects.requireNonNull(putEventsLatencyMicros, "putEventsLatencyMicros");
        Objects.requireNonNull(sentTimes, "sentTimes");
    }

    /** Which events were first sent in a time range. */
    @FunctionalInterface
    public interface SentTimes {
        /** The sequence numbers whose first attempt was sent at or after {@code from} and before {@code to}. */
        SequenceSet sentBetween(Instant from, Instant to);
    }
}

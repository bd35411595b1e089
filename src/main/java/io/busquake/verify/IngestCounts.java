package io.busquake.verify;

/**
 * PutEvents figures for the ingest expectation, counted per attempt as CloudWatch's PutEvents metrics count them.
 *
 * @param requests          PutEvents requests completed (timed-out ones included)
 * @param throttledRequests requests refused whole with ThrottlingException
 * @param entriesAnswered   entry attempts answered in a 200 response (PutEventsEntriesCount)
 * @param entriesFailed     of those, entries answered with an ErrorCode (PutEventsFailedEntriesCount)
 */
public record IngestCounts(long requests, long throttledRequests, long entriesAnswered, long entriesFailed) {
    public IngestCounts {
        if (requests < 0 || throttledRequests < 0 || throttledRequests > requests || entriesAnswered < 0
                || entriesFailed < 0 || entriesFailed > entriesAnswered) {
            throw new IllegalArgumentException("ingest counts must be non-negative and parts within their wholes, but "
                    + "were requests " + requests + ", throttled " + throttledRequests + ", entries " + entriesAnswered
                    + ", failed " + entriesFailed);
        }
    }

    public static final IngestCounts NONE = new IngestCounts(0, 0, 0, 0);
}

package io.busquake.consume;

/**
 * What a consumer has done so far, for waiting on and for the console.
 *
 * @param received messages received, redeliveries included
 * @param sideEffects side effects performed
 * @param skippedCompleted deliveries whose key the idempotency store had completed: deleted without a side effect
 * @param inProgressConflicts deliveries whose key another worker held in progress: left for SQS to redeliver
 * @param deleted successful DeleteMessage calls
 * @param crashes workers that died (crash-consumer) after a side effect and before deleting
 * @param foreign messages without a busquake object in their detail: deleted, not recorded
 * @param errors SQS calls or side effects that failed; the message is left for redelivery
 */
public record ConsumerStats(long received, long sideEffects, long skippedCompleted, long inProgressConflicts,
        long deleted, long crashes, long foreign, long errors) {
    public ConsumerStats {
        if (received < 0 || sideEffects < 0 || skippedCompleted < 0 || inProgressConflicts < 0 || deleted < 0
                || crashes < 0 || foreign < 0 || errors < 0) {
            throw new IllegalArgumentException("consumer counts must not be negative");
        }
    }
}

package io.busquake.consume;

import java.time.Duration;
import java.util.Optional;

/**
 * How one consumer reads one target queue. Start from {@link #of(String, String)} and change what differs:
 *
 * <pre>{@code
 * ConsumerConfig config = ConsumerConfig.of("orders", queueUrl).withConcurrency(4).withIdempotent(false);
 * }</pre>
 *
 * @param targetId the ledger target its deliveries and side effects are recorded under
 * @param queueUrl the SQS queue URL
 * @param concurrency worker threads, each long-polling on its own, 1 to 1,000
 * @param processingTime how long each side effect takes (wall time), zero or more
 * @param visibility the visibility timeout a worker asks for on ReceiveMessage
 * @param idempotent whether side effects go through the idempotency store; false shows what duplicates do
 * @param idempotencyExpiry how long a completed key is remembered (Powertools' default: one hour)
 * @param inProgressExpiry how long an in-progress record blocks other workers before it counts as abandoned
 * @param waitTimeSeconds ReceiveMessage long-poll wait, 0 to 20; close() may wait this long for a worker
 * @param runId when present, events of other runs (left in a queue that outlived its run) are deleted unrecorded,
 *     so their sequence numbers cannot pass for this run's
 * @param batchSize MaxNumberOfMessages per ReceiveMessage, 1 to 10
 */
public record ConsumerConfig(String targetId, String queueUrl, int concurrency, Duration processingTime,
        Visibility visibility, boolean idempotent, Duration idempotencyExpiry, Duration inProgressExpiry,
        int waitTimeSeconds, Optional<String> runId, int batchSize) {
    public static final int MAX_CONCURRENCY = 1_000;
    /** SQS's MaxNumberOfMessages limit. */
    public static final int MAX_BATCH_SIZE = 10;

    public ConsumerConfig {
        require(targetId != null && !targetId.isBlank(), "targetId", targetId, "a non-blank ledger target id");
        require(queueUrl != null && !queueUrl.isBlank(), "queueUrl", queueUrl, "an SQS queue URL");
        require(concurrency >= 1 && concurrency <= MAX_CONCURRENCY, "concurrency", concurrency,
                "1 to " + MAX_CONCURRENCY);
        require(processingTime != null && !processingTime.isNegative(), "processingTime", processingTime,
                "zero or more, e.g. PT0.05S");
        require(visibility != null, "visibility", null, "Visibility.queueDefault() or Visibility.ofSeconds(n)");
        require(idempotencyExpiry != null && idempotencyExpiry.toMillis() > 0, "idempotencyExpiry",
                idempotencyExpiry, "a positive duration, e.g. PT1H");
        require(inProgressExpiry != null && inProgressExpiry.toMillis() > 0, "inProgressExpiry", inProgressExpiry,
                "a positive duration, e.g. PT30S");
        require(waitTimeSeconds >= 0 && waitTimeSeconds <= 20, "waitTimeSeconds", waitTimeSeconds,
                "0 to 20 (SQS's long-poll limit)");
        require(runId != null && runId.map(id -> !id.isBlank()).orElse(true), "runId", runId,
                "Optional.empty() (any run) or a non-blank run id");
        require(batchSize >= 1 && batchSize <= MAX_BATCH_SIZE, "batchSize", batchSize,
                "1 to " + MAX_BATCH_SIZE + " (SQS's MaxNumberOfMessages limit)");
    }

    /** One idempotent worker, no processing time, the queue's visibility timeout, 20 s long polls of ten. */
    public static ConsumerConfig of(String targetId, String queueUrl) {
        return new ConsumerConfig(targetId, queueUrl, 1, Duration.ZERO, Visibility.queueDefault(), true,
                Duration.ofHours(1), Duration.ofSeconds(30), 20, Optional.empty(), MAX_BATCH_SIZE);
    }

    public ConsumerConfig withConcurrency(int workers) {
        return new ConsumerConfig(targetId, queueUrl, workers, processingTime, visibility, idempotent,
                idempotencyExpiry, inProgressExpiry, waitTimeSeconds, runId, batchSize);
    }

    public ConsumerConfig withProcessingTime(Duration time) {
        return new ConsumerConfig(targetId, queueUrl, concurrency, time, visibility, idempotent, idempotencyExpiry,
                inProgressExpiry, waitTimeSeconds, runId, batchSize);
    }

    public ConsumerConfig withVisibility(Visibility v) {
        return new ConsumerConfig(targetId, queueUrl, concurrency, processingTime, v, idempotent, idempotencyExpiry,
                inProgressExpiry, waitTimeSeconds, runId, batchSize);
    }

    public ConsumerConfig withIdempotent(boolean on) {
        return new ConsumerConfig(targetId, queueUrl, concurrency, processingTime, visibility, on, idempotencyExpiry,
                inProgressExpiry, waitTimeSeconds, runId, batchSize);
    }

    public ConsumerConfig withIdempotencyExpiry(Duration expiry, Duration inProgress) {
        return new ConsumerConfig(targetId, queueUrl, concurrency, processingTime, visibility, idempotent, expiry,
                inProgress, waitTimeSeconds, runId, batchSize);
    }

    public ConsumerConfig withWaitTimeSeconds(int seconds) {
        return new ConsumerConfig(targetId, queueUrl, concurrency, processingTime, visibility, idempotent,
                idempotencyExpiry, inProgressExpiry, seconds, runId, batchSize);
    }

    /** MaxNumberOfMessages per ReceiveMessage, 1 to 10. */
    public ConsumerConfig withBatchSize(int messages) {
        return new ConsumerConfig(targetId, queueUrl, concurrency, processingTime, visibility, idempotent,
                idempotencyExpiry, inProgressExpiry, waitTimeSeconds, runId, messages);
    }

    /** Only this run's events are recorded; see {@code runId} above. */
    public ConsumerConfig withRunId(String id) {
        return new ConsumerConfig(targetId, queueUrl, concurrency, processingTime, visibility, idempotent,
                idempotencyExpiry, inProgressExpiry, waitTimeSeconds, Optional.ofNullable(id), batchSize);
    }

    private static void require(boolean ok, String field, Object value, String allowed) {
        if (!ok) {
            throw new IllegalArgumentException("consumer " + field + " must be " + allowed + ", but was " + value);
        }
    }

    /**
     * The visibility timeout a worker asks for when it receives: the queue's own, or its own number of seconds
     * (ReceiveMessage VisibilityTimeout, 0 to 43,200).
     */
    public record Visibility(boolean usesQueueDefault, int timeoutSeconds) {
        public static final int MAX_TIMEOUT_SECONDS = 43_200;

        public Visibility {
            if (usesQueueDefault && timeoutSeconds != 0) {
                throw new IllegalArgumentException("a queue-default visibility takes no timeout, but was given "
                        + timeoutSeconds + " s; use Visibility.ofSeconds(" + timeoutSeconds + ")");
            }
            if (timeoutSeconds < 0 || timeoutSeconds > MAX_TIMEOUT_SECONDS) {
                throw new IllegalArgumentException("visibility timeout must be 0 to " + MAX_TIMEOUT_SECONDS
                        + " seconds (SQS's limit, 12 hours), but was " + timeoutSeconds);
            }
        }

        public static Visibility queueDefault() {
            return new Visibility(true, 0);
        }

        public static Visibility ofSeconds(int seconds) {
            return new Visibility(false, seconds);
        }
    }
}

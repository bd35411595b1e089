package io.busquake.scenario;

import java.time.Duration;
import java.util.Objects;

/**
 * A consumer reading one queue.
 *
 * @param name              the consumer's name (its key under {@code consumers})
 * @param queue             the queue it reads
 * @param concurrency       long-polling workers
 * @param processingTime    time spent on each message before its side effect
 * @param idempotent        whether side effects are skipped for idempotency keys already completed
 * @param idempotencyExpiry how long a completed idempotency record is kept
 * @param batchSize         MaxNumberOfMessages per ReceiveMessage, 1..10
 * @param waitTime          WaitTimeSeconds per ReceiveMessage, at most 20 s
 */
public record Consumer(String name, String queue, int concurrency, Duration processingTime, boolean idempotent,
                       Duration idempotencyExpiry, int batchSize, Duration waitTime, Visibility visibility) {
    public Consumer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(queue, "queue");
        if (concurrency < 1) {
            throw new IllegalArgumentException("consumer " + name + ": concurrency must be at least 1");
        }
        Objects.requireNonNull(processingTime, "processingTime");
        Objects.requireNonNull(idempotencyExpiry, "idempotencyExpiry");
        if (batchSize < 1 || batchSize > 10) {
            throw new IllegalArgumentException("consumer " + name + ": batchSize " + batchSize + " is outside 1..10");
        }
        Objects.requireNonNull(waitTime, "waitTime");
        Objects.requireNonNull(visibility, "visibility");
    }

    /**
     * What the consumer does with message visibility.
     *
     * @param heartbeat whether it extends the visibility timeout while processing
     * @param onFailure after a failed processing: wait out the timeout, or release the message at once
     */
    public record Visibility(boolean heartbeat, OnFailure onFailure) {
        public Visibility {
            Objects.requireNonNull(onFailure, "onFailure");
        }
    }

    /** What happens to a message whose processing failed. */
    public enum OnFailure {
        WAIT("wait"), RELEASE("release");

        private final String yamlName;

        OnFailure(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }

        public static OnFailure fromYaml(String name) {
            return Yaml.find(values(), OnFailure::yamlName, name);
        }
    }
}

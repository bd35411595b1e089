package io.busquake.consume;

import io.busquake.consume.internal.Counters;
import io.busquake.consume.internal.Worker;
import io.busquake.ledger.Ledger;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The reference consumer of one target queue: {@code concurrency} workers long-poll it (ReceiveMessage, ten at a
 * time, WaitTimeSeconds, ApproximateReceiveCount), record each delivery in the ledger, perform each event's side
 * effect (recorded as processed) at most once per idempotency key when idempotent, and delete the message.
 *
 * <pre>{@code
 * try (QueueConsumer consumer = QueueConsumer.builder(ConsumerConfig.of("orders", queueUrl).withConcurrency(4))
 *         .sqs(sqsClient).ledger(ledger).clock(clock).start()) {
 *     consumer.await(stats -> stats.sideEffects() >= expected, Duration.ofMinutes(1));
 * } // close() lets every worker finish the messages it holds
 * }</pre>
 */
public final class QueueConsumer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QueueConsumer.class);
    // Beyond the long poll, how long close() lets a worker finish the batch it holds before interrupting it.
    private static final Duration DRAIN_GRACE = Duration.ofSeconds(30);

    private final ConsumerConfig config;
    private final Counters counters = new Counters();
    private final List<Thread> workers = new ArrayList<>();
    private final ConsumerFaults faults;
    private volatile boolean running = true;

    private QueueConsumer(Builder b) {
        this.config = b.config;
        this.faults = b.faults;
        for (int i = 0; i < config.concurrency(); i++) {
            Worker worker = new Worker(config, b.sqs, b.ledger.target(config.targetId()), b.clock, b.store, b.faults,
                    counters, () -> running);
            Thread thread = new Thread(worker, "busquake-consumer-" + config.targetId() + "-" + i);
            thread.setDaemon(true);
            workers.add(thread);
        }
        workers.forEach(Thread::start);
    }

    public static Builder builder(ConsumerConfig config) {
        return new Builder(config);
    }

    public ConsumerConfig config() {
        return config;
    }

    public ConsumerStats stats() {
        return counters.snapshot();
    }

    /** Workers handling a batch right now; the others wait in a ReceiveMessage. */
    public int busyWorkers() {
        return counters.busyWorkers();
    }

    /** Messages the consumer's fault hook holds right now until a later instant of the run's clock (slow-consumer). */
    public int heldByFaults() {
        return faults.holding();
    }

    /** Waits until {@code condition} holds for the stats, or the timeout passes; true if it held. */
    public boolean await(Predicate<ConsumerStats> condition, Duration timeout) throws InterruptedException {
        return counters.await(condition, timeout);
    }

    /**
     * Stops receiving and waits for every worker to finish the messages it holds (a long poll under way may return
     * some more: they are handled too). A worker still busy after the long-poll wait plus 30 s is interrupted.
     */
    @Override
    public void close() {
        running = false;
        long deadline = System.nanoTime() + Duration.ofSeconds(config.waitTimeSeconds()).plus(DRAIN_GRACE)
                .plus(config.processingTime().multipliedBy(10)).toNanos();
        boolean interrupted = false;
        for (Thread worker : workers) {
            try {
                worker.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                interrupted = true;
            }
            if (worker.isAlive()) {
                LOG.warn("consumer {}: worker {} did not finish its messages in time; interrupting it (its messages "
                        + "come back after their visibility timeout)", config.targetId(), worker.getName());
                worker.interrupt();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** What a consumer needs besides its config; {@link #start()} starts the workers. */
    public static final class Builder {
        private final ConsumerConfig config;
        private SqsClient sqs;
        private Ledger ledger;
        private Clock clock = Clock.systemUTC();
        private IdempotencyStore store = IdempotencyStore.inMemory();
        private ConsumerFaults faults = ConsumerFaults.NONE;

        private Builder(ConsumerConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        public Builder sqs(SqsClient client) {
            this.sqs = client;
            return this;
        }

        public Builder ledger(Ledger l) {
            this.ledger = l;
            return this;
        }

        /** Receipt times and idempotency expiry are read from this clock (the run's, virtual in tests). */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /** Shared with other consumers to make idempotency span them, as one DynamoDB table would. */
        public Builder idempotencyStore(IdempotencyStore s) {
            this.store = Objects.requireNonNull(s, "idempotencyStore");
            return this;
        }

        public Builder faults(ConsumerFaults f) {
            this.faults = Objects.requireNonNull(f, "faults");
            return this;
        }

        public QueueConsumer start() {
            if (sqs == null || ledger == null) {
                throw new IllegalStateException("consumer " + config.targetId() + " needs "
                        + (sqs == null ? "an SqsClient: call sqs(client)" : "a Ledger: call ledger(ledger)")
                        + " before start()");
            }
            return new QueueConsumer(this);
        }
    }
}

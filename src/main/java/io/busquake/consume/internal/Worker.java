package io.busquake.consume.internal;

import io.busquake.consume.ConsumerConfig;
import io.busquake.consume.ConsumerFaults;
import io.busquake.consume.ConsumerFaults.Crash;
import io.busquake.consume.Delivery;
import io.busquake.consume.IdempotencyStore;
import io.busquake.consume.internal.Counters.Kind;
import io.busquake.ledger.TargetLedger;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/** One long-polling worker: receive up to ten, handle each, delete; until the consumer stops. */
public final class Worker implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    private final ConsumerConfig config;
    private final SqsClient sqs;
    private final TargetLedger ledger;
    private final Clock clock;
    private final IdempotencyStore store;
    private final ConsumerFaults faults;
    private final Counters counters;
    private final BooleanSupplier running;

    public Worker(ConsumerConfig config, SqsClient sqs, TargetLedger ledger, Clock clock, IdempotencyStore store,
            ConsumerFaults faults, Counters counters, BooleanSupplier running) {
        this.config = config;
        this.sqs = sqs;
        this.ledger = ledger;
        this.clock = clock;
        this.store = store;
        this.faults = faults;
        this.counters = counters;
        this.running = running;
    }

    @Override
    public void run() {
        // Whatever a receive returns is handled even when a stop was asked meanwhile: that is the drain.
        while (running.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
            List<Message> batch;
            try {
                batch = sqs.receiveMessage(receiveRequest()).messages();
            } catch (SdkException e) {
                if (!running.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                    return;
                }
                counters.add(Kind.ERROR);
                LOG.warn("consumer {}: ReceiveMessage on {} failed: {}", config.targetId(), config.queueUrl(),
                        e.getMessage());
                continue;
            }
            if (batch.isEmpty()) {
                continue;
            }
            counters.busy(1);
            try {
                handle(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // A bug in a hook or a side effect costs this batch (SQS redelivers it), not the worker.
                counters.add(Kind.ERROR);
                LOG.warn("consumer {}: handling a batch failed", config.targetId(), e);
            } finally {
                counters.busy(-1);
            }
        }
    }

    private ReceiveMessageRequest receiveRequest() {
        ReceiveMessageRequest.Builder request = ReceiveMessageRequest.builder().queueUrl(config.queueUrl())
                .maxNumberOfMessages(config.batchSize()).waitTimeSeconds(config.waitTimeSeconds())
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        if (!config.visibility().usesQueueDefault()) {
            request.visibilityTimeout(config.visibility().timeoutSeconds());
        }
        return request.build();
    }

    private void handle(List<Message> batch) throws InterruptedException {
        for (int i = 0; i < batch.size(); i++) {
            Crash crash = handle(batch.get(i));
            if (crash != Crash.NONE) {
                counters.add(Kind.CRASH);
                // A dead process loses its whole batch: none of it is deleted, all of it comes back.
                if (crash == Crash.ABANDON_AND_EXPIRE_VISIBILITY) {
                    for (Message abandoned : batch.subList(i, batch.size())) {
                        expireVisibility(abandoned);
                    }
                }
                return;
            }
        }
    }

    private Crash handle(Message message) throws InterruptedException {
        Instant receipt = clock.instant();
        counters.add(Kind.RECEIVED);
        Optional<BusquakeEvent> parsed = BusquakeEvent.parse(message.body());
        if (parsed.isEmpty()) {
            // Not ours (or not an event at all): it can never be processed, so leaving it would only loop it.
            counters.add(Kind.FOREIGN);
            LOG.warn("consumer {}: message {} has no detail.busquake with seq, key and sentAtMicros; deleted",
                    config.targetId(), message.messageId());
            delete(message);
            return Crash.NONE;
        }
        BusquakeEvent event = parsed.get();
        if (config.runId().isPresent() && !config.runId().get().equals(event.runId())) {
            counters.add(Kind.FOREIGN);
            LOG.warn("consumer {}: message {} is event {} of run '{}', not of this run '{}'; deleted",
                    config.targetId(), message.messageId(), event.seq(), event.runId(), config.runId().get());
            delete(message);
            return Crash.NONE;
        }
        int receiveCount = receiveCount(message);
        ledger.recordDelivered(event.seq(), receiveCount, micros(receipt), event.sentAtMicros());
        Delivery delivery = new Delivery(config.targetId(), event.seq(), event.key(), receiveCount, receipt,
                message.messageId());

        if (config.idempotent()) {
            Instant now = clock.instant();
            switch (store.claim(event.key(), now, now.plus(config.inProgressExpiry()))) {
                case COMPLETED -> {
                    counters.add(Kind.SKIPPED_COMPLETED);
                    delete(message);
                    return Crash.NONE;
                }
                case IN_PROGRESS -> {
                    // As Powertools does: the other worker may yet finish; SQS brings this copy back later.
                    counters.add(Kind.IN_PROGRESS_CONFLICT);
                    return Crash.NONE;
                }
                case CLAIMED -> {
                    // Fall through to the side effect.
                }
            }
        }
        try {
            faults.holdBeforeSideEffect(delivery, () -> expireVisibility(message));
            sideEffect(event);
        } catch (InterruptedException | RuntimeException e) {
            if (config.idempotent()) {
                store.release(event.key());
            }
            throw e;
        }
        if (config.idempotent()) {
            store.complete(event.key(), clock.instant().plus(config.idempotencyExpiry()));
        }
        Crash crash = faults.afterSideEffect(delivery);
        if (crash == Crash.NONE) {
            delete(message);
        }
        return crash;
    }

    private void sideEffect(BusquakeEvent event) throws InterruptedException {
        if (!config.processingTime().isZero()) {
            TimeUnit.NANOSECONDS.sleep(config.processingTime().toNanos());
        }
        ledger.recordProcessed(event.seq(), event.key());
        counters.add(Kind.SIDE_EFFECT);
    }

    private void delete(Message message) {
        try {
            sqs.deleteMessage(b -> b.queueUrl(config.queueUrl()).receiptHandle(message.receiptHandle()));
            counters.add(Kind.DELETED);
        } catch (SdkException e) {
            // Typically a stale receipt handle: the message was redelivered while held, and the newer copy decides.
            counters.add(Kind.ERROR);
            LOG.debug("consumer {}: DeleteMessage of {} failed: {}", config.targetId(), message.messageId(),
                    e.getMessage());
        }
    }

    private void expireVisibility(Message message) {
        try {
            sqs.changeMessageVisibility(b -> b.queueUrl(config.queueUrl()).receiptHandle(message.receiptHandle())
                    .visibilityTimeout(0));
        } catch (SdkException e) {
            counters.add(Kind.ERROR);
            LOG.debug("consumer {}: ChangeMessageVisibility of {} failed: {}", config.targetId(),
                    message.messageId(), e.getMessage());
        }
    }

    private static int receiveCount(Message message) {
        String count = message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        try {
            return count == null ? 1 : Math.max(1, Integer.parseInt(count));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }
}

package io.busquake.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.busquake.consume.ConsumerFaults.Crash;
import io.busquake.emulator.EmulatorFixture;
import io.busquake.ledger.Ledger;
import io.busquake.ledger.SequenceSet;
import io.busquake.ledger.TargetLedger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The consumer against the embedded endpoint and ElasticMQ, over sockets: real deliveries, real redeliveries. */
class QueueConsumerTest {
    private static final int EVENTS = 25;
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final EmulatorFixture fx = new EmulatorFixture();
    private final Ledger ledger = Ledger.create();
    private final TargetLedger orders = ledger.target("orders");
    private String queueUrl;
    private long sentAtMicros;

    @BeforeEach
    void topology() {
        queueUrl = fx.queueForEvents("orders");
        fx.events.putRule(b -> b.name("orders").eventPattern("{\"source\":[\"busquake.test\"]}"));
        fx.events.putTargets(b -> b.rule("orders").targets(t -> t.id("q").arn(fx.emulator.queueArn("orders"))));
        sentAtMicros = micros(fx.clock.instant()) - 2_000;
        publish(EVENTS);
    }

    @AfterEach
    void close() {
        fx.close();
    }

    private void publish(int n) {
        List<PutEventsRequestEntry> entries = new ArrayList<>();
        for (int seq = 0; seq < n; seq++) {
            entries.add(PutEventsRequestEntry.builder().source("busquake.test").detailType("OrderPlaced")
                    .detail("{\"orderId\":" + seq + ",\"busquake\":{\"runId\":\"run-1\",\"injector\":\"i-0\","
                            + "\"seq\":" + seq + ",\"key\":\"order-" + seq + "\",\"sentAtMicros\":" + sentAtMicros
                            + "}}")
                    .build());
        }
        for (int from = 0; from < n; from += 10) {
            List<PutEventsRequestEntry> batch = entries.subList(from, Math.min(n, from + 10));
            assertThat(fx.events.putEvents(b -> b.entries(batch)).failedEntryCount()).isZero();
        }
        fx.settle();
    }

    private QueueConsumer.Builder consumer(ConsumerConfig config) {
        return QueueConsumer.builder(config).sqs(fx.sqs).ledger(ledger).clock(fx.clock);
    }

    private ConsumerConfig config() {
        // A one-second long poll keeps close() quick; the drain still waits for it.
        return ConsumerConfig.of("orders", queueUrl).withConcurrency(2).withWaitTimeSeconds(1);
    }

    private static void awaitOrFail(QueueConsumer consumer, Predicate<ConsumerStats> condition, String what)
            throws InterruptedException {
        if (!consumer.await(condition, DEADLINE)) {
            throw new AssertionError("consumer did not reach '" + what + "' within " + DEADLINE + ": "
                    + consumer.stats());
        }
    }

    @Test
    void everyDelivery_andEverySideEffect_isRecordedWithItsLatency() throws Exception {
        fx.sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("{\"not\":\"an event\"}"));
        try (QueueConsumer consumer = consumer(config()).start()) {
            awaitOrFail(consumer, s -> s.deleted() == EVENTS + 1, "every message deleted");
        }

        SequenceSet all = SequenceSet.range(0, EVENTS);
        assertThat(orders.delivered()).isEqualTo(all);
        assertThat(orders.processed()).isEqualTo(all);
        assertThat(orders.deliveredMoreThanOnce().isEmpty()).isTrue();
        assertThat(orders.processedMoreThanOnce().isEmpty()).isTrue();
        // The consumer reads receipt times from the run's (virtual) clock: 2 ms after the events were sent.
        assertThat(orders.latencyMicros().getTotalCount()).isEqualTo(EVENTS);
        assertThat(orders.latencyMicros().getMaxValue()).isBetween(1_999L, 2_001L);
        assertThat(fx.drain(queueUrl)).isEmpty();
    }

    @Test
    void closedConsumer_stopsReceiving_andLeavesLaterMessagesInTheQueue() throws Exception {
        try (QueueConsumer consumer = consumer(config()).start()) {
            awaitOrFail(consumer, s -> s.deleted() == EVENTS, "every message deleted");
        }
        publish(3);

        assertThat(fx.drain(queueUrl)).hasSize(3);
        assertThat(orders.delivered().count()).isEqualTo(EVENTS);
    }

    /** crash-consumer: a worker dies after the side effect of each even event's first delivery. */
    private static final class CrashOnEvenFirstReceipt implements ConsumerFaults {
        final Set<Long> crashed = ConcurrentHashMap.newKeySet();

        @Override
        public Crash afterSideEffect(Delivery delivery) {
            if (delivery.seq() % 2 == 0 && delivery.receiveCount() == 1) {
                crashed.add(delivery.seq());
                return Crash.ABANDON_AND_EXPIRE_VISIBILITY;
            }
            return Crash.NONE;
        }
    }

    @Test
    void crashedWorkers_withIdempotency_performEachKeysSideEffectExactlyOnce() throws Exception {
        CrashOnEvenFirstReceipt faults = new CrashOnEvenFirstReceipt();
        ConsumerStats stats;
        try (QueueConsumer consumer = consumer(config()).faults(faults).start()) {
            awaitOrFail(consumer, s -> s.deleted() == EVENTS, "every message deleted");
            stats = consumer.stats();
        }

        assertThat(faults.crashed).isNotEmpty();
        assertThat(stats.crashes()).isEqualTo(faults.crashed.size());
        assertThat(stats.skippedCompleted()).isGreaterThanOrEqualTo(faults.crashed.size());
        assertThat(orders.deliveredMoreThanOnce().first(EVENTS)).containsAll(faults.crashed);
        assertThat(orders.processed()).isEqualTo(SequenceSet.range(0, EVENTS));
        assertThat(orders.processedMoreThanOnce().isEmpty()).isTrue();
        assertThat(stats.sideEffects()).isEqualTo(EVENTS);
    }

    @Test
    void crashedWorkers_withoutIdempotency_repeatTheSideEffectOfEveryCrashedDelivery() throws Exception {
        CrashOnEvenFirstReceipt faults = new CrashOnEvenFirstReceipt();
        try (QueueConsumer consumer = consumer(config().withIdempotent(false)).faults(faults).start()) {
            awaitOrFail(consumer, s -> s.deleted() == EVENTS, "every message deleted");
        }

        assertThat(faults.crashed).isNotEmpty();
        assertThat(orders.processed()).isEqualTo(SequenceSet.range(0, EVENTS));
        assertThat(orders.processedMoreThanOnce().first(EVENTS)).containsExactlyInAnyOrderElementsOf(faults.crashed);
        assertThat(orders.deliveredMoreThanOnce().first(EVENTS)).containsAll(faults.crashed);
        assertThat(orders.firstDuplicateEffects(1).get(0).idempotencyKey())
                .contains("order-" + faults.crashed.stream().min(Long::compare).orElseThrow());
    }

    /** slow-consumer: event 3's first receiver holds it until SQS has handed a copy to another worker. */
    private static ConsumerFaults holdSeq3Until(AtomicReference<QueueConsumer> consumer,
            Predicate<ConsumerStats> redelivered) {
        return new ConsumerFaults() {
            @Override
            public void holdBeforeSideEffect(Delivery delivery, HeldMessage message) throws InterruptedException {
                if (delivery.seq() == 3 && delivery.receiveCount() == 1) {
                    message.expireVisibility();
                    awaitOrFail(consumer.get(), redelivered, "event 3 redelivered while held");
                }
            }
        };
    }

    @Test
    void slowWorker_withoutIdempotency_letsTheRedeliveredCopyRepeatTheSideEffect() throws Exception {
        AtomicReference<QueueConsumer> ref = new AtomicReference<>();
        // The copy's side effect is in the ledger before the count that wakes this condition goes up.
        ConsumerFaults faults = holdSeq3Until(ref, s -> orders.processed().contains(3));
        try (QueueConsumer consumer = consumer(config().withIdempotent(false)).faults(faults).start()) {
            ref.set(consumer);
            awaitOrFail(consumer, s -> s.sideEffects() == EVENTS + 1, "the held event processed too");
        }

        assertThat(orders.processedMoreThanOnce()).isEqualTo(SequenceSet.of(3));
        assertThat(orders.deliveredMoreThanOnce()).isEqualTo(SequenceSet.of(3));
    }

    @Test
    void slowWorker_withIdempotency_makesTheRedeliveredCopyWait_andPerformsTheSideEffectOnce() throws Exception {
        AtomicReference<QueueConsumer> ref = new AtomicReference<>();
        ConsumerFaults faults = holdSeq3Until(ref, s -> s.inProgressConflicts() >= 1);
        // The copy turned away while event 3 is in progress comes back after this visibility timeout (wall time).
        // The held worker's delete fails: ElasticMQ, like SQS, deletes only with the latest receipt handle, so the
        // copy that comes back is the one deleted (as already completed) and the count of deletions is exact.
        ConsumerConfig config = config().withVisibility(ConsumerConfig.Visibility.ofSeconds(1));
        ConsumerStats stats;
        try (QueueConsumer consumer = consumer(config).faults(faults).start()) {
            ref.set(consumer);
            awaitOrFail(consumer, s -> s.sideEffects() == EVENTS && s.deleted() == EVENTS,
                    "every side effect done and every message deleted");
            stats = consumer.stats();
        }

        assertThat(stats.inProgressConflicts()).isGreaterThanOrEqualTo(1);
        assertThat(orders.processed()).isEqualTo(SequenceSet.range(0, EVENTS));
        assertThat(orders.processedMoreThanOnce().isEmpty()).isTrue();
        assertThat(orders.deliveredMoreThanOnce().contains(3)).isTrue();
        assertThat(fx.sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes())
                .isEqualTo(Map.of(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0",
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0"));
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }
}

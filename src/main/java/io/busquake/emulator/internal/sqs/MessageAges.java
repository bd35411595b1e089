package io.busquake.emulator.internal.sqs;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.Props;
import org.elasticmq.actor.queue.OperationSuccessful$;
import org.elasticmq.actor.queue.QueueEvent;

/**
 * When each message now in an ElasticMQ queue entered it, on the emulator's clock: what AWS/SQS's
 * ApproximateAgeOfOldestMessage is computed from.
 *
 * <p>ElasticMQ's own timestamps cannot be used: it stamps a new message with the wall clock
 * ({@code OffsetDateTime.now()}, no clock to inject), while metric minutes run on the emulator's clock, a
 * {@code VirtualClock} in tests, where a message would stay a few milliseconds old through ten virtual minutes. So
 * busquake listens to ElasticMQ's queue events (the hook its persistence uses) and stamps each message with the
 * emulator's clock as it enters a queue. ElasticMQ answers a send, receive or delete only after the listener has
 * acknowledged the event, so a message is stamped before its sender (a client through the endpoint, or a rule
 * delivery) hears that it was sent, and so before a test can advance the clock. The one listener sees every way
 * into a queue: SendMessage and SendMessageBatch, rule deliveries, and moves to a redrive dead-letter queue, which
 * count from the move as AWS counts them (the dead-letter queue's actor makes the move alongside the receive that
 * triggers it, so the move is stamped within moments of that receive rather than before its answer).
 */
final class MessageAges {
    /**
     * AWS: a standard-queue message received this many times and not deleted goes to the back of the queue, and its
     * age stops counting until it is deleted (a poison pill). FIFO queues keep their order, so theirs keep counting.
     */
    static final int POISON_PILL_RECEIVES = 3;

    private final Clock clock;
    private final Map<String, QueueMessages> queues = new ConcurrentHashMap<>();

    MessageAges(Clock clock) {
        this.clock = clock;
    }

    /** The listener actor to hand ElasticMQ's queue manager. */
    Props listener() {
        return Props.create(Listener.class, () -> new Listener(this));
    }

    void added(String queue, String messageId, boolean fifo) {
        queues.computeIfAbsent(queue, q -> new QueueMessages(fifo)).add(messageId, clock.millis());
    }

    void received(String queue, String messageId, int receiveCount) {
        QueueMessages messages = queues.get(queue);
        if (messages != null) {
            messages.received(messageId, receiveCount);
        }
    }

    void removed(String queue, String messageId) {
        QueueMessages messages = queues.get(queue);
        if (messages != null) {
            messages.remove(messageId);
        }
    }

    /** Drops what is known of a queue that was just created or deleted. */
    void forgetQueue(String queue) {
        queues.remove(queue);
    }

    /** Marks how far the queue's messages go now, before a purge: {@link #purged} drops those. */
    long mark(String queue) {
        QueueMessages messages = queues.get(queue);
        return messages == null ? 0 : messages.lastSequence();
    }

    /**
     * Drops the messages that arrived before {@code mark}: a purge removed them, and ElasticMQ tells no listener of
     * it. Messages sent while the purge ran may or may not be gone; {@link #oldest} checks them.
     */
    void purged(String queue, long mark) {
        QueueMessages messages = queues.get(queue);
        if (messages != null) {
            messages.removeUpTo(mark);
        }
    }

    /**
     * How long the oldest counted message has been in the queue, or empty when none is counted (AWS then publishes
     * nothing). Messages in flight and delayed ones count: they are not deleted. {@code stillQueued} checks the
     * candidate with ElasticMQ, which removes messages no listener hears of (a purge racing a send); one it no
     * longer holds is forgotten and the next is tried.
     */
    Optional<Duration> oldest(String queue, Predicate<String> stillQueued) {
        QueueMessages messages = queues.get(queue);
        if (messages == null) {
            return Optional.empty();
        }
        while (true) {
            Map.Entry<String, Long> first = messages.firstCounted();
            if (first == null) {
                return Optional.empty();
            }
            if (stillQueued.test(first.getKey())) {
                return Optional.of(Duration.ofMillis(Math.max(0, clock.millis() - first.getValue())));
            }
            messages.remove(first.getKey());
        }
    }

    /** One queue's messages in the order they arrived, which is also the order of their stamps. */
    private static final class QueueMessages {
        private final boolean fifo;
        private final LinkedHashMap<String, Entry> byId = new LinkedHashMap<>();
        private long sequence;

        QueueMessages(boolean fifo) {
            this.fifo = fifo;
        }

        synchronized void add(String id, long enteredMillis) {
            if (!byId.containsKey(id)) {
                byId.put(id, new Entry(++sequence, enteredMillis));
            }
        }

        synchronized long lastSequence() {
            return sequence;
        }

        synchronized void removeUpTo(long mark) {
            for (Iterator<Entry> it = byId.values().iterator(); it.hasNext() && it.next().sequence <= mark; ) {
                it.remove();
            }
        }

        synchronized void received(String id, int receiveCount) {
            Entry e = byId.get(id);
            if (e != null) {
                e.receiveCount = receiveCount;
            }
        }

        synchronized void remove(String id) {
            byId.remove(id);
        }

        /** The earliest message whose age counts, with its stamp in epoch milliseconds, or null. */
        synchronized Map.Entry<String, Long> firstCounted() {
            for (Map.Entry<String, Entry> e : byId.entrySet()) {
                if (fifo || e.getValue().receiveCount < POISON_PILL_RECEIVES) {
                    return Map.entry(e.getKey(), e.getValue().enteredMillis);
                }
            }
            return null;
        }
    }

    private static final class Entry {
        final long sequence;
        final long enteredMillis;
        int receiveCount;

        Entry(long sequence, long enteredMillis) {
            this.sequence = sequence;
            this.enteredMillis = enteredMillis;
        }
    }

    /**
     * Receives ElasticMQ's queue events. Message events are asked, and ElasticMQ holds its answer to the caller until
     * they are acknowledged, so this acknowledges each one even if recording it failed; queue events are told.
     */
    static final class Listener extends AbstractActor {
        private final MessageAges ages;

        Listener(MessageAges ages) {
            this.ages = ages;
        }

        @Override
        public Receive createReceive() {
            return receiveBuilder()
                    .match(QueueEvent.MessageAdded.class, e -> acknowledgeAfter(() -> ages.added(e.queueName(),
                            e.message().id(), e.message().isFifo())))
                    .match(QueueEvent.MessageUpdated.class, e -> acknowledgeAfter(() -> ages.received(e.queueName(),
                            e.message().id(), e.message().receiveCount())))
                    .match(QueueEvent.MessageRemoved.class, e -> acknowledgeAfter(() -> ages.removed(e.queueName(),
                            e.messageId())))
                    .match(QueueEvent.QueueCreated.class, e -> ages.forgetQueue(e.queue().name()))
                    .match(QueueEvent.QueueDeleted.class, e -> ages.forgetQueue(e.queueName()))
                    .matchAny(e -> {
                        // QueueMetadataUpdated: attributes do not change when messages entered.
                    })
                    .build();
        }

        private void acknowledgeAfter(Runnable record) {
            try {
                record.run();
            } finally {
                getSender().tell(OperationSuccessful$.MODULE$, getSelf());
            }
        }
    }
}

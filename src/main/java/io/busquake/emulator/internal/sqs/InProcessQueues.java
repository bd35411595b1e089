package io.busquake.emulator.internal.sqs;

import io.busquake.emulator.internal.Ids;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.actor.Terminated;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.ImmediateNextDelivery$;
import org.elasticmq.Limits;
import org.elasticmq.MessageAttribute;
import org.elasticmq.MessageContent;
import org.elasticmq.MessageData;
import org.elasticmq.MessageId;
import org.elasticmq.NewMessageData;
import org.elasticmq.StringMessageAttribute;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.msg.LookupMessage;
import org.elasticmq.msg.LookupQueue;
import org.elasticmq.msg.SendMessage;
import org.elasticmq.util.NowProvider;
import scala.Option;

/**
 * Sends to ElasticMQ's queue actors directly, in the JVM. Rule deliveries take this path: ElasticMQ's REST front
 * end costs more CPU per message than everything else a delivery does, and the messages land in the same queues
 * that clients read over HTTP. Its queue manager also reports every queue's message events to {@link MessageAges}.
 */
final class InProcessQueues implements AutoCloseable {
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);

    private final ActorSystem system;
    private final ActorRef manager;
    private final MessageAges ages;
    /** Queue actors by queue name; dropped when the queue is deleted or recreated, since its actor changes. */
    private final Map<String, ActorRef> queues = new ConcurrentHashMap<>();

    InProcessQueues(Limits limits, Clock clock) {
        system = ActorSystem.create("elasticmq");
        ages = new MessageAges(clock);
        ActorRef listener = system.actorOf(ages.listener(), "message-ages");
        manager = system.actorOf(Props.create(QueueManagerActor.class, new NowProvider(), limits, Option.apply(listener)));
        replies = system.actorOf(Props.create(Replies.class, () -> new Replies(awaiting)), "delivery-replies");
    }

    ActorSystem system() {
        return system;
    }

    ActorRef manager() {
        return manager;
    }

    void forget(String queueName) {
        ActorRef gone = queues.remove(queueName);
        if (gone != null) {
            watched.remove(gone);
        }
    }

    /** Marks the queue's messages before a purge, which ElasticMQ tells no listener of; see {@link #purged}. */
    long markBeforePurge(String queueName) {
        return ages.mark(queueName);
    }

    /** After a purge: the messages up to {@code mark} are gone. */
    void purged(String queueName, long mark) {
        ages.purged(queueName, mark);
    }

    /** How long the queue's oldest message has been in it, as AWS/SQS counts it; empty when none counts. */
    Optional<Duration> ageOfOldestMessage(String queueName) {
        return ages.oldest(queueName, id -> holds(queueName, id));
    }

    /** Whether the queue still holds the message; when ElasticMQ does not answer, it is assumed to. */
    private boolean holds(String queueName, String messageId) {
        try {
            ActorRef queue = queue(queueName);
            if (queue == null) {
                return false;
            }
            Object answer = Patterns.ask(queue, new LookupMessage(new MessageId(messageId)), ASK_TIMEOUT)
                    .toCompletableFuture().get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return ((Option<?>) answer).isDefined();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } catch (Exception e) {
            return true;
        }
    }

    /** The queue's actor, or null when no such queue exists. */
    @SuppressWarnings("unchecked")
    private ActorRef queue(String name) throws Exception {
        ActorRef known = queues.get(name);
        if (known != null) {
            return known;
        }
        Object answer = Patterns.ask(manager, new LookupQueue(name), ASK_TIMEOUT).toCompletableFuture()
                .get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Option<ActorRef> found = (Option<ActorRef>) answer;
        if (found.isEmpty()) {
            return null;
        }
        queues.put(name, found.get());
        return found.get();
    }

    /**
     * Sends each message to the queue; answers null when the queue does not exist, else one flag per message
     * (true when ElasticMQ took it). Each message gets its id here and is told to the queue's actor on behalf of
     * {@link Replies}, which matches ElasticMQ's answers to their messages by that id: an ask per message would cost
     * a temporary actor and a scheduler entry that lives for the whole ask timeout, ten seconds of garbage per
     * message that survives every young collection in between.
     */
    boolean[] send(String queueName, List<SqsBackend.OutgoingMessage> messages) throws Exception {
        ActorRef queue = queue(queueName);
        if (queue == null) {
            return null;
        }
        if (watched.add(queue)) {
            replies.tell(new Watch(queue), ActorRef.noSender());
        }
        Batch batch = new Batch(messages.size());
        String[] ids = new String[messages.size()];
        for (int i = 0; i < ids.length; i++) {
            SqsBackend.OutgoingMessage m = messages.get(i);
            scala.collection.immutable.Map<String, MessageAttribute> attributes = scala.collection.immutable.Map$.MODULE$
                    .empty();
            for (Map.Entry<String, String> a : m.attributes().entrySet()) {
                attributes = attributes.updated(a.getKey(), new StringMessageAttribute(a.getValue(), Option.empty()));
            }
            ids[i] = Ids.uuid();
            NewMessageData data = new NewMessageData(Option.apply(new MessageId(ids[i])), new MessageContent(m.body()),
                    attributes, ImmediateNextDelivery$.MODULE$, Option.empty(), Option.empty(), 0, Option.empty(),
                    Option.empty(), Option.empty());
            awaiting.put(ids[i], new Slot(batch, i, queue));
            queue.tell(new SendMessage(data), replies);
        }
        try {
            batch.answered.await(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            for (String id : ids) {
                awaiting.remove(id);
            }
        }
        synchronized (batch) {
            return batch.sent.clone();
        }
    }

    /** The messages of one {@link #send} call: which ElasticMQ has taken, and a count of those not yet answered. */
    private static final class Batch {
        final boolean[] sent;
        final CountDownLatch answered;

        Batch(int size) {
            sent = new boolean[size];
            answered = new CountDownLatch(size);
        }
    }

    private record Slot(Batch batch, int index, ActorRef queue) {
        /** Counts the message off as answered; {@code sent} when ElasticMQ took it. */
        void answer(boolean sent) {
            if (sent) {
                synchronized (batch) {
                    batch.sent[index] = true;
                }
            }
            batch.answered.countDown();
        }
    }

    /** Asks {@link Replies} to watch a queue's actor: when it stops, its unanswered messages were not sent. */
    private record Watch(ActorRef queue) {
    }

    /** Queue actors {@link Replies} watches. */
    private final java.util.Set<ActorRef> watched = ConcurrentHashMap.newKeySet();

    /** Messages sent and not yet answered, by message id. */
    private final Map<String, Slot> awaiting = new ConcurrentHashMap<>();
    private final ActorRef replies;

    /** Receives ElasticMQ's answers to {@link #send}: the sent message's data, whose id finds its slot. */
    private static final class Replies extends AbstractActor {
        private final Map<String, Slot> awaiting;

        Replies(Map<String, Slot> awaiting) {
            this.awaiting = awaiting;
        }

        @Override
        public Receive createReceive() {
            return receiveBuilder()
                    .match(MessageData.class, data -> {
                        Slot slot = awaiting.remove(data.id().id());
                        if (slot != null) {
                            slot.answer(true);
                        }
                    })
                    .match(Watch.class, w -> getContext().watch(w.queue()))
                    .match(Terminated.class, t -> {
                        // The queue was deleted (or recreated) with messages on their way: none will be answered.
                        awaiting.entrySet().removeIf(e -> {
                            if (e.getValue().queue().equals(t.getActor())) {
                                e.getValue().answer(false);
                                return true;
                            }
                            return false;
                        });
                    })
                    .matchAny(other -> {
                        // A failure carries no message id; its message stays unanswered and counts as not sent.
                    })
                    .build();
        }
    }

    @Override
    public void close() {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Shutting down: a slow actor system termination leaves only daemon threads behind.
        }
    }
}

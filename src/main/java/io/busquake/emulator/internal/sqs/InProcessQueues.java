package io.busquake.emulator.internal.sqs;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.ImmediateNextDelivery$;
import org.elasticmq.Limits;
import org.elasticmq.MessageAttribute;
import org.elasticmq.MessageContent;
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
    }

    ActorSystem system() {
        return system;
    }

    ActorRef manager() {
        return manager;
    }

    void forget(String queueName) {
        queues.remove(queueName);
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
     * (true when ElasticMQ took it).
     */
    boolean[] send(String queueName, List<SqsBackend.OutgoingMessage> messages) throws Exception {
        ActorRef queue = queue(queueName);
        if (queue == null) {
            return null;
        }
        List<CompletableFuture<Object>> replies = new ArrayList<>(messages.size());
        for (SqsBackend.OutgoingMessage m : messages) {
            scala.collection.immutable.Map<String, MessageAttribute> attributes = scala.collection.immutable.Map$.MODULE$
                    .empty();
            for (Map.Entry<String, String> a : m.attributes().entrySet()) {
                attributes = attributes.updated(a.getKey(), new StringMessageAttribute(a.getValue(), Option.empty()));
            }
            NewMessageData data = new NewMessageData(Option.empty(), new MessageContent(m.body()), attributes,
                    ImmediateNextDelivery$.MODULE$, Option.empty(), Option.empty(), 0, Option.empty(), Option.empty(),
                    Option.empty());
            replies.add(Patterns.ask(queue, new SendMessage(data), ASK_TIMEOUT).toCompletableFuture());
        }
        boolean[] sent = new boolean[messages.size()];
        for (int i = 0; i < sent.length; i++) {
            try {
                replies.get(i).get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                sent[i] = true;
            } catch (Exception e) {
                sent[i] = false;
            }
        }
        return sent;
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

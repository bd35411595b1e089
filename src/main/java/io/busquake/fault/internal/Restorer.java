package io.busquake.fault.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDeletedRecentlyException;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Applies a journal's restore specs. The same code undoes a fault at its end and in {@code rollback}, and every
 * restore first reads the resource and changes it only if it differs, so undo is idempotent: a second undo (or a
 * rollback after a clean end) changes nothing.
 */
public final class Restorer {
    /** Queue attributes SQS computes; never set, never compared. */
    static final Set<String> READ_ONLY_ATTRIBUTES = Set.of("QueueArn", "ApproximateNumberOfMessages",
            "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed", "CreatedTimestamp",
            "LastModifiedTimestamp");

    private final SqsClient sqs;
    private final EventBridgeClient events;
    private final ControlPath control;

    public Restorer(SqsClient sqs, EventBridgeClient events, ControlPath control) {
        this.sqs = sqs;
        this.events = events;
        this.control = control;
    }

    /** The outcome of one restore. */
    public record Outcome(boolean changed, String detail) {
    }

    public Outcome restore(JsonNode spec) {
        String action = spec.path("action").asText();
        return switch (action) {
            case "queue-policy" -> queuePolicy(spec.path("queueName").asText(), spec.path("policy").asText(""));
            case "queue" -> queue(spec);
            case "rule-state" -> ruleState(spec.path("rule").asText(), spec.path("bus").asText(),
                    spec.path("state").asText());
            case "target-fault" -> targetFault(spec.path("arn").asText(), spec.get("previous"));
            case "put-events-tps" -> putEventsTps(spec.path("tps").asDouble());
            case "in-process" -> new Outcome(false, spec.path("what").asText()
                    + ": lived in the run's process and ended with it");
            default -> throw new IllegalStateException("unknown restore action '" + action + "'; allowed: queue-policy,"
                    + " queue, rule-state, target-fault, put-events-tps, in-process");
        };
    }

    private Optional<String> queueUrl(String name) {
        try {
            return Optional.of(sqs.getQueueUrl(b -> b.queueName(name)).queueUrl());
        } catch (QueueDoesNotExistException e) {
            return Optional.empty();
        }
    }

    private Outcome queuePolicy(String queueName, String policy) {
        Optional<String> url = queueUrl(queueName);
        if (url.isEmpty()) {
            return new Outcome(false, "queue " + queueName + " no longer exists; no Policy to restore on it");
        }
        String current = sqs.getQueueAttributes(b -> b.queueUrl(url.get()).attributeNames(QueueAttributeName.POLICY))
                .attributes().getOrDefault(QueueAttributeName.POLICY, "");
        if (current.equals(policy)) {
            return new Outcome(false, "queue " + queueName + " Policy already as before");
        }
        sqs.setQueueAttributes(b -> b.queueUrl(url.get()).attributes(Map.of(QueueAttributeName.POLICY, policy)));
        return new Outcome(true, "queue " + queueName + " Policy restored (SetQueueAttributes)");
    }

    private Outcome queue(JsonNode spec) {
        String name = spec.path("queueName").asText();
        Map<String, String> wanted = new LinkedHashMap<>();
        spec.path("attributes").fields().forEachRemaining(e -> wanted.put(e.getKey(), e.getValue().asText()));
        Map<String, String> tags = new LinkedHashMap<>();
        spec.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        Optional<String> url = queueUrl(name);
        if (url.isEmpty()) {
            try {
                sqs.createQueue(b -> b.queueName(name).attributesWithStrings(wanted).tags(tags));
            } catch (QueueDeletedRecentlyException e) {
                throw new IllegalStateException("queue " + name + " cannot be recreated yet: AWS refuses a queue name"
                        + " for 60 s after DeleteQueue. Fix: run rollback again in a minute", e);
            }
            return new Outcome(true, "queue " + name + " recreated (CreateQueue with its " + wanted.size()
                    + " attributes" + (tags.isEmpty() ? "" : " and " + tags.size() + " tags") + ")");
        }
        Map<String, String> current = sqs.getQueueAttributes(b -> b.queueUrl(url.get()).attributeNamesWithStrings("All"))
                .attributesAsStrings();
        Map<String, String> differing = new LinkedHashMap<>();
        wanted.forEach((key, value) -> {
            if (!value.equals(current.getOrDefault(key, ""))) {
                differing.put(key, value);
            }
        });
        if (differing.isEmpty()) {
            return new Outcome(false, "queue " + name + " exists with its attributes as before");
        }
        sqs.setQueueAttributes(b -> b.queueUrl(url.get()).attributesWithStrings(differing));
        return new Outcome(true, "queue " + name + " attributes " + differing.keySet() + " restored");
    }

    private Outcome ruleState(String rule, String bus, String state) {
        String current = events.describeRule(b -> b.name(rule).eventBusName(bus)).stateAsString();
        if (state.equals(current)) {
            return new Outcome(false, "rule " + rule + " already " + state);
        }
        if ("ENABLED".equals(state)) {
            events.enableRule(b -> b.name(rule).eventBusName(bus));
        } else {
            events.disableRule(b -> b.name(rule).eventBusName(bus));
        }
        return new Outcome(true, "rule " + rule + " " + state + " again");
    }

    private Outcome targetFault(String arn, JsonNode previous) {
        Optional<JsonNode> current = control.targetFault(arn);
        boolean hadNone = previous == null || previous.isNull();
        if (hadNone) {
            if (current.isEmpty()) {
                return new Outcome(false, "no injected failures on " + arn + ", as before");
            }
            control.clearTargetFault(arn);
            return new Outcome(true, "injected failures on " + arn + " cleared (" + control.uri() + ")");
        }
        if (current.isPresent() && current.get().equals(previous)) {
            return new Outcome(false, "the fault on " + arn + " is already as before");
        }
        control.setTargetFault(arn, (ObjectNode) previous);
        return new Outcome(true, "the fault on " + arn + " put back as before");
    }

    private Outcome putEventsTps(double tps) {
        double current = control.putEventsTps();
        if (Double.compare(current, tps) == 0) {
            return new Outcome(false, "PutEvents quota already " + plain(tps) + " TPS");
        }
        control.setPutEventsTps(tps);
        return new Outcome(true, "PutEvents quota back to " + plain(tps) + " TPS");
    }

    static String plain(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}

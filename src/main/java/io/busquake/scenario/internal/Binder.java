package io.busquake.scenario.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.busquake.scenario.AlarmDefinition;
import io.busquake.scenario.Consumer;
import io.busquake.scenario.Expect;
import io.busquake.scenario.Fault;
import io.busquake.scenario.Load;
import io.busquake.scenario.Scenario;
import io.busquake.scenario.Target;
import io.busquake.scenario.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Turns a validated tree, schema defaults filled in, into the {@link Scenario} records, adding the defaults that
 * depend on other fields (credentials by target type, target ids, fault parameters by fault type...).
 */
public final class Binder {
    private static final List<Fault.PoisonKind> ALL_POISON = List.of(Fault.PoisonKind.values());

    private Binder() {
    }

    public static Scenario bind(JsonNode root, String defaultName) {
        Topology topology = topology(root.get("topology"));
        List<AlarmDefinition> alarms = root.get("alarms").isTextual() ? Scenario.recommendedAlarmsFor(topology)
                : list(root.get("alarms"), Binder::alarm);
        Load load = load(root.get("load"));
        return new Scenario(
                root.path("name").asText(defaultName),
                root.get("description").asText(),
                target(root.get("target")),
                topology,
                alarms,
                load,
                faults(root.get("faults")),
                consumers(root.get("consumers")),
                expect(root.get("expect")),
                root.has("duration") ? duration(root.get("duration")) : load.totalDuration(),
                duration(root.get("settle")));
    }

    private static Target target(JsonNode node) {
        Target.Type type = Target.Type.fromYaml(node.get("type").asText());
        JsonNode credentials = node.path("credentials");
        Target.Credentials.Source source = credentials.has("type")
                ? Target.Credentials.Source.fromYaml(credentials.get("type").asText())
                : type == Target.Type.AWS ? Target.Credentials.Source.DEFAULT_CHAIN : Target.Credentials.Source.TEST;
        return new Target(type, text(node, "endpoint"), node.get("region").asText(),
                node.path("account").asText(Target.LOCAL_ACCOUNT),
                new Target.Credentials(source, text(credentials, "profile")));
    }

    private static Topology topology(JsonNode node) {
        Map<String, Topology.Bus> buses = new LinkedHashMap<>();
        node.get("buses").fields().forEachRemaining(bus -> buses.put(bus.getKey(),
                new Topology.Bus(bus.getKey(), bus.getValue().path("description").asText(""))));
        Map<String, Topology.Rule> rules = new LinkedHashMap<>();
        node.get("rules").fields().forEachRemaining(rule -> rules.put(rule.getKey(), rule(rule.getKey(), rule.getValue())));
        Map<String, Topology.Queue> queues = new LinkedHashMap<>();
        node.get("queues").fields().forEachRemaining(queue -> queues.put(queue.getKey(),
                queue(queue.getKey(), queue.getValue())));
        return new Topology(Topology.Provision.fromYaml(node.get("provision").asText()), buses, rules, queues);
    }

    private static Topology.Rule rule(String name, JsonNode node) {
        return new Topology.Rule(name, node.get("bus").asText(), node.get("description").asText(),
                node.get("state").asText(), node.get("pattern").toString(), list(node.get("targets"), Binder::ruleTarget));
    }

    private static Topology.RuleTarget ruleTarget(JsonNode node) {
        Optional<String> queue = text(node, "queue");
        Optional<String> bus = text(node, "bus");
        JsonNode retry = node.get("retryPolicy");
        Topology.RetryPolicy retryPolicy = retry == null ? Topology.RetryPolicy.AWS_DEFAULT
                : new Topology.RetryPolicy(retry.get("maximumRetryAttempts").asInt(),
                retry.get("maximumEventAgeSeconds").asInt());
        Optional<Topology.InputTransformer> transformer = Optional.ofNullable(node.get("inputTransformer"))
                .map(t -> new Topology.InputTransformer(stringMap(t.get("inputPathsMap")), t.get("inputTemplate").asText()));
        return new Topology.RuleTarget(node.path("id").asText(queue.or(() -> bus).orElseThrow()), queue, bus,
                retryPolicy, text(node, "deadLetterQueue"), Optional.ofNullable(node.get("input")).map(JsonNode::toString),
                text(node, "inputPath"), transformer, text(node, "messageGroupId"));
    }

    private static Topology.Queue queue(String name, JsonNode node) {
        return new Topology.Queue(name, node.get("fifo").asBoolean(), node.get("contentBasedDeduplication").asBoolean(),
                node.get("visibilityTimeoutSeconds").asInt(), node.get("messageRetentionSeconds").asInt(),
                node.get("delaySeconds").asInt(), node.get("receiveMessageWaitTimeSeconds").asInt(),
                node.get("maximumMessageSizeBytes").asInt(), Optional.ofNullable(node.get("policy")).map(JsonNode::toString));
    }

    private static AlarmDefinition alarm(JsonNode node) {
        Optional<String> extended = text(node, "extendedStatistic");
        Optional<String> statistic = text(node, "statistic").or(() -> extended.isPresent() ? Optional.empty()
                : Optional.of("Sum"));
        int evaluationPeriods = node.get("evaluationPeriods").asInt();
        return new AlarmDefinition(node.get("name").asText(), node.get("description").asText(),
                node.get("namespace").asText(), node.get("metric").asText(), stringMap(node.get("dimensions")),
                statistic, extended, duration(node.get("period")), evaluationPeriods,
                node.path("datapointsToAlarm").asInt(evaluationPeriods), node.get("threshold").asDouble(),
                node.get("comparisonOperator").asText(), node.get("treatMissingData").asText());
    }

    private static Load load(JsonNode node) {
        JsonNode detail = node.get("detail");
        String template = detail.get("template").toString();
        JsonNode retry = node.get("producerRetry");
        JsonNode backoff = retry.get("backoff");
        Set<Load.RetryCause> retryOn = new LinkedHashSet<>();
        retry.get("retryOn").forEach(cause -> retryOn.add(Load.RetryCause.fromYaml(cause.asText())));
        return new Load(node.get("bus").asText(), Load.RateUnit.fromYaml(node.get("unit").asText()),
                node.get("entriesPerRequest").asInt(), duration(node.get("requestTimeout")),
                list(node.get("phases"), Binder::phase),
                list(node.get("mix"), kind -> new Load.EventKind(kind.get("source").asText(),
                        kind.get("detailType").asText(), kind.get("weight").asInt(),
                        kind.has("detail") ? kind.get("detail").toString() : template)),
                new Load.Detail(template, detail.get("sizeBytes").asInt()),
                new Load.ProducerRetry(retry.get("maxAttempts").asInt(), retryOn,
                        new Load.Backoff(duration(backoff.get("initial")), duration(backoff.get("max")),
                                backoff.get("multiplier").asDouble(), Load.Jitter.fromYaml(backoff.get("jitter").asText()))));
    }

    private static Load.Phase phase(JsonNode node) {
        Duration duration = duration(node.get("duration"));
        return switch (node.get("type").asText()) {
            case "constant" -> new Load.Constant(node.get("rate").asDouble(), duration);
            case "ramp" -> new Load.Ramp(node.get("from").asDouble(), node.get("to").asDouble(), duration);
            case "spike" -> new Load.Spike(node.get("rate").asDouble(), node.get("peakRate").asDouble(),
                    duration(node.get("peakDuration")), duration);
            default -> new Load.Stairs(node.get("from").asDouble(), node.get("to").asDouble(),
                    node.get("steps").asInt(), duration);
        };
    }

    private static List<Fault> faults(JsonNode node) {
        List<String> names = FaultNames.of(node);
        List<Fault> faults = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            faults.add(fault(names.get(i), node.get(i)));
        }
        return faults;
    }

    private static Fault fault(String name, JsonNode node) {
        Fault.Type type = Fault.Type.fromYaml(node.get("type").asText());
        OptionalDouble fraction = switch (type) {
            case TARGET_ERRORS -> OptionalDouble.of(node.path("fraction").asDouble(1.0));
            case CRASH_CONSUMER, PRODUCER_RETRIES -> OptionalDouble.of(node.path("fraction").asDouble(0.1));
            default -> OptionalDouble.empty();
        };
        Optional<Fault.TargetErrorMode> mode = type == Fault.Type.TARGET_ERRORS
                ? Optional.of(Fault.TargetErrorMode.fromYaml(node.path("mode").asText("error"))) : Optional.empty();
        Optional<String> errorCode = mode.filter(m -> m == Fault.TargetErrorMode.ERROR)
                .map(m -> node.path("errorCode").asText("INTERNAL_ERROR"));
        List<Fault.PoisonKind> kinds = new ArrayList<>();
        if (type == Fault.Type.POISON_EVENTS) {
            node.path("kinds").forEach(kind -> kinds.add(Fault.PoisonKind.fromYaml(kind.asText())));
            if (kinds.isEmpty()) {
                kinds.addAll(ALL_POISON);
            }
        }
        return new Fault(name, type, text(node, "target"), duration(node.get("startAfter")),
                duration(node.get("duration")), fraction, mode, errorCode,
                Optional.ofNullable(node.get("delay")).map(Binder::duration),
                node.has("tps") ? OptionalInt.of(node.get("tps").asInt()) : OptionalInt.empty(),
                Optional.ofNullable(node.get("processingTime")).map(Binder::duration),
                node.has("rate") ? OptionalDouble.of(node.get("rate").asDouble()) : OptionalDouble.empty(), kinds);
    }

    private static Map<String, Consumer> consumers(JsonNode node) {
        Map<String, Consumer> consumers = new LinkedHashMap<>();
        node.fields().forEachRemaining(entry -> {
            JsonNode consumer = entry.getValue();
            JsonNode visibility = consumer.get("visibility");
            consumers.put(entry.getKey(), new Consumer(entry.getKey(), consumer.get("queue").asText(),
                    consumer.get("concurrency").asInt(), duration(consumer.get("processingTime")),
                    consumer.get("idempotent").asBoolean(), duration(consumer.get("idempotencyExpiry")),
                    consumer.get("batchSize").asInt(), duration(consumer.get("waitTime")),
                    new Consumer.Visibility(visibility.get("heartbeat").asBoolean(),
                            Consumer.OnFailure.fromYaml(visibility.get("onFailure").asText()))));
        });
        return consumers;
    }

    private static Expect expect(JsonNode node) {
        Map<String, Expect.LatencyBudget> latency = new LinkedHashMap<>();
        node.get("latency").fields().forEachRemaining(entry -> latency.put(entry.getKey(), budget(entry.getValue())));
        JsonNode noLoss = node.get("noLoss");
        JsonNode ingest = node.get("ingest");
        Set<String> allowNotVerifiable = new LinkedHashSet<>();
        node.get("allowNotVerifiable").forEach(name -> allowNotVerifiable.add(name.asText()));
        return new Expect(
                list(node.get("alarms"), alarm -> new Expect.AlarmExpectation(alarm.get("alarm").asText(),
                        alarm.get("state").asText(), text(alarm, "fault"), duration(alarm.get("within")),
                        duration(alarm.get("recoverWithin")))),
                list(node.get("dlq"), dlq -> new Expect.DlqExpectation(dlq.get("queue").asText(),
                        dlq.get("errorCode").asText(), dlq.get("exhaustedRetryCondition").asText())),
                new Expect.NoLoss(noLoss.get("enabled").asBoolean(), list(noLoss.get("allowLossDuring"), JsonNode::asText)),
                node.get("noDuplicateEffects").asBoolean(), latency,
                node.has("putEventsLatency") ? budget(node.get("putEventsLatency")) : Expect.LatencyBudget.NONE,
                new Expect.Ingest(ingest.get("maxFailedEntryRatio").asDouble(),
                        ingest.get("maxThrottledRequestRatio").asDouble()),
                allowNotVerifiable);
    }

    private static Expect.LatencyBudget budget(JsonNode node) {
        return new Expect.LatencyBudget(optionalDuration(node, "p50"), optionalDuration(node, "p90"),
                optionalDuration(node, "p99"), optionalDuration(node, "max"));
    }

    private static Optional<Duration> optionalDuration(JsonNode node, String key) {
        return Optional.ofNullable(node.get(key)).map(Binder::duration);
    }

    private static Optional<String> text(JsonNode node, String key) {
        JsonNode value = node == null ? null : node.get(key);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    private static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        if (node != null) {
            node.fields().forEachRemaining(entry -> map.put(entry.getKey(), entry.getValue().asText()));
        }
        return map;
    }

    private static Duration duration(JsonNode node) {
        return Durations.parse(node.asText()).orElseThrow(
                () -> new IllegalStateException("validated duration " + node + " does not parse"));
    }

    private static <T> List<T> list(JsonNode node, java.util.function.Function<JsonNode, T> each) {
        List<T> items = new ArrayList<>();
        node.forEach(item -> items.add(each.apply(item)));
        return items;
    }
}

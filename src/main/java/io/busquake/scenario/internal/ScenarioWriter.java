package io.busquake.scenario.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.busquake.scenario.AlarmDefinition;
import io.busquake.scenario.Consumer;
import io.busquake.scenario.Expect;
import io.busquake.scenario.Fault;
import io.busquake.scenario.Load;
import io.busquake.scenario.Scenario;
import io.busquake.scenario.Target;
import io.busquake.scenario.Topology;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/** Writes a resolved scenario as YAML in the scenario format, every default spelt out. */
public final class ScenarioWriter {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build());

    private ScenarioWriter() {
    }

    public static String toYaml(Scenario scenario) {
        try {
            return "# yaml-language-server: $schema=" + schemaHint() + "\n"
                    + "# Resolved scenario: every default written out.\n" + YAML.writeValueAsString(tree(scenario));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write scenario " + scenario.name() + " as YAML", e);
        }
    }

    private static String schemaHint() {
        return "../../src/main/resources" + SchemaModel.RESOURCE;
    }

    static ObjectNode tree(Scenario scenario) {
        ObjectNode root = NODES.objectNode();
        root.put("name", scenario.name());
        root.put("description", scenario.description());
        root.put("duration", Durations.format(scenario.duration()));
        root.put("settle", Durations.format(scenario.settle()));
        root.set("target", target(scenario.target()));
        root.set("topology", topology(scenario.topology()));
        ArrayNode alarms = root.putArray("alarms");
        scenario.alarms().forEach(alarm -> alarms.add(alarm(alarm)));
        root.set("load", load(scenario.load()));
        ArrayNode faults = root.putArray("faults");
        scenario.faults().forEach(fault -> faults.add(fault(fault)));
        ObjectNode consumers = root.putObject("consumers");
        scenario.consumers().forEach((name, consumer) -> consumers.set(name, consumer(consumer)));
        root.set("expect", expect(scenario.expect()));
        return root;
    }

    private static ObjectNode target(Target target) {
        ObjectNode node = NODES.objectNode();
        node.put("type", target.type().yamlName());
        target.endpoint().ifPresent(endpoint -> node.put("endpoint", endpoint));
        node.put("region", target.region());
        node.put("account", target.account());
        ObjectNode credentials = node.putObject("credentials");
        credentials.put("type", target.credentials().source().yamlName());
        target.credentials().profile().ifPresent(profile -> credentials.put("profile", profile));
        return node;
    }

    private static ObjectNode topology(Topology topology) {
        ObjectNode node = NODES.objectNode();
        node.put("provision", topology.provision().yamlName());
        ObjectNode buses = node.putObject("buses");
        topology.buses().forEach((name, bus) -> buses.putObject(name).put("description", bus.description()));
        ObjectNode rules = node.putObject("rules");
        topology.rules().forEach((name, rule) -> {
            ObjectNode each = rules.putObject(name);
            each.put("bus", rule.bus());
            each.put("description", rule.description());
            each.put("state", rule.state());
            each.set("pattern", json(rule.eventPatternJson()));
            ArrayNode targets = each.putArray("targets");
            rule.targets().forEach(target -> targets.add(ruleTarget(target)));
        });
        ObjectNode queues = node.putObject("queues");
        topology.queues().forEach((name, queue) -> {
            ObjectNode each = queues.putObject(name);
            each.put("fifo", queue.fifo());
            each.put("contentBasedDeduplication", queue.contentBasedDeduplication());
            each.put("visibilityTimeoutSeconds", queue.visibilityTimeoutSeconds());
            each.put("messageRetentionSeconds", queue.messageRetentionSeconds());
            each.put("delaySeconds", queue.delaySeconds());
            each.put("receiveMessageWaitTimeSeconds", queue.receiveMessageWaitTimeSeconds());
            each.put("maximumMessageSizeBytes", queue.maximumMessageSizeBytes());
            queue.policyJson().ifPresent(policy -> each.set("policy", json(policy)));
        });
        return node;
    }

    private static ObjectNode ruleTarget(Topology.RuleTarget target) {
        ObjectNode node = NODES.objectNode();
        node.put("id", target.id());
        target.queue().ifPresent(queue -> node.put("queue", queue));
        target.bus().ifPresent(bus -> node.put("bus", bus));
        node.putObject("retryPolicy")
                .put("maximumRetryAttempts", target.retryPolicy().maximumRetryAttempts())
                .put("maximumEventAgeSeconds", target.retryPolicy().maximumEventAgeSeconds());
        target.deadLetterQueue().ifPresent(dlq -> node.put("deadLetterQueue", dlq));
        target.inputJson().ifPresent(input -> node.set("input", json(input)));
        target.inputPath().ifPresent(path -> node.put("inputPath", path));
        target.inputTransformer().ifPresent(transformer -> {
            ObjectNode each = node.putObject("inputTransformer");
            ObjectNode paths = each.putObject("inputPathsMap");
            transformer.inputPathsMap().forEach(paths::put);
            each.put("inputTemplate", transformer.inputTemplate());
        });
        target.messageGroupId().ifPresent(group -> node.put("messageGroupId", group));
        return node;
    }

    private static ObjectNode alarm(AlarmDefinition alarm) {
        ObjectNode node = NODES.objectNode();
        node.put("name", alarm.name());
        node.put("description", alarm.description());
        node.put("namespace", alarm.namespace());
        node.put("metric", alarm.metric());
        ObjectNode dimensions = node.putObject("dimensions");
        alarm.dimensions().forEach(dimensions::put);
        alarm.statistic().ifPresent(statistic -> node.put("statistic", statistic));
        alarm.extendedStatistic().ifPresent(statistic -> node.put("extendedStatistic", statistic));
        node.put("period", Durations.format(alarm.period()));
        node.put("evaluationPeriods", alarm.evaluationPeriods());
        node.put("datapointsToAlarm", alarm.datapointsToAlarm());
        node.set("threshold", number(alarm.threshold()));
        node.put("comparisonOperator", alarm.comparisonOperator());
        node.put("treatMissingData", alarm.treatMissingData());
        return node;
    }

    private static ObjectNode load(Load load) {
        ObjectNode node = NODES.objectNode();
        node.put("bus", load.bus());
        node.put("unit", load.unit().yamlName());
        node.put("entriesPerRequest", load.entriesPerRequest());
        node.put("requestTimeout", Durations.format(load.requestTimeout()));
        ArrayNode phases = node.putArray("phases");
        load.phases().forEach(phase -> phases.add(phase(phase)));
        ArrayNode mix = node.putArray("mix");
        load.mix().forEach(kind -> {
            ObjectNode each = mix.addObject();
            each.put("source", kind.source());
            each.put("detailType", kind.detailType());
            each.put("weight", kind.weight());
            if (!kind.detailTemplateJson().equals(load.detail().templateJson())) {
                each.set("detail", json(kind.detailTemplateJson()));
            }
        });
        ObjectNode detail = node.putObject("detail");
        detail.set("template", json(load.detail().templateJson()));
        detail.put("sizeBytes", load.detail().sizeBytes());
        ObjectNode retry = node.putObject("producerRetry");
        retry.put("maxAttempts", load.producerRetry().maxAttempts());
        ArrayNode retryOn = retry.putArray("retryOn");
        for (Load.RetryCause cause : Load.RetryCause.values()) {
            if (load.producerRetry().retryOn().contains(cause)) {
                retryOn.add(cause.yamlName());
            }
        }
        Load.Backoff backoff = load.producerRetry().backoff();
        retry.putObject("backoff")
                .put("initial", Durations.format(backoff.initial()))
                .put("max", Durations.format(backoff.max()))
                .put("jitter", backoff.jitter().yamlName())
                .set("multiplier", number(backoff.multiplier()));
        return node;
    }

    private static ObjectNode phase(Load.Phase phase) {
        ObjectNode node = NODES.objectNode();
        if (phase instanceof Load.Constant constant) {
            node.put("type", "constant").set("rate", number(constant.rate()));
        } else if (phase instanceof Load.Ramp ramp) {
            node.put("type", "ramp").set("from", number(ramp.from()));
            node.set("to", number(ramp.to()));
        } else if (phase instanceof Load.Spike spike) {
            node.put("type", "spike").set("rate", number(spike.rate()));
            node.set("peakRate", number(spike.peakRate()));
            node.put("peakDuration", Durations.format(spike.peakDuration()));
        } else if (phase instanceof Load.Stairs stairs) {
            node.put("type", "stairs").set("from", number(stairs.from()));
            node.set("to", number(stairs.to()));
            node.put("steps", stairs.steps());
        }
        node.put("duration", Durations.format(phase.duration()));
        return node;
    }

    private static ObjectNode fault(Fault fault) {
        ObjectNode node = NODES.objectNode();
        node.put("name", fault.name());
        node.put("type", fault.type().yamlName());
        fault.target().ifPresent(target -> node.put("target", target));
        node.put("startAfter", Durations.format(fault.startAfter()));
        node.put("duration", Durations.format(fault.duration()));
        fault.fraction().ifPresent(fraction -> node.set("fraction", number(fraction)));
        fault.mode().ifPresent(mode -> node.put("mode", mode.yamlName()));
        fault.errorCode().ifPresent(code -> node.put("errorCode", code));
        putDuration(node, "delay", fault.delay());
        fault.tps().ifPresent(tps -> node.put("tps", tps));
        putDuration(node, "processingTime", fault.processingTime());
        fault.rate().ifPresent(rate -> node.set("rate", number(rate)));
        if (!fault.kinds().isEmpty()) {
            ArrayNode kinds = node.putArray("kinds");
            fault.kinds().forEach(kind -> kinds.add(kind.yamlName()));
        }
        return node;
    }

    private static ObjectNode consumer(Consumer consumer) {
        ObjectNode node = NODES.objectNode();
        node.put("queue", consumer.queue());
        node.put("concurrency", consumer.concurrency());
        node.put("processingTime", Durations.format(consumer.processingTime()));
        node.put("idempotent", consumer.idempotent());
        node.put("idempotencyExpiry", Durations.format(consumer.idempotencyExpiry()));
        node.put("batchSize", consumer.batchSize());
        node.put("waitTime", Durations.format(consumer.waitTime()));
        node.putObject("visibility")
                .put("heartbeat", consumer.visibility().heartbeat())
                .put("onFailure", consumer.visibility().onFailure().yamlName());
        return node;
    }

    private static ObjectNode expect(Expect expect) {
        ObjectNode node = NODES.objectNode();
        ArrayNode alarms = node.putArray("alarms");
        expect.alarms().forEach(alarm -> {
            ObjectNode each = alarms.addObject();
            each.put("alarm", alarm.alarm());
            each.put("state", alarm.state());
            alarm.fault().ifPresent(fault -> each.put("fault", fault));
            each.put("within", Durations.format(alarm.within()));
            each.put("recoverWithin", Durations.format(alarm.recoverWithin()));
        });
        ArrayNode dlq = node.putArray("dlq");
        expect.dlq().forEach(each -> dlq.addObject().put("queue", each.queue()).put("errorCode", each.errorCode())
                .put("exhaustedRetryCondition", each.exhaustedRetryCondition()));
        ObjectNode noLoss = node.putObject("noLoss");
        noLoss.put("enabled", expect.noLoss().enabled());
        ArrayNode allowLoss = noLoss.putArray("allowLossDuring");
        expect.noLoss().allowLossDuring().forEach(allowLoss::add);
        node.put("noDuplicateEffects", expect.noDuplicateEffects());
        ObjectNode latency = node.putObject("latency");
        expect.latency().forEach((queue, budget) -> latency.set(queue, budget(budget)));
        node.set("putEventsLatency", budget(expect.putEventsLatency()));
        node.putObject("ingest")
                .<ObjectNode>set("maxFailedEntryRatio", number(expect.ingest().maxFailedEntryRatio()))
                .set("maxThrottledRequestRatio", number(expect.ingest().maxThrottledRequestRatio()));
        ArrayNode allow = node.putArray("allowNotVerifiable");
        expect.allowNotVerifiable().stream().sorted().forEach(allow::add);
        return node;
    }

    private static ObjectNode budget(Expect.LatencyBudget budget) {
        ObjectNode node = NODES.objectNode();
        putDuration(node, "p50", budget.p50());
        putDuration(node, "p90", budget.p90());
        putDuration(node, "p99", budget.p99());
        putDuration(node, "max", budget.max());
        return node;
    }

    private static void putDuration(ObjectNode node, String key, Optional<Duration> duration) {
        duration.ifPresent(value -> node.put(key, Durations.format(value)));
    }

    // Whole numbers are written without ".0" so the file reads as a person would write it.
    private static JsonNode number(double value) {
        BigDecimal decimal = BigDecimal.valueOf(value).stripTrailingZeros();
        return decimal.scale() <= 0 ? NODES.numberNode(decimal.longValueExact()) : NODES.numberNode(decimal);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("scenario holds invalid JSON " + text, e);
        }
    }
}

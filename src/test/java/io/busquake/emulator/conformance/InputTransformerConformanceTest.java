package io.busquake.emulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.busquake.emulator.EmulatorFixture;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Every case of input_transformer.json (InputPath, Input, InputTransformer as delivered) and its baseline deliveries,
 * set up as recorded: CreateEventBus, PutRule on it, PutTargets, PutEvents, then the SQS queue's content.
 */
class InputTransformerConformanceTest {
    private static final String FILE = "input_transformer.json";
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static EmulatorFixture fx;

    @BeforeAll
    static void start() {
        fx = Corpus.emulator();
    }

    @AfterAll
    static void stop() {
        Corpus.finish(FILE, fx);
    }

    static Stream<Arguments> cases() {
        return Stream.concat(Corpus.cases(FILE), Corpus.section(FILE, "baseline_delivery"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void inputCase_deliversWhatAwsDelivered(JsonNode testCase) {
        String name = Corpus.begin(FILE, testCase);
        int n = SEQ.incrementAndGet();
        String bus = "it-bus-" + n;
        String rule = "it-rule-" + n;
        Map<String, String> values = new LinkedHashMap<>();
        values.put("<bus-name>", bus);
        values.put("<rule-name>", rule);
        values.put("<region>", fx.emulator.region().id());
        values.put("arn:<partition>:", "arn:aws:");
        fx.events.createEventBus(b -> b.name(bus));
        if (name.startsWith("baseline: ")) {
            baseline(testCase, bus, rule, n, values);
        } else {
            transformed(testCase, bus, rule, n, values);
        }
        Corpus.passed(FILE);
    }

    private void transformed(JsonNode c, String bus, String rule, int n, Map<String, String> values) {
        fx.events.putRule(b -> b.name(rule).eventBusName(bus).eventPattern(c.get("rule_pattern").toString()));
        JsonNode targetsJson = c.get("target").isArray() ? c.get("target") : Corpus.object().arrayNode().add(c.get("target"));
        Map<String, String> queueUrlByTargetId = new LinkedHashMap<>();
        ArrayNode targets = Corpus.object().arrayNode();
        int i = 0;
        for (JsonNode t : targetsJson) {
            ObjectNode target = t.deepCopy();
            String queue = "it-" + n + "-" + i++;
            String id = target.has("Id") ? target.get("Id").asText() : "target-" + n;
            queueUrlByTargetId.put(id, fx.queueForEvents(queue));
            target.put("Id", id);
            // A Lambda function's payload is the same text an SQS queue receives, so a queue stands in for it.
            target.put("Arn", fx.emulator.queueArn(queue));
            targets.add(target);
        }
        ObjectNode putTargets = Corpus.object().put("Rule", rule).put("EventBusName", bus);
        putTargets.set("Targets", targets);
        SdkJson.call(fx.events, "PutTargets", putTargets);

        ObjectNode entry = c.get("put_events_entry").deepCopy();
        entry.put("EventBusName", bus);
        ObjectNode putEvents = Corpus.object();
        putEvents.putArray("Entries").add(entry);
        JsonNode response = SdkJson.call(fx.events, "PutEvents", putEvents);
        assertThat(response.get("FailedEntryCount").asInt()).as("PutEvents " + response).isZero();
        fx.settle();

        if (c.has("delivered_per_target")) {
            c.get("delivered_per_target").fields().forEachRemaining(e ->
                    checkOne(e.getValue(), fx.drain(queueUrlByTargetId.get(e.getKey())), values));
        } else {
            checkOne(c, fx.drain(queueUrlByTargetId.values().iterator().next()), values);
        }
    }

    private static void checkOne(JsonNode expectation, List<Message> got, Map<String, String> values) {
        if (expectation.has("delivered") && !expectation.get("delivered").asBoolean(true)) {
            assertThat(got).as("nothing delivered").isEmpty();
            return;
        }
        assertThat(got).as("one message delivered").hasSize(1);
        String body = got.get(0).body();
        if (expectation.has("delivered_body_raw")) {
            Corpus.assertTextMatches(Corpus.substitute(expectation.get("delivered_body_raw").asText(), values), body,
                    "raw body");
        } else {
            JsonNode parsed = Corpus.parse(body);
            assertThat(parsed).as("body is JSON: " + body).isNotNull();
            Corpus.assertMatches(Corpus.substitute(expectation.get("delivered_body_json"), values), parsed, "body");
        }
    }

    private void baseline(JsonNode c, String bus, String rule, int n, Map<String, String> values) {
        JsonNode delivered = c.get("delivered");
        String pattern = "{\"source\": [\"" + delivered.get("source").asText() + "\"]}";
        String queue = "it-" + n;
        String url = fx.queueForEvents(queue);
        String publishTo = bus;
        if (c.get("name").asText().contains("bus-to-bus")) {
            String first = "it-first-bus-" + n;
            fx.events.createEventBus(b -> b.name(first));
            fx.events.putRule(b -> b.name(rule).eventBusName(first).eventPattern(pattern));
            String busArn = "arn:aws:events:" + fx.emulator.region().id() + ":" + Corpus.ACCOUNT + ":event-bus/" + bus;
            fx.events.putTargets(b -> b.rule(rule).eventBusName(first).targets(t -> t.id("bus").arn(busArn)));
            publishTo = first;
        }
        fx.events.putRule(b -> b.name(rule).eventBusName(bus).eventPattern(pattern));
        fx.events.putTargets(b -> b.rule(rule).eventBusName(bus).targets(t -> t.id("q").arn(fx.emulator.queueArn(queue))));
        String target = publishTo;
        var response = fx.events.putEvents(b -> b.entries(PutEventsRequestEntry.builder().eventBusName(target)
                .source(delivered.get("source").asText()).detailType(delivered.get("detail-type").asText())
                .detail(delivered.get("detail").toString()).build()));
        assertThat(response.failedEntryCount()).isZero();
        fx.settle();
        List<Message> got = fx.drain(url);
        assertThat(got).hasSize(1);
        Corpus.assertMatches(Corpus.substitute(delivered, values), Corpus.parse(got.get(0).body()), "body");
    }
}

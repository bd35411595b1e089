package io.busquake.emulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.busquake.emulator.EmulatorFixture;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Every case of patterns.json against the running endpoint: TestEventPattern results and errors, and rule delivery
 * (PutRule + PutTargets to an SQS queue + PutEvents, then the queue's content).
 */
class PatternsConformanceTest {
    private static final String FILE = "patterns.json";
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
        return Corpus.cases(FILE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void patternCase_behavesAsRecordedOnAws(JsonNode testCase) throws Exception {
        Corpus.begin(FILE, testCase);
        if ("rule_delivery".equals(testCase.get("kind").asText())) {
            ruleDelivery(testCase);
        } else {
            testEventPattern(testCase);
        }
        Corpus.passed(FILE);
    }

    private void testEventPattern(JsonNode c) {
        String pattern = c.get("pattern_string").asText();
        String event = c.get("event_string").asText();
        JsonNode error = c.get("expected_error");
        if (error == null || error.isNull()) {
            boolean result = fx.events.testEventPattern(b -> b.eventPattern(pattern).event(event)).result();
            assertThat(result).as("TestEventPattern result").isEqualTo(c.get("matches").asBoolean());
            return;
        }
        EventBridgeException thrown = catchThrowableOfType(EventBridgeException.class,
                () -> fx.events.testEventPattern(b -> b.eventPattern(pattern).event(event)));
        assertThat(thrown).as("TestEventPattern must fail with " + error).isNotNull();
        assertThat(thrown.awsErrorDetails().errorCode()).isEqualTo(error.get("code").asText());
        assertThat(thrown.statusCode()).isEqualTo(error.get("http_status").asInt());
        String firstLine = error.has("message_first_line") ? error.get("message_first_line").asText()
                : error.get("message").asText();
        String actual = thrown.awsErrorDetails().errorMessage();
        assertThat(actual.lines().findFirst().orElse("")).as("message (first line)").isEqualTo(firstLine);
    }

    private void ruleDelivery(JsonNode c) throws Exception {
        int n = SEQ.incrementAndGet();
        String queue = "patterns-" + n;
        String url = fx.queueForEvents(queue);
        String rule = "patterns-rule-" + n;
        fx.events.putRule(b -> b.name(rule).eventPattern(c.get("pattern_string").asText()));
        JsonNode inputPath = c.get("target_input_path");
        fx.events.putTargets(b -> b.rule(rule).targets(t -> t.id("q").arn(fx.emulator.queueArn(queue))
                .inputPath(inputPath == null ? null : inputPath.asText())));
        JsonNode entry = c.get("put_events_entry");
        var response = fx.events.putEvents(b -> b.entries(PutEventsRequestEntry.builder()
                .source(entry.get("Source").asText()).detailType(entry.get("DetailType").asText())
                .detail(entry.get("Detail").asText()).build()));
        fx.settle();
        List<Message> delivered = fx.drain(url);
        try {
            assertThat(response.failedEntryCount()).isZero();
            if (!c.get("matches").asBoolean()) {
                assertThat(delivered).as("nothing delivered").isEmpty();
                return;
            }
            assertThat(delivered).hasSize(1);
            JsonNode body = Corpus.parse(delivered.get(0).body());
            assertThat(body).as("delivered body is JSON: " + delivered.get(0).body()).isNotNull();
            Corpus.assertMatches(Corpus.substitute(c.get("delivered_body"), java.util.Map.of("<region>",
                    fx.emulator.region().id())), body, "body");
        } finally {
            fx.events.removeTargets(b -> b.rule(rule).ids("q"));
            fx.events.deleteRule(b -> b.name(rule));
        }
    }
}

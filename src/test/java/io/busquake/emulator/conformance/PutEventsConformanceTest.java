package io.busquake.emulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.busquake.emulator.EmulatorFixture;
import java.time.Instant;
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
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.sqs.model.Message;

/** Every case of put_events.json: per-entry errors, whole-request errors, unknown buses, Time and delivery. */
class PutEventsConformanceTest {
    private static final String FILE = "put_events.json";
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
    void putEventsCase_behavesAsRecordedOnAws(JsonNode testCase) {
        String name = Corpus.begin(FILE, testCase);
        int n = SEQ.incrementAndGet();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("<region>", fx.emulator.region().id());
        values.put("arn:<partition>:", "arn:aws:");
        String bus = "test-bus-" + n;
        values.put("test-bus-<id>", bus);
        values.put("<custom-event-bus>", "missing-bus-" + n);
        // In recorded messages <bus-name> stands for the EventBusName the entries were sent with.
        JsonNode sentBus = Corpus.substitute(testCase.get("request"), values).path("Entries").path(0).get("EventBusName");
        values.put("<bus-name>", sentBus == null ? bus : sentBus.asText());
        values.put("\"<now, datetime>\"", String.valueOf(fx.clock.instant().getEpochSecond() + 0.5));
        JsonNode request = Corpus.substitute(testCase.get("request"), values);
        JsonNode expected = Corpus.substitute(testCase.get("expected"), values);

        List<String> queues = setUp(name, n, request);
        String type = expected.get("type").asText();
        switch (type) {
            case "response" -> {
                JsonNode response = SdkJson.call(fx.events, "PutEvents", request);
                Corpus.assertMatches(expected.get("body"), response, "response");
                fx.settle();
                checkDelivery(name, testCase, response, queues, values.get("<custom-event-bus>"));
            }
            case "exception" -> {
                EventBridgeException thrown = catchThrowableOfType(EventBridgeException.class,
                        () -> SdkJson.call(fx.events, "PutEvents", request));
                assertThat(thrown).as("PutEvents must fail with " + expected).isNotNull();
                assertThat(thrown.awsErrorDetails().errorCode()).isEqualTo(expected.get("code").asText());
                assertThat(thrown.statusCode()).isEqualTo(expected.get("http_status").asInt());
                assertThat(thrown.awsErrorDetails().errorMessage()).isEqualTo(expected.get("message").asText());
            }
            case "delivery" -> {
                String deliveredTime = expected.get("delivered_time_for_each").asText();
                for (JsonNode entry : request.get("Entries")) {
                    ObjectNode one = entry.deepCopy();
                    // botocore turned each Time string into this instant before sending (see the case's notes).
                    one.put("Time", Instant.parse(deliveredTime).getEpochSecond());
                    one.put("EventBusName", bus);
                    ObjectNode single = Corpus.object();
                    single.putArray("Entries").add(one);
                    JsonNode response = SdkJson.call(fx.events, "PutEvents", single);
                    assertThat(response.get("FailedEntryCount").asInt()).isZero();
                }
                fx.settle();
                List<Message> got = fx.drain(queues.get(0));
                assertThat(got).hasSize(request.get("Entries").size());
                for (Message m : got) {
                    assertThat(Corpus.parse(m.body()).get("time").asText()).isEqualTo(deliveredTime);
                }
            }
            default -> throw new AssertionError("unknown expected.type " + type + " in case " + name);
        }
        Corpus.passed(FILE);
    }

    /** Creates what the recorded test had in place (buses, rules, queues); answers the queue URLs. */
    private List<String> setUp(String name, int n, JsonNode request) {
        String pattern = "{\"source\": [\"core.update-account-command\"], \"detail-type\": [\"core.update-account-command\"]}";
        if (name.startsWith("11 entries (custom bus)")) {
            fx.events.createEventBus(b -> b.name("test-bus-" + n));
            return List.of();
        }
        if (name.equals("entry for a non-existent event bus is accepted")) {
            return List.of(ruleWithQueues(n, null, "{\"detail-type\": [\"CustomType\"], \"source\": [\"MySource\"]}", 1));
        }
        if (name.equals("target delivery failure is not reported by PutEvents")) {
            String url = ruleWithQueues(n, null, pattern, 1);
            fx.sqs.deleteQueue(b -> b.queueUrl(url));
            return List.of();
        }
        if (name.equals("one entry matched by a rule with two targets")) {
            return List.of(ruleWithQueues(n, null, pattern, 2).split(" "));
        }
        if (name.equals("Time given as a timestamp")) {
            return List.of(ruleWithQueues(n, null, "{\"source\": [\"test-source\"]}", 1));
        }
        if (name.startsWith("Time strings")) {
            fx.events.createEventBus(b -> b.name("test-bus-" + n));
            return List.of(ruleWithQueues(n, "test-bus-" + n, pattern, 1));
        }
        if (request.path("Entries").size() > 0 && request.get("Entries").get(0).has("Time")) {
            throw new AssertionError("case " + name + " sends a Time this harness does not know how to send");
        }
        return List.of();
    }

    /** A rule with {@code targets} SQS queue targets; answers their URLs separated by spaces. */
    private String ruleWithQueues(int n, String bus, String pattern, int targets) {
        String rule = "put-events-rule-" + n;
        fx.events.putRule(b -> b.name(rule).eventBusName(bus).eventPattern(pattern));
        StringBuilder urls = new StringBuilder();
        for (int i = 0; i < targets; i++) {
            String queue = "put-events-" + n + "-" + i;
            urls.append(urls.length() == 0 ? "" : " ").append(fx.queueForEvents(queue));
            String id = "q" + i;
            fx.events.putTargets(b -> b.rule(rule).eventBusName(bus).targets(t -> t.id(id).arn(fx.emulator.queueArn(queue))));
        }
        return urls.toString();
    }

    private void checkDelivery(String name, JsonNode testCase, JsonNode response, List<String> queues,
                               String missing) {
        if (name.equals("entry for a non-existent event bus is accepted")) {
            List<Message> got = fx.drain(queues.get(0));
            assertThat(got).hasSize(1);
            JsonNode observed = testCase.get("observed_delivery").get(0).get("Body");
            Corpus.assertMatches(Corpus.substitute(observed, Map.of("<region>", fx.emulator.region().id())),
                    Corpus.parse(got.get(0).body()), "delivered");
            JsonNode followUp = testCase.get("follow_up").get("expected");
            EventBridgeException thrown = catchThrowableOfType(EventBridgeException.class,
                    () -> fx.events.describeEventBus(b -> b.name(missing)));
            assertThat(thrown.awsErrorDetails().errorCode()).isEqualTo(followUp.get("code").asText());
            assertThat(thrown.awsErrorDetails().errorMessage())
                    .isEqualTo(followUp.get("message").asText().replace("<custom-event-bus>", missing));
        } else if (name.equals("one entry matched by a rule with two targets")) {
            String eventId = response.get("Entries").get(0).get("EventId").asText();
            for (String url : queues) {
                List<Message> got = fx.drain(url);
                assertThat(got).hasSize(1);
                assertThat(Corpus.parse(got.get(0).body()).get("id").asText()).isEqualTo(eventId);
            }
        } else if (name.equals("Time given as a timestamp")) {
            List<Message> got = fx.drain(queues.get(0));
            assertThat(got).hasSize(1);
            assertThat(Corpus.parse(got.get(0).body()).get("time").asText()).matches(Corpus.toRegex("date"));
        } else {
            for (String url : queues) {
                fx.drain(url);
            }
        }
    }
}

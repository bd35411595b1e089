package io.busquake.emulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.busquake.emulator.EmulatorFixture;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;

/**
 * The api_errors.json cases of the operations busquake implements: codes, HTTP statuses and messages of the bus,
 * rule, target, permission and tag calls, and the successes recorded beside them. Archive, replay, connection and
 * API-destination cases are out of busquake's scope and skipped as such.
 */
class ApiErrorsConformanceTest {
    private static final String FILE = "api_errors.json";
    private static final Set<String> IMPLEMENTED = Set.of("CreateEventBus", "DeleteEventBus", "DescribeEventBus",
            "ListEventBuses", "PutRule", "DescribeRule", "DeleteRule", "ListRules", "EnableRule", "DisableRule",
            "PutTargets", "RemoveTargets", "ListTargetsByRule", "PutEvents", "TestEventPattern", "PutPermission",
            "RemovePermission", "TagResource", "UntagResource", "ListTagsForResource");
    private static final String PATTERN = "{\"source\": [\"core.update-account-command\"], "
            + "\"detail-type\": [\"core.update-account-command\"], \"detail\": {\"command\": [\"update-account\"]}}";
    private static final String LONG_ID = "0b5b7a63-6a8f-4c86-9d43-7b0c3e7b2f10-1d7e0b1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e-extra";
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
    void apiCase_answersAsAwsAnswered(JsonNode testCase) {
        if (testCase != null && !IMPLEMENTED.contains(testCase.get("operation").asText().split("\\+")[0])) {
            Assumptions.abort("out of scope: busquake does not implement " + testCase.get("operation").asText());
        }
        String name = Corpus.begin(FILE, testCase);
        int n = SEQ.incrementAndGet();
        Map<String, String> values = new LinkedHashMap<>();
        String bus = "api-bus-" + n;
        String rule = "api-rule-" + n;
        String queue = "api-queue-" + n;
        String region = fx.emulator.region().id();
        String request = testCase.get("request").toString();
        boolean customBus = request.contains("<bus-name>") || request.contains("<custom-bus>")
                || String.valueOf(testCase.get("setup")).contains("<bus_name>");
        values.put("<uuid4>-<uuid4>-extra (79 chars)", LONG_ID);
        values.put("second-invalid-target-id", LONG_ID);
        values.put("<bus-name>", bus);
        values.put("<custom-bus>", bus);
        values.put("<bus_name>", bus);
        values.put("<rule-name>", rule);
        values.put("<rule_name>", rule);
        values.put("<target-id>", "target-" + n);
        values.put("<not-existing-resource-name>", "missing-" + n);
        values.put("<sqs-queue-arn>", fx.emulator.queueArn(queue));
        values.put("<queue-arn>", fx.emulator.queueArn(queue));
        values.put("<rule-arn>", "arn:aws:events:" + region + ":" + Corpus.ACCOUNT + ":rule/"
                + (customBus ? bus + "/" : "") + rule);
        values.put("<bus-arn>", "arn:aws:events:" + region + ":" + Corpus.ACCOUNT + ":event-bus/" + bus);
        values.put("<account-id>", Corpus.ACCOUNT);
        values.put("<region>", region);
        values.put("arn:<partition>:", "arn:aws:");
        fx.queueForEvents(queue);

        setUp(testCase, name, bus, rule, queue, values);
        String operation = testCase.get("operation").asText();
        JsonNode req = Corpus.substitute(testCase.get("request"), values);
        JsonNode expected = Corpus.substitute(testCase.get("expected"), values);
        String call = operation.split("\\+")[0];
        if ("exception".equals(expected.get("type").asText())) {
            EventBridgeException thrown = catchThrowableOfType(EventBridgeException.class,
                    () -> SdkJson.call(fx.events, call, req));
            assertThat(thrown).as(call + " must fail with " + expected).isNotNull();
            assertThat(thrown.awsErrorDetails().errorCode()).as("code").isEqualTo(expected.get("code").asText());
            assertThat(thrown.statusCode()).as("HTTP status").isEqualTo(expected.get("http_status").asInt());
            assertThat(thrown.awsErrorDetails().errorMessage()).as("message").isEqualTo(expected.get("message").asText());
        } else {
            JsonNode response = SdkJson.call(fx.events, call, req);
            checkSuccess(operation, req, expected, response);
        }
        Corpus.passed(FILE);
    }

    private void checkSuccess(String operation, JsonNode req, JsonNode expected, JsonNode response) {
        String ruleName = req.path("Name").asText(req.path("Rule").asText());
        String busName = req.hasNonNull("EventBusName") ? req.get("EventBusName").asText() : null;
        if (expected.has("put_rule_response") && operation.startsWith("PutRule")) {
            Corpus.assertMatches(expected.get("put_rule_response"), response, "PutRule");
        }
        if (expected.has("describe_rule_response")) {
            Corpus.assertMatches(expected.get("describe_rule_response"), operation.equals("DescribeRule") ? response
                    : SdkJson.call(fx.events, "DescribeRule", req), "DescribeRule");
        }
        if (expected.has("list_rules_response")) {
            ObjectNode list = Corpus.object().put("NamePrefix", ruleName);
            if (busName != null) {
                list.put("EventBusName", busName);
            }
            Corpus.assertMatches(expected.get("list_rules_response"), SdkJson.call(fx.events, "ListRules", list),
                    "ListRules");
        }
        for (String key : new String[] {"list_targets_after_update", "list_targets"}) {
            if (expected.has(key)) {
                ObjectNode list = Corpus.object().put("Rule", ruleName);
                if (busName != null) {
                    list.put("EventBusName", busName);
                }
                Corpus.assertMatches(expected.get(key), SdkJson.call(fx.events, "ListTargetsByRule", list), key);
            }
        }
    }

    /** Builds what the recorded test had in place, from the case's setup lines and the resources its request names. */
    private void setUp(JsonNode c, String name, String bus, String rule, String queue, Map<String, String> values) {
        String request = c.get("request").toString();
        String operation = c.get("operation").asText();
        boolean nonExistent = name.contains("non-existent") || name.contains("not_existing");
        boolean busNamed = request.contains("<bus-name>") || request.contains("<custom-bus>");
        boolean ruleNeeded = (operation.startsWith("PutTargets") || request.contains("<rule-arn>")) 
                && !c.path("setup").toString().contains("PutRule");
        if (busNamed && !nonExistent && !operation.equals("CreateEventBus")) {
            fx.events.createEventBus(b -> b.name(bus));
        }
        String ruleBus = busNamed ? bus : null;
        if (ruleNeeded && !nonExistent) {
            fx.events.putRule(b -> b.name(rule).eventBusName(ruleBus).eventPattern(PATTERN));
        }
        for (JsonNode line : c.path("setup")) {
            String s = line.asText();
            if (s.startsWith("CreateEventBus(Name=<bus-name>)")) {
                fx.events.createEventBus(b -> b.name(bus));
            } else if (s.startsWith("PutPermission(")) {
                fx.events.putPermission(b -> b.eventBusName(ruleBus).action("events:PutEvents")
                        .principal(Corpus.ACCOUNT).statementId("statement-1"));
            } else if (s.startsWith("bus has no policy")) {
                if (!busNamed) {
                    fx.events.removePermission(b -> b.removeAllPermissions(true));
                }
            } else if (s.startsWith("PutRule(Name=<rule-name>, EventPattern=") || s.startsWith("PutRule(same name")) {
                fx.events.putRule(b -> b.name(rule).eventBusName(ruleBus).eventPattern(PATTERN));
            } else if (s.startsWith("PutTargets(Rule=<rule-name>") || s.startsWith("PutTargets one SQS target")) {
                fx.events.putTargets(b -> b.rule(rule).eventBusName(ruleBus)
                        .targets(t -> t.id(values.get("<target-id>")).arn(fx.emulator.queueArn(queue))));
            } else if (s.startsWith("PutTargets(Rule, [{Id: target-id, Arn: target-arn, InputPath: $.detail}])")) {
                fx.events.putTargets(b -> b.rule(rule).eventBusName(ruleBus)
                        .targets(t -> t.id("target-id").arn("target-arn").inputPath("$.detail")));
            } else if (s.startsWith("CreateEventBus(<bus-name>); PutRule(Name=<rule-name>, EventBusName=<bus-name>")) {
                fx.events.putRule(b -> b.name(rule).eventBusName(bus).eventPattern(PATTERN));
            } else if (s.equals("CreateEventBus <bus_name>; PutRule <rule_name> on it; DeleteRule")) {
                fx.events.createEventBus(b -> b.name(bus));
                fx.events.putRule(b -> b.name(rule).eventBusName(bus).eventPattern(PATTERN));
                fx.events.deleteRule(b -> b.name(rule).eventBusName(bus));
            } else if (s.equals("CreateEventBus <bus_name>; DeleteEventBus")) {
                fx.events.createEventBus(b -> b.name(bus));
                fx.events.deleteEventBus(b -> b.name(bus));
            } else if (!s.startsWith("PutRule(Name=<rule-name>, EventPattern=")) {
                throw new AssertionError("case " + name + ": this harness does not know the setup step '" + s + "'");
            }
        }
    }
}

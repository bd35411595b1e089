package io.busquake.scenario;

import static io.busquake.scenario.Scenarios.MINIMAL;
import static io.busquake.scenario.Scenarios.problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** One test per class of scenario-file error, each asserting file:line:column, the field, what is allowed and the fix. */
class ScenarioErrorsTest {

    @Test
    void anOutOfRangeRate_namesTheLineTheFieldTheRangeAndTheFix() {
        String yaml = MINIMAL.replace("rate: 100", "rate: -5");

        assertThat(problems(yaml)).containsExactly(
                "scenarios/x.yaml:19:13: load.phases[0].rate: -5 is out of range; allowed: 0..1000000 events/s."
                        + " Fix: set load.phases[0].rate within 0..1000000 events/s.");
    }

    @Test
    void aRateRange_speaksTheLoadsUnit() {
        String yaml = MINIMAL.replace("rate: 100", "rate: 2000000").replace("  bus: orders\n  phases",
                "  bus: orders\n  unit: requests/s\n  phases");

        assertThat(problems(yaml)).singleElement().asString()
                .contains("load.phases[0].rate: 2000000 is out of range; allowed: 0..1000000 requests/s.");
    }

    @Test
    void anUnknownKey_suggestsTheClosestKnownKey() {
        String yaml = MINIMAL.replace("    queue: orders\n", "    queue: orders\n    concurency: 3\n");

        assertThat(problems(yaml)).containsExactly(
                "scenarios/x.yaml:24:5: consumers.orders.concurency: unknown key \"concurency\"; allowed: queue,"
                        + " concurrency, processingTime, idempotent, idempotencyExpiry, batchSize, waitTime, visibility."
                        + " Fix: did you mean \"concurrency\"?");
    }

    @Test
    void anUnknownKeyWithNoCloseMatch_isToldToBeRemoved() {
        String yaml = MINIMAL + "colour: blue\n";

        assertThat(problems(yaml)).singleElement().asString()
                .startsWith("scenarios/x.yaml:24:1: colour: unknown key \"colour\"; allowed: name, description,")
                .endsWith("Fix: remove \"colour\" or move it to where it belongs.");
    }

    @Test
    void aValueOfTheWrongType_saysWhatTypeIsExpected() {
        String yaml = MINIMAL.replace("rate: 100", "rate: fast");

        assertThat(problems(yaml)).containsExactly(
                "scenarios/x.yaml:19:13: load.phases[0].rate: \"fast\" is a string, of the wrong type;"
                        + " allowed: 0..1000000 events/s. Fix: write 0..1000000 events/s.");
    }

    @Test
    void aMisspeltEnumValue_suggestsTheAllowedOne() {
        String yaml = MINIMAL.replace("type: constant", "type: constnat");

        assertThat(problems(yaml)).containsExactly(
                "scenarios/x.yaml:18:13: load.phases[0].type: \"constnat\" is not an allowed value;"
                        + " allowed: constant, ramp, spike, stairs. Fix: did you mean \"constant\"?");
    }

    @Test
    void aMalformedDuration_showsTheFormDurationsTake() {
        String yaml = MINIMAL.replace("duration: 30s", "duration: 30 sec");

        assertThat(problems(yaml)).containsExactly(
                "scenarios/x.yaml:20:17: load.phases[0].duration: \"30 sec\" is not of the expected form;"
                        + " allowed: a duration such as 500ms, 30s, 2m or 1h."
                        + " Fix: write a whole number followed by ms, s, m or h.");
    }

    @Test
    void aKeyRequiredByThePhaseType_isNamedWithTheTypeThatNeedsIt() {
        String yaml = MINIMAL.replace("type: constant\n      rate: 100", "type: ramp\n      from: 10");

        assertThat(problems(yaml)).containsExactly(
                "scenarios/x.yaml:18:7: load.phases[0].to: is missing (required when type is ramp);"
                        + " allowed: 0..1000000 events/s. Fix: add to: <0..1000000 events/s>.");
    }

    @Test
    void aMissingLoadBlock_isReportedAtTheTopOfTheFile() {
        String yaml = "topology: {}\n";

        assertThat(problems(yaml)).singleElement().asString()
                .startsWith("scenarios/x.yaml:1:1: load: is missing (required); allowed: a mapping of keys to values.");
    }

    @Test
    void aReferenceToAnUndefinedBus_suggestsTheDefinedOne() {
        String yaml = MINIMAL.replace("  bus: orders\n  phases", "  bus: ordres\n  phases");

        assertThat(problems(yaml)).containsExactly(
                "scenarios/x.yaml:16:8: load.bus: bus \"ordres\" is not defined; allowed: default, orders."
                        + " Fix: did you mean \"orders\"?");
    }

    @Test
    void aRuleTargetingAnUndefinedQueue_isRefused() {
        String yaml = MINIMAL.replace("- queue: orders\n", "- queue: payments\n");

        assertThat(problems(yaml)).contains(
                "scenarios/x.yaml:10:18: topology.rules.orders-to-queue.targets[0].queue: queue \"payments\" is not"
                        + " defined; allowed: orders, orders-dlq."
                        + " Fix: define payments in topology.queues, or name one that is.");
    }

    @Test
    void aFifoDeadLetterQueue_isRefusedBecauseEventBridgeDoesNotSupportIt() {
        String yaml = MINIMAL.replace("deadLetterQueue: orders-dlq", "deadLetterQueue: orders-dlq.fifo")
                .replace("    orders-dlq:\n", "    orders-dlq.fifo:\n      fifo: true\n");

        assertThat(problems(yaml)).containsExactly(
                "scenarios/x.yaml:11:28: topology.rules.orders-to-queue.targets[0].deadLetterQueue: \"orders-dlq.fifo\""
                        + " is a FIFO queue; allowed: a standard (non-FIFO) queue; EventBridge does not support FIFO"
                        + " dead-letter queues. Fix: point deadLetterQueue at a standard queue.");
    }

    @Test
    void twoInputOptionsOnOneTarget_areRefusedAsExclusive() {
        String yaml = MINIMAL.replace("deadLetterQueue: orders-dlq\n",
                "deadLetterQueue: orders-dlq\n          input: {fixed: true}\n          inputPath: $.detail\n");

        assertThat(problems(yaml)).containsExactly(
                "scenarios/x.yaml:13:11: topology.rules.orders-to-queue.targets[0].inputPath: cannot be combined with"
                        + " input; allowed: at most one of input, inputPath, inputTransformer."
                        + " Fix: keep one of input, inputPath.");
    }

    @Test
    void aRetryPolicyBeyondAwsLimits_isRefusedWithAwsRanges() {
        String yaml = MINIMAL.replace("deadLetterQueue: orders-dlq\n", "deadLetterQueue: orders-dlq\n"
                + "          retryPolicy:\n            maximumRetryAttempts: 186\n            maximumEventAgeSeconds: 59\n");

        assertThat(problems(yaml)).containsExactly(
                "scenarios/x.yaml:13:35: topology.rules.orders-to-queue.targets[0].retryPolicy.maximumRetryAttempts:"
                        + " 186 is out of range; allowed: 0..185 attempts. Fix: set topology.rules.orders-to-queue"
                        + ".targets[0].retryPolicy.maximumRetryAttempts within 0..185 attempts.",
                "scenarios/x.yaml:14:37: topology.rules.orders-to-queue.targets[0].retryPolicy.maximumEventAgeSeconds:"
                        + " 59 is out of range; allowed: 60..86400 seconds. Fix: set topology.rules.orders-to-queue"
                        + ".targets[0].retryPolicy.maximumEventAgeSeconds within 60..86400 seconds.");
    }

    @Test
    void phasesThatSumBeyondTheDuration_areRefused() {
        String yaml = "duration: 20s\n" + MINIMAL;

        assertThat(problems(yaml)).containsExactly(
                "scenarios/x.yaml:1:11: duration: 20s is shorter than the load phases, which sum to 30s;"
                        + " allowed: at least 30s. Fix: set duration to at least 30s, or shorten the phases.");
    }

    @Test
    void aFaultOnAnUndefinedResource_isRefusedBeforeAnythingStarts() {
        String yaml = MINIMAL + """
                faults:
                  - type: deny-target
                    target: ordres
                    startAfter: 5s
                    duration: 10s
                """;

        assertThat(problems(yaml)).containsExactly(
                "scenarios/x.yaml:26:13: faults[0].target: \"ordres\" is not defined; allowed: orders."
                        + " Fix: did you mean \"orders\"?");
    }

    @Test
    void aFaultOfTheWrongKindOfResource_namesWhatItNeeds() {
        String yaml = MINIMAL + """
                faults:
                  - type: break-dlq
                    target: orders
                    startAfter: 5s
                    duration: 10s
                """;

        assertThat(problems(yaml)).containsExactly(
                "scenarios/x.yaml:26:13: faults[0].target: \"orders\" is not any target's dead-letter queue;"
                        + " allowed: orders-dlq. Fix: target a dead-letter queue of some target.");
    }

    @Test
    void aParameterThatDoesNotApplyToTheFaultType_isRefused() {
        String yaml = MINIMAL + """
                faults:
                  - type: deny-target
                    target: orders
                    startAfter: 5s
                    duration: 10s
                    tps: 5
                """;

        assertThat(problems(yaml)).containsExactly(
                "scenarios/x.yaml:29:5: faults[0].tps: does not apply to a deny-target fault; allowed: no parameters."
                        + " Fix: remove tps.");
    }

    @Test
    void aFaultThatOutlastsTheRun_isRefused() {
        String yaml = MINIMAL + """
                faults:
                  - type: disable-rule
                    target: orders-to-queue
                    startAfter: 20s
                    duration: 20s
                """;

        assertThat(problems(yaml)).containsExactly(
                "scenarios/x.yaml:28:15: faults[0].duration: the fault ends at 40s, after the run's 30s;"
                        + " allowed: startAfter + duration <= 30s. Fix: shorten the fault, start it earlier,"
                        + " or lengthen duration.");
    }

    @Test
    void deleteTarget_isRefusedOnATopologyBusquakeDidNotCreate() {
        String yaml = MINIMAL.replace("topology:\n", "topology:\n  provision: existing\n") + """
                faults:
                  - type: delete-target
                    target: orders
                    startAfter: 5s
                    duration: 10s
                """;

        assertThat(problems(yaml)).singleElement().asString().startsWith(
                "scenarios/x.yaml:27:13: faults[0].target: \"orders\" was not created by busquake"
                        + " (topology.provision is existing), so it cannot be deleted and recreated;");
    }

    @Test
    void aSlowConsumerThatDoesNotOutlastTheVisibilityTimeout_isRefused() {
        String yaml = MINIMAL + """
                faults:
                  - type: slow-consumer
                    target: orders
                    processingTime: 10s
                    startAfter: 5s
                    duration: 10s
                """;

        assertThat(problems(yaml)).containsExactly(
                "scenarios/x.yaml:27:21: faults[0].processingTime: 10s does not exceed queue orders's visibility"
                        + " timeout of 30s, so nothing is redelivered; allowed: more than 30s."
                        + " Fix: set processingTime above 30s, or lower the queue's visibilityTimeoutSeconds.");
    }

    @Test
    void aConsumerOfAnUndefinedQueue_isRefused() {
        String yaml = MINIMAL.replace("    queue: orders\n", "    queue: order\n");

        assertThat(problems(yaml)).containsExactly(
                "scenarios/x.yaml:23:12: consumers.orders.queue: queue \"order\" is not defined;"
                        + " allowed: orders, orders-dlq. Fix: did you mean \"orders\"?");
    }

    @Test
    void anAlarmWithBothStatisticKinds_isRefused() {
        String yaml = MINIMAL + """
                alarms:
                  - name: failed
                    metric: FailedInvocations
                    dimensions: {RuleName: orders-to-queue}
                    statistic: Sum
                    extendedStatistic: p99
                    threshold: 0
                """;

        assertThat(problems(yaml)).containsExactly(
                "scenarios/x.yaml:29:5: alarms[0].extendedStatistic: cannot be combined with statistic;"
                        + " allowed: one of statistic or extendedStatistic. Fix: keep statistic or extendedStatistic.");
    }

    @Test
    void anAlarmOnAnUndefinedRule_andAnInvalidPeriod_areBothReported() {
        String yaml = MINIMAL + """
                alarms:
                  - name: failed
                    metric: FailedInvocations
                    dimensions: {EventBusName: orders, RuleName: orders-rule}
                    period: 45s
                    evaluationPeriods: 2
                    datapointsToAlarm: 3
                    threshold: 0
                """;

        assertThat(problems(yaml)).containsExactly(
                "scenarios/x.yaml:27:50: alarms[0].dimensions.RuleName: rule \"orders-rule\" is not defined;"
                        + " allowed: orders-to-queue. Fix: define orders-rule in topology.rules, or name one that is.",
                "scenarios/x.yaml:28:13: alarms[0].period: 45s is not a CloudWatch alarm period;"
                        + " allowed: 10s, 20s, 30s or a multiple of 60s. Fix: use 10s, 20s, 30s or whole minutes.",
                "scenarios/x.yaml:30:24: alarms[0].datapointsToAlarm: 3 is more than evaluationPeriods (2);"
                        + " allowed: 1..2. Fix: lower datapointsToAlarm or raise evaluationPeriods.");
    }

    @Test
    void anExpectedAlarmThatIsNotDefined_suggestsARecommendedOne() {
        String yaml = MINIMAL + """
                expect:
                  alarms:
                    - alarm: busquake-orders-to-queue-FailedInvocation
                """;

        assertThat(problems(yaml)).singleElement().asString()
                .startsWith("scenarios/x.yaml:26:14: expect.alarms[0].alarm: alarm"
                        + " \"busquake-orders-to-queue-FailedInvocation\" is not defined;")
                .endsWith("Fix: did you mean \"busquake-orders-to-queue-FailedInvocations\"?");
    }

    @Test
    void aDetailTemplateWithAnUnknownGenerator_suggestsTheRightOne() {
        String yaml = MINIMAL.replace("  bus: orders\n  phases", "  bus: orders\n  detail:\n    template:\n"
                + "      id: \"${uid}\"\n  phases");

        assertThat(problems(yaml)).containsExactly(
                "scenarios/x.yaml:19:11: load.detail.template.id: ${uid} is not a generated field;"
                        + " allowed: seq, uuid, now, randomInt(a,b), choice(a,b,...). Fix: did you mean ${uuid}?");
    }

    @Test
    void anAwsSource_isRefusedAsAwsWouldRejectIt() {
        String yaml = MINIMAL.replace("  bus: orders\n  phases", "  bus: orders\n  mix:\n"
                + "    - {source: aws.ec2, detailType: X}\n  phases");

        assertThat(problems(yaml)).singleElement().asString()
                .startsWith("scenarios/x.yaml:18:16: load.mix[0].source: \"aws.ec2\" starts with aws.");
    }

    @Test
    void anEndpointTargetWithoutAUrl_isRefused() {
        String yaml = "target:\n  type: endpoint\n" + MINIMAL;

        assertThat(problems(yaml)).containsExactly(
                "scenarios/x.yaml:2:3: target.endpoint: is missing (required when type is endpoint);"
                        + " allowed: an http:// or https:// URL. Fix: add endpoint: http://127.0.0.1:<port> under target.");
    }

    @Test
    void aDuplicateKey_isRefusedRatherThanSilentlyDropped() {
        String yaml = MINIMAL.replace("    queue: orders\n", "    queue: orders\n    queue: orders-dlq\n");

        assertThat(problems(yaml)).containsExactly(
                "scenarios/x.yaml:24:5: consumers.orders.queue: appears twice in the same block."
                        + " Fix: keep one \"queue\" key (YAML keeps only the last).");
    }

    @Test
    void brokenYaml_namesThePositionOfTheSyntaxError() {
        String yaml = "load:\n  phases: [\n";

        assertThat(problems(yaml)).singleElement().asString().startsWith("scenarios/x.yaml:2:12: (the file): is not valid YAML");
    }

    @Test
    void aMissingFile_saysSoWithThePath() {
        ScenarioException failure = catchThrowableOfType(ScenarioException.class,
                () -> ScenarioLoader.load(Path.of("scenarios/no-such.yaml")));

        assertThat(failure.problems()).singleElement().asString()
                .startsWith("scenarios/no-such.yaml: (the file): cannot be read (NoSuchFileException");
    }

    @Test
    void everyProblemIsReportedTogether_orderedByLine() {
        String yaml = MINIMAL.replace("rate: 100", "rate: -1").replace("    queue: orders\n", "    queue: nope\n")
                .replace("  buses:\n", "  busses:\n");

        ScenarioException failure = catchThrowableOfType(ScenarioException.class, () -> Scenarios.load(yaml));

        assertThat(failure.problems()).extracting(Problem::line).isSorted().hasSizeGreaterThanOrEqualTo(3);
        assertThat(failure.getMessage()).startsWith("The scenario cannot run (")
                .contains("topology.busses: unknown key", "load.phases[0].rate: -1 is out of range",
                        "consumers.orders.queue: queue \"nope\" is not defined");
    }

    @Test
    void blocksOfTheWrongShape_areReportedOnce_notCrashedOn() {
        String yaml = """
                load: {phases: {a: 1}}
                faults: {a: 1}
                expect: {dlq: 3}
                """;

        assertThat(problems(yaml)).containsExactly(
                "scenarios/x.yaml:1:16: load.phases: {\"a\":1} is a mapping, of the wrong type; allowed: a list."
                        + " Fix: write a list.",
                "scenarios/x.yaml:2:9: faults: {\"a\":1} is a mapping, of the wrong type; allowed: a list."
                        + " Fix: write a list.",
                "scenarios/x.yaml:3:15: expect.dlq: 3 is an integer, of the wrong type; allowed: a list."
                        + " Fix: write a list.");
    }
}

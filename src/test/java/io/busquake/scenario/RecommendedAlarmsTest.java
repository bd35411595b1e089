package io.busquake.scenario;

import static io.busquake.scenario.Scenarios.MINIMAL;
import static io.busquake.scenario.Scenarios.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecommendedAlarmsTest {

    @Test
    void recommended_expandsPerRuleWithAwsMetricNames_andAccountWideThrottling() {
        Scenario scenario = load(MINIMAL + "alarms: recommended\n");

        assertThat(scenario.alarms()).isEqualTo(scenario.recommendedAlarms());
        assertThat(scenario.alarms()).extracting(AlarmDefinition::namespace, AlarmDefinition::metric,
                        AlarmDefinition::comparisonOperator, AlarmDefinition::threshold, AlarmDefinition::treatMissingData)
                .containsExactly(
                        tuple("AWS/Events", "FailedInvocations", "GreaterThanThreshold", 0.0, "notBreaching"),
                        tuple("AWS/Events", "InvocationsFailedToBeSentToDlq", "GreaterThanThreshold", 0.0, "notBreaching"),
                        tuple("AWS/Events", "InvocationsSentToDlq", "GreaterThanThreshold", 0.0, "notBreaching"),
                        tuple("AWS/Events", "ThrottledRules", "GreaterThanThreshold", 0.0, "missing"),
                        tuple("AWS/Events", "MatchedEvents", "LessThanThreshold", 1.0, "breaching"),
                        tuple("AWS/SQS", "ApproximateNumberOfMessagesVisible", "GreaterThanThreshold", 0.0, "missing"),
                        tuple("AWS/Events", "PutEventsApproximateThrottledCount", "GreaterThanThreshold", 0.0, "notBreaching"));
    }

    @Test
    void ruleAlarmsOnACustomBus_carryBothEventBusNameAndRuleName() {
        Scenario scenario = load(MINIMAL);

        AlarmDefinition failed = scenario.alarm("busquake-orders-to-queue-FailedInvocations").orElseThrow();
        assertThat(failed.dimensions()).containsExactly(Map.entry("EventBusName", "orders"),
                Map.entry("RuleName", "orders-to-queue"));
        assertThat(failed.statistic()).contains("Sum");
        assertThat(failed.period()).isEqualTo(Duration.ofSeconds(60));
        assertThat(failed.evaluationPeriods()).isEqualTo(1);
        assertThat(failed.datapointsToAlarm()).isEqualTo(1);
    }

    @Test
    void ruleAlarmsOnTheDefaultBus_carryRuleNameOnly_andPutEventsAlarmsNoDimensions() {
        Scenario scenario = load(MINIMAL.replace("      bus: orders\n", "      bus: default\n"));

        assertThat(scenario.alarm("busquake-orders-to-queue-ThrottledRules").orElseThrow().dimensions())
                .containsExactly(Map.entry("RuleName", "orders-to-queue"));
        assertThat(scenario.alarm("busquake-PutEventsApproximateThrottledCount").orElseThrow().dimensions()).isEmpty();
    }

    @Test
    void theDeadLetterQueueAlarm_watchesTheQueueDepthInAwsSqs() {
        AlarmDefinition depth = load(MINIMAL).alarm("busquake-orders-dlq-ApproximateNumberOfMessagesVisible")
                .orElseThrow();

        assertThat(depth.namespace()).isEqualTo("AWS/SQS");
        assertThat(depth.dimensions()).containsExactly(Map.entry("QueueName", "orders-dlq"));
        assertThat(depth.statistic()).isEqualTo(Optional.of("Maximum"));
    }

    @Test
    void aRuleWithoutADeadLetterQueue_getsNoInvocationsSentToDlqAlarm() {
        Scenario scenario = load(MINIMAL.replace("          deadLetterQueue: orders-dlq\n", ""));

        assertThat(scenario.alarms()).extracting(AlarmDefinition::metric)
                .doesNotContain("InvocationsSentToDlq", "ApproximateNumberOfMessagesVisible")
                .contains("InvocationsFailedToBeSentToDlq");
    }

    @Test
    void anExplicitAlarmList_replacesTheRecommendedSet_withAwsDefaultsFilledIn() {
        Scenario scenario = load(MINIMAL + """
                alarms:
                  - name: p99-latency
                    metric: IngestionToInvocationSuccessLatency
                    dimensions: {EventBusName: orders, RuleName: orders-to-queue}
                    extendedStatistic: p99
                    threshold: 5000
                """);

        assertThat(scenario.alarms()).singleElement().isEqualTo(new AlarmDefinition("p99-latency", "", "AWS/Events",
                "IngestionToInvocationSuccessLatency", Map.of("EventBusName", "orders", "RuleName", "orders-to-queue"),
                Optional.empty(), Optional.of("p99"), Duration.ofSeconds(60), 1, 1, 5000, "GreaterThanThreshold",
                "missing"));
    }
}

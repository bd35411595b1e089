package io.busquake.emulator.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.AlarmHistoryItem;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.HistoryItemType;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/** AWS/Events metrics and alarms on them, driven by real deliveries through the endpoint. */
class EventsAlarmsEndToEndTest {
    private static final String TOPIC = "arn:aws:sns:us-east-1:000000000000:oncall";
    private final CloudWatchFixture f = new CloudWatchFixture();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void close() {
        f.close();
    }

    private void putEvents(String bus, int count) {
        for (int i = 0; i < count; i++) {
            f.fx.events.putEvents(b -> b.entries(PutEventsRequestEntry.builder().eventBusName(bus).source("shop")
                    .detailType("OrderPlaced").detail("{}").build()));
        }
        f.fx.settle();
    }

    private void alarmOn(String metric) {
        f.cw.putMetricAlarm(b -> b.alarmName(metric).namespace("AWS/Events").metricName(metric)
                .dimensions(Dimension.builder().name("RuleName").value("orders").build()).statistic(Statistic.SUM)
                .period(60).evaluationPeriods(1).threshold(1.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData("notBreaching").alarmActions(TOPIC).okActions(TOPIC));
    }

    private MetricAlarm alarm(String name) {
        return f.cw.describeAlarms(b -> b.alarmNames(name)).metricAlarms().get(0);
    }

    @Test
    void deletedTargetQueue_raisesBothAlarmsInTheFirstEvaluation_andTheyRecoverOnceFailuresStop() throws Exception {
        f.fx.queueForEvents("dlq");
        f.fx.events.putRule(b -> b.name("orders").eventPattern("{\"source\":[\"shop\"]}"));
        f.fx.events.putTargets(b -> b.rule("orders").targets(t -> t.id("q").arn(f.fx.emulator.queueArn("gone"))
                .deadLetterConfig(d -> d.arn(f.fx.emulator.queueArn("dlq")))));
        alarmOn("FailedInvocations");
        alarmOn("InvocationsSentToDlq");
        assertThat(alarm("FailedInvocations").stateValueAsString()).isEqualTo("INSUFFICIENT_DATA");

        putEvents("default", 3);
        List<String> failed = new ArrayList<>();
        List<String> dlq = new ArrayList<>();
        f.minutes(1);
        failed.add(alarm("FailedInvocations").stateValueAsString());
        dlq.add(alarm("InvocationsSentToDlq").stateValueAsString());

        MetricAlarm raised = alarm("FailedInvocations");
        assertThat(raised.stateReason()).isEqualTo("Threshold Crossed: 1 out of the last 1 datapoints "
                + "[3.0 (01/01/26 00:00:00)] was greater than or equal to the threshold (1.0) "
                + "(minimum 1 datapoint for INSUFFICIENT_DATA -> ALARM transition).");
        JsonNode data = json.readTree(raised.stateReasonData());
        assertThat(data.get("statistic").asText()).isEqualTo("Sum");
        assertThat(data.get("period").asInt()).isEqualTo(60);
        assertThat(data.get("recentDatapoints").get(0).asDouble()).isEqualTo(3.0);
        assertThat(data.get("evaluatedDatapoints").get(0).get("timestamp").asText())
                .isEqualTo("2026-01-01T00:00:00.000+0000");
        assertThat(raised.stateUpdatedTimestamp()).isEqualTo(Instant.parse("2026-01-01T00:01:00Z"));

        // The queue is back and deliveries succeed: no more failures.
        f.fx.queueForEvents("gone");
        putEvents("default", 2);
        for (int minute = 2; minute <= 5; minute++) {
            f.minutes(1);
            failed.add(alarm("FailedInvocations").stateValueAsString());
            dlq.add(alarm("InvocationsSentToDlq").stateValueAsString());
        }
        // The minute with failures stays in the 3-period evaluation range for three evaluations, as in CloudWatch.
        assertThat(failed).containsExactly("ALARM", "ALARM", "ALARM", "OK", "OK");
        assertThat(dlq).containsExactly("ALARM", "ALARM", "ALARM", "OK", "OK");
        assertThat(alarm("FailedInvocations").stateReason()).isEqualTo("Threshold Crossed: no datapoints were "
                + "received for 1 period and 1 missing datapoint was treated as [NonBreaching].");

        List<AlarmHistoryItem> history = f.cw.describeAlarmHistory(b -> b.alarmName("FailedInvocations")
                .scanBy(ScanBy.TIMESTAMP_ASCENDING)).alarmHistoryItems();
        assertThat(history).extracting(AlarmHistoryItem::historyItemTypeAsString, AlarmHistoryItem::historySummary)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ConfigurationUpdate", "Alarm \"FailedInvocations\" created"),
                        org.assertj.core.groups.Tuple.tuple("StateUpdate", "Alarm updated from INSUFFICIENT_DATA to ALARM"),
                        org.assertj.core.groups.Tuple.tuple("Action", "Successfully executed action " + TOPIC),
                        org.assertj.core.groups.Tuple.tuple("StateUpdate", "Alarm updated from ALARM to OK"),
                        org.assertj.core.groups.Tuple.tuple("Action", "Successfully executed action " + TOPIC));
        assertThat(history.get(1).timestamp()).isEqualTo(Instant.parse("2026-01-01T00:01:00Z"));
        assertThat(history.get(3).timestamp()).isEqualTo(Instant.parse("2026-01-01T00:04:00Z"));
        assertThat(f.cw.describeAlarmHistory(b -> b.alarmName("FailedInvocations")
                .historyItemType(HistoryItemType.ACTION)).alarmHistoryItems()).hasSize(2);
    }

    @Test
    void awsEventsMetrics_afterAKnownRun_equalTheExactCountsOfItsOutcomes() {
        f.fx.queueForEvents("good");
        f.fx.queueForEvents("dlq");
        f.fx.events.createEventBus(b -> b.name("custom"));
        f.fx.events.putRule(b -> b.name("ok").eventPattern("{\"source\":[\"shop\"]}"));
        f.fx.events.putTargets(b -> b.rule("ok").targets(t -> t.id("q").arn(f.fx.emulator.queueArn("good"))));
        f.fx.events.putRule(b -> b.name("bad").eventBusName("custom").eventPattern("{\"source\":[\"shop\"]}"));
        f.fx.events.putTargets(b -> b.rule("bad").eventBusName("custom").targets(t -> t.id("q")
                .arn(f.fx.emulator.queueArn("missing")).deadLetterConfig(d -> d.arn(f.fx.emulator.queueArn("dlq")))));
        Instant t0 = f.now();

        putEvents("default", 5);
        putEvents("custom", 3);
        f.minutes(2);

        Map<String, String> defaultRule = Map.of("RuleName", "ok");
        Map<String, String> customRule = Map.of("EventBusName", "custom", "RuleName", "bad");
        assertThat(sum("Invocations", defaultRule, t0)).isEqualTo(5.0);
        assertThat(sum("MatchedEvents", defaultRule, t0)).isEqualTo(5.0);
        assertThat(sum("FailedInvocations", customRule, t0)).isEqualTo(3.0);
        assertThat(sum("InvocationsSentToDlq", customRule, t0)).isEqualTo(3.0);
        assertThat(sum("Invocations", customRule, t0)).isEqualTo(3.0);
        assertThat(sum("Invocations", Map.of(), t0)).isEqualTo(8.0);
        assertThat(sum("PutEventsApproximateCallCount", Map.of(), t0)).isEqualTo(8.0);
        assertThat(sum("PutEventsEntriesCount", Map.of(), t0)).isEqualTo(8.0);
        // Zero suppression and AWS's dimensions: these series do not exist at all.
        assertThat(sum("FailedInvocations", defaultRule, t0)).isNull();
        assertThat(sum("InvocationsSentToDlq", defaultRule, t0)).isNull();
        assertThat(sum("FailedInvocations", Map.of("RuleName", "bad"), t0)).isNull();
        assertThat(sum("PutEventsFailedEntriesCount", Map.of(), t0)).isNull();
        assertThat(f.cw.listMetrics(b -> b.namespace("AWS/Events").metricName("FailedInvocations")).metrics())
                .extracting(m -> m.dimensions().size()).containsExactly(2);
    }

    private Double sum(String metric, Map<String, String> dimensions, Instant from) {
        List<Dimension> dims = new ArrayList<>();
        dimensions.forEach((k, v) -> dims.add(Dimension.builder().name(k).value(v).build()));
        List<Datapoint> points = f.cw.getMetricStatistics(b -> b.namespace("AWS/Events").metricName(metric)
                .dimensions(dims).startTime(from).endTime(from.plusSeconds(600)).period(600)
                .statistics(Statistic.SUM)).datapoints();
        return points.isEmpty() ? null : points.get(0).sum();
    }

}

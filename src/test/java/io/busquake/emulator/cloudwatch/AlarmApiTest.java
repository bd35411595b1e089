package io.busquake.emulator.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.AlarmHistoryItem;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.HistoryItemType;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.cloudwatch.model.Tag;

class AlarmApiTest {
    private static final String TOPIC = "arn:aws:sns:us-east-1:000000000000:oncall";
    private final CloudWatchFixture f = new CloudWatchFixture();

    @AfterEach
    void close() {
        f.close();
    }

    private void put(String metric, Instant at, double value) {
        f.cw.putMetricData(b -> b.namespace("App").metricData(MetricDatum.builder().metricName(metric).timestamp(at)
                .value(value).build()));
    }

    private void simpleAlarm(String name, String metric) {
        f.cw.putMetricAlarm(b -> b.alarmName(name).namespace("App").metricName(metric).statistic(Statistic.SUM)
                .period(60).evaluationPeriods(1).threshold(5.0).treatMissingData("notBreaching")
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).alarmActions(TOPIC));
    }

    private String state(String name) {
        return f.cw.describeAlarms(b -> b.alarmNames(name)).metricAlarms().get(0).stateValueAsString();
    }

    @Test
    void newAlarm_startsInsufficientData_withAwsInitialReason() {
        simpleAlarm("a", "M");
        var alarm = f.cw.describeAlarms(b -> b.alarmNames("a")).metricAlarms().get(0);
        assertThat(alarm.stateValue()).isEqualTo(StateValue.INSUFFICIENT_DATA);
        assertThat(alarm.stateReason()).isEqualTo("Unchecked: Initial alarm creation");
        assertThat(alarm.alarmArn()).isEqualTo("arn:aws:cloudwatch:us-east-1:000000000000:alarm:a");
        assertThat(alarm.datapointsToAlarm()).isEqualTo(1);
        assertThat(alarm.actionsEnabled()).isTrue();
        assertThat(alarm.alarmActions()).containsExactly(TOPIC);
    }

    @Test
    void setAlarmState_lastsOnlyUntilTheNextEvaluation() {
        simpleAlarm("a", "M");
        f.cw.setAlarmState(b -> b.alarmName("a").stateValue(StateValue.ALARM).stateReason("drill"));
        assertThat(state("a")).isEqualTo("ALARM");
        f.fx.clock.advance(Duration.ofMinutes(1));
        assertThat(state("a")).isEqualTo("OK");
        assertThat(f.cw.describeAlarmHistory(b -> b.alarmName("a").historyItemType(HistoryItemType.STATE_UPDATE))
                .alarmHistoryItems()).extracting(AlarmHistoryItem::historySummary).containsExactly(
                        "Alarm updated from ALARM to OK", "Alarm updated from INSUFFICIENT_DATA to ALARM");
    }

    @Test
    void disabledActions_recordNoFiring_andEnablingBringsThemBack() {
        simpleAlarm("a", "M");
        f.cw.disableAlarmActions(b -> b.alarmNames("a"));
        put("M", f.now(), 10);
        f.fx.clock.advance(Duration.ofMinutes(1));
        assertThat(state("a")).isEqualTo("ALARM");
        assertThat(actions("a")).isEmpty();
        assertThat(f.cw.describeAlarms(b -> b.alarmNames("a")).metricAlarms().get(0).actionsEnabled()).isFalse();

        f.cw.enableAlarmActions(b -> b.alarmNames("a"));
        f.fx.clock.advance(Duration.ofMinutes(3));
        assertThat(state("a")).isEqualTo("OK");
        f.cw.setAlarmState(b -> b.alarmName("a").stateValue(StateValue.ALARM).stateReason("drill"));
        assertThat(actions("a")).containsExactly("Successfully executed action " + TOPIC);
    }

    private List<String> actions(String name) {
        List<String> out = new ArrayList<>();
        f.cw.describeAlarmHistory(b -> b.alarmName(name).historyItemType(HistoryItemType.ACTION)).alarmHistoryItems()
                .forEach(i -> out.add(i.historySummary()));
        return out;
    }

    @Test
    void updatingAnAlarm_keepsItsState_andRecordsAConfigurationUpdate() {
        simpleAlarm("a", "M");
        f.cw.setAlarmState(b -> b.alarmName("a").stateValue(StateValue.ALARM).stateReason("drill"));
        f.cw.putMetricAlarm(b -> b.alarmName("a").namespace("App").metricName("M").statistic(Statistic.SUM)
                .period(60).evaluationPeriods(2).threshold(7.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD));
        var alarm = f.cw.describeAlarms(b -> b.alarmNames("a")).metricAlarms().get(0);
        assertThat(alarm.stateValue()).isEqualTo(StateValue.ALARM);
        assertThat(alarm.threshold()).isEqualTo(7.0);
        assertThat(f.cw.describeAlarmHistory(b -> b.alarmName("a").historyItemType(HistoryItemType.CONFIGURATION_UPDATE))
                .alarmHistoryItems()).extracting(AlarmHistoryItem::historySummary)
                .containsExactly("Alarm \"a\" updated", "Alarm \"a\" created");
    }

    @Test
    void deleteAlarms_keepsTheHistory_andUnknownNamesAreNotFound() {
        simpleAlarm("a", "M");
        f.cw.deleteAlarms(b -> b.alarmNames("a"));
        assertThat(f.cw.describeAlarms(b -> b.alarmNames("a")).metricAlarms()).isEmpty();
        assertThat(f.cw.describeAlarmHistory(b -> b.alarmName("a")).alarmHistoryItems())
                .extracting(AlarmHistoryItem::historySummary).containsExactly("Alarm \"a\" deleted", "Alarm \"a\" created");
        // The model's ResourceNotFound error has no class of its own in SDK v2: its code tells it apart.
        assertThatThrownBy(() -> f.cw.deleteAlarms(b -> b.alarmNames("nope")))
                .isInstanceOfSatisfying(CloudWatchException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFound");
                    assertThat(e.statusCode()).isEqualTo(404);
                });
    }

    @Test
    void tags_areStoredOnTheAlarmArn() {
        f.cw.putMetricAlarm(b -> b.alarmName("a").namespace("App").metricName("M").statistic(Statistic.SUM)
                .period(60).evaluationPeriods(1).threshold(5.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .tags(Tag.builder().key("team").value("core").build()));
        String arn = f.cw.describeAlarms(b -> b.alarmNames("a")).metricAlarms().get(0).alarmArn();
        f.cw.tagResource(b -> b.resourceARN(arn).tags(Tag.builder().key("env").value("ci").build()));
        assertThat(f.cw.listTagsForResource(b -> b.resourceARN(arn)).tags()).containsExactly(
                Tag.builder().key("env").value("ci").build(), Tag.builder().key("team").value("core").build());
        assertThatThrownBy(() -> f.cw.listTagsForResource(b -> b.resourceARN(arn + "x")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void describeAlarmsForMetric_findsTheAlarmsOnThatMetric() {
        simpleAlarm("a", "M");
        simpleAlarm("b", "Other");
        assertThat(f.cw.describeAlarmsForMetric(b -> b.namespace("App").metricName("M")).metricAlarms())
                .extracting(m -> m.alarmName()).containsExactly("a");
    }

    @Test
    void invalidPeriod_isRejectedWithTheReasonAndTheAllowedValues() {
        assertThatThrownBy(() -> f.cw.putMetricAlarm(b -> b.alarmName("a").namespace("App").metricName("M")
                .statistic(Statistic.SUM).period(45).evaluationPeriods(1).threshold(5.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)))
                .isInstanceOf(CloudWatchException.class).hasMessageContaining("10, 20, 30 or a multiple of 60")
                .hasMessageContaining("45");
    }

    @Test
    void metricMathAlarm_evaluatesTheExpression() {
        Instant t0 = f.now();
        put("Errors", t0.plusSeconds(1), 3);
        put("Calls", t0.plusSeconds(1), 10);
        f.cw.putMetricAlarm(b -> b.alarmName("rate").evaluationPeriods(1).threshold(20.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).metrics(
                        MetricDataQuery.builder().id("e").returnData(false).metricStat(s -> s.period(60).stat("Sum")
                                .metric(m -> m.namespace("App").metricName("Errors"))).build(),
                        MetricDataQuery.builder().id("c").returnData(false).metricStat(s -> s.period(60).stat("Sum")
                                .metric(m -> m.namespace("App").metricName("Calls"))).build(),
                        MetricDataQuery.builder().id("r").expression("100 * FILL(e, 0) / c").label("error %").build()));
        f.fx.clock.advance(Duration.ofMinutes(1));
        var alarm = f.cw.describeAlarms(b -> b.alarmNames("rate")).metricAlarms().get(0);
        assertThat(alarm.stateValue()).isEqualTo(StateValue.ALARM);
        assertThat(alarm.stateReason()).contains("[30.0 (01/01/26 00:00:00)]");
        assertThat(alarm.metrics()).hasSize(3);
    }

    @Test
    void percentileAlarm_usesTheExtendedStatistic() {
        Instant t0 = f.now();
        f.cw.putMetricData(b -> b.namespace("App").metricData(MetricDatum.builder().metricName("Latency")
                .timestamp(t0.plusSeconds(1)).values(10.0, 20.0, 900.0).counts(97.0, 1.0, 2.0).build()));
        f.cw.putMetricAlarm(b -> b.alarmName("p99").namespace("App").metricName("Latency").extendedStatistic("p99")
                .period(60).evaluationPeriods(1).threshold(500.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD));
        f.cw.putMetricAlarm(b -> b.alarmName("p50").namespace("App").metricName("Latency").extendedStatistic("p50")
                .period(60).evaluationPeriods(1).threshold(500.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD));
        f.fx.clock.advance(Duration.ofMinutes(1));
        assertThat(state("p99")).isEqualTo("ALARM");
        assertThat(state("p50")).isEqualTo("OK");
    }

    @Test
    void highResolutionAlarm_isEvaluatedEveryTenSeconds() {
        Instant t0 = f.now();
        f.cw.putMetricData(b -> b.namespace("App").metricData(MetricDatum.builder().metricName("Hi")
                .timestamp(t0.plusSeconds(12)).value(9.0).storageResolution(1).build()));
        f.cw.putMetricAlarm(b -> b.alarmName("hi").namespace("App").metricName("Hi").statistic(Statistic.MAXIMUM)
                .period(10).evaluationPeriods(1).threshold(5.0).treatMissingData("notBreaching")
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD));
        f.fx.clock.advance(Duration.ofSeconds(10));
        assertThat(state("hi")).isEqualTo("OK");
        f.fx.clock.advance(Duration.ofSeconds(10));
        assertThat(state("hi")).isEqualTo("ALARM");
        assertThat(f.cw.describeAlarms(b -> b.alarmNames("hi")).metricAlarms().get(0).stateUpdatedTimestamp())
                .isEqualTo(t0.plusSeconds(20));
    }
}

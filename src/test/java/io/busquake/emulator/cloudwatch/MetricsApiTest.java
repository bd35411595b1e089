package io.busquake.emulator.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.InvalidParameterValueException;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

class MetricsApiTest {
    private final CloudWatchFixture f = new CloudWatchFixture();

    @AfterEach
    void close() {
        f.close();
    }

    private void put(String name, Instant at, double... values) {
        for (double v : values) {
            f.cw.putMetricData(b -> b.namespace("App").metricData(MetricDatum.builder().metricName(name)
                    .dimensions(Dimension.builder().name("Svc").value("api").build()).timestamp(at).value(v)
                    .unit(StandardUnit.MILLISECONDS).build()));
        }
    }

    private static MetricDataQuery stat(String id, String name, String stat) {
        return MetricDataQuery.builder().id(id).metricStat(s -> s.period(60).stat(stat).metric(m -> m.namespace("App")
                .metricName(name).dimensions(Dimension.builder().name("Svc").value("api").build()))).build();
    }

    @Test
    void getMetricStatistics_givesEveryStatisticPerMinute() {
        Instant t0 = f.now();
        put("Latency", t0.plusSeconds(5), 10, 20, 30);
        put("Latency", t0.plusSeconds(65), 100);
        List<Datapoint> points = f.cw.getMetricStatistics(b -> b.namespace("App").metricName("Latency")
                .dimensions(Dimension.builder().name("Svc").value("api").build()).startTime(t0)
                .endTime(t0.plusSeconds(120)).period(60).statistics(Statistic.SUM, Statistic.AVERAGE,
                        Statistic.MINIMUM, Statistic.MAXIMUM, Statistic.SAMPLE_COUNT)).datapoints();
        List<Datapoint> percentiles = f.cw.getMetricStatistics(b -> b.namespace("App").metricName("Latency")
                .dimensions(Dimension.builder().name("Svc").value("api").build()).startTime(t0)
                .endTime(t0.plusSeconds(120)).period(60).extendedStatistics("p50")).datapoints();
        assertThat(points).hasSize(2);
        Datapoint first = points.get(0);
        assertThat(first.timestamp()).isEqualTo(t0);
        assertThat(first.sum()).isEqualTo(60.0);
        assertThat(first.average()).isEqualTo(20.0);
        assertThat(first.minimum()).isEqualTo(10.0);
        assertThat(first.maximum()).isEqualTo(30.0);
        assertThat(first.sampleCount()).isEqualTo(3.0);
        assertThat(percentiles.get(0).extendedStatistics().get("p50")).isBetween(19.9, 20.1);
        assertThat(first.unit()).isEqualTo(StandardUnit.MILLISECONDS);
        assertThat(points.get(1).sum()).isEqualTo(100.0);
    }

    @Test
    void getMetricData_evaluatesMathWithFillAndIf_newestFirst() {
        Instant t0 = f.now();
        put("Errors", t0.plusSeconds(1), 4);
        put("Errors", t0.plusSeconds(121), 6);
        put("Calls", t0.plusSeconds(1), 8);
        put("Calls", t0.plusSeconds(61), 10);
        put("Calls", t0.plusSeconds(121), 12);
        GetMetricDataResponse r = f.cw.getMetricData(b -> b.startTime(t0).endTime(t0.plusSeconds(180))
                .metricDataQueries(stat("e", "Errors", "Sum").toBuilder().returnData(false).build(),
                        stat("c", "Calls", "Sum").toBuilder().returnData(false).build(),
                        MetricDataQuery.builder().id("rate").expression("100 * FILL(e, 0) / c").build(),
                        MetricDataQuery.builder().id("flag").expression("IF(FILL(e, 0) > 5, 1, 0)").build(),
                        MetricDataQuery.builder().id("total").expression("SUM([e, c])").build()));
        var byId = new java.util.HashMap<String, software.amazon.awssdk.services.cloudwatch.model.MetricDataResult>();
        r.metricDataResults().forEach(m -> byId.put(m.id(), m));
        assertThat(byId).containsOnlyKeys("rate", "flag", "total");
        assertThat(byId.get("rate").values()).containsExactly(50.0, 0.0, 50.0);
        assertThat(byId.get("rate").timestamps()).containsExactly(t0.plusSeconds(120), t0.plusSeconds(60), t0);
        assertThat(byId.get("flag").values()).containsExactly(1.0, 0.0, 0.0);
        assertThat(byId.get("total").values()).containsExactly(18.0, 10.0, 12.0);

        GetMetricDataResponse asc = f.cw.getMetricData(b -> b.startTime(t0).endTime(t0.plusSeconds(180))
                .scanBy(ScanBy.TIMESTAMP_ASCENDING).metricDataQueries(stat("e", "Errors", "Sum")));
        assertThat(asc.metricDataResults().get(0).values()).containsExactly(4.0, 6.0);
        assertThat(asc.metricDataResults().get(0).label()).isEqualTo("Errors");
    }

    @Test
    void highResolutionData_isQueryableAtTenSeconds() {
        Instant t0 = f.now();
        for (int s = 0; s < 30; s++) {
            int second = s;
            f.cw.putMetricData(b -> b.namespace("App").metricData(MetricDatum.builder().metricName("Hi")
                    .timestamp(t0.plusSeconds(second)).value(1.0).storageResolution(1).build()));
        }
        GetMetricDataResponse r = f.cw.getMetricData(b -> b.startTime(t0).endTime(t0.plusSeconds(30))
                .scanBy(ScanBy.TIMESTAMP_ASCENDING).metricDataQueries(MetricDataQuery.builder().id("h")
                        .metricStat(s -> s.period(10).stat("Sum").metric(m -> m.namespace("App").metricName("Hi")))
                        .build()));
        assertThat(r.metricDataResults().get(0).values()).containsExactly(10.0, 10.0, 10.0);
    }

    @Test
    void listMetrics_filtersByNamespaceAndDimension() {
        put("Latency", f.now(), 1);
        f.cw.putMetricData(b -> b.namespace("Other").metricData(MetricDatum.builder().metricName("X").value(1.0).build()));
        var metrics = f.cw.listMetrics(b -> b.namespace("App").dimensions(d -> d.name("Svc"))).metrics();
        assertThat(metrics).hasSize(1);
        assertThat(metrics.get(0).metricName()).isEqualTo("Latency");
        assertThat(metrics.get(0).dimensions()).containsExactly(Dimension.builder().name("Svc").value("api").build());
    }

    @Test
    void getMetricStatistics_withBothStatisticKinds_isRejectedAsAwsDoes() {
        assertThatThrownBy(() -> f.cw.getMetricStatistics(b -> b.namespace("App").metricName("Latency")
                .startTime(f.now()).endTime(f.now().plusSeconds(60)).period(60).statistics(Statistic.SUM)
                .extendedStatistics("p50")))
                .isInstanceOf(software.amazon.awssdk.services.cloudwatch.model.InvalidParameterCombinationException.class);
    }

    @Test
    void putMetricData_intoAnAwsNamespace_isRejectedWithTheModeledException() {
        assertThatThrownBy(() -> f.cw.putMetricData(b -> b.namespace("AWS/Events").metricData(
                MetricDatum.builder().metricName("Invocations").value(1.0).build())))
                .isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining("AWS/ prefix is reserved");
    }
}

package io.busquake.scenario;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A CloudWatch metric alarm with PutMetricAlarm's fields.
 *
 * @param statistic         Statistic; empty exactly when {@code extendedStatistic} is present
 * @param extendedStatistic ExtendedStatistic (a percentile such as p99)
 * @param period            10, 20, 30 seconds or a multiple of 60 seconds
 * @param treatMissingData  missing (AWS's default), notBreaching, breaching or ignore
 */
public record AlarmDefinition(String name, String description, String namespace, String metric,
                              Map<String, String> dimensions, Optional<String> statistic,
                              Optional<String> extendedStatistic, Duration period, int evaluationPeriods,
                              int datapointsToAlarm, double threshold, String comparisonOperator,
                              String treatMissingData) {
    public AlarmDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(metric, "metric");
        dimensions = Topology.ordered(dimensions);
        if (statistic.isPresent() == extendedStatistic.isPresent()) {
            throw new IllegalArgumentException("alarm " + name + " needs exactly one of statistic or extendedStatistic");
        }
        Objects.requireNonNull(period, "period");
        if (datapointsToAlarm < 1 || datapointsToAlarm > evaluationPeriods) {
            throw new IllegalArgumentException("alarm " + name + ": datapointsToAlarm " + datapointsToAlarm
                    + " is outside 1.." + evaluationPeriods);
        }
        Objects.requireNonNull(comparisonOperator, "comparisonOperator");
        Objects.requireNonNull(treatMissingData, "treatMissingData");
    }

    /** A one-datapoint alarm on the Sum of a count metric over one minute. */
    static AlarmDefinition sumOverOneMinute(String name, String description, String namespace, String metric,
                                            Map<String, String> dimensions, double threshold,
                                            String comparisonOperator, String treatMissingData) {
        return new AlarmDefinition(name, description, namespace, metric, dimensions, Optional.of("Sum"),
                Optional.empty(), Duration.ofSeconds(60), 1, 1, threshold, comparisonOperator, treatMissingData);
    }

    /** This alarm with another Statistic (and no ExtendedStatistic). */
    public AlarmDefinition withStatistic(String newStatistic) {
        return new AlarmDefinition(name, description, namespace, metric, dimensions, Optional.of(newStatistic),
                Optional.empty(), period, evaluationPeriods, datapointsToAlarm, threshold, comparisonOperator,
                treatMissingData);
    }
}

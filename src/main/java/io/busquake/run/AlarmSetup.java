package io.busquake.run;

import io.busquake.scenario.AlarmDefinition;
import io.busquake.target.RunTarget;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest;

/** Creates the scenario's alarms with PutMetricAlarm before the load, and deletes them at tear-down. */
final class AlarmSetup {
    private static final Logger LOG = LoggerFactory.getLogger(AlarmSetup.class);

    private final RunTarget target;
    private final List<String> created = new ArrayList<>();

    private AlarmSetup(RunTarget target) {
        this.target = target;
    }

    static AlarmSetup create(RunTarget target, List<AlarmDefinition> alarms) {
        AlarmSetup setup = new AlarmSetup(target);
        for (AlarmDefinition alarm : alarms) {
            PutMetricAlarmRequest.Builder request = PutMetricAlarmRequest.builder().alarmName(alarm.name())
                    .alarmDescription(alarm.description()).namespace(alarm.namespace()).metricName(alarm.metric())
                    .dimensions(alarm.dimensions().entrySet().stream()
                            .map(d -> Dimension.builder().name(d.getKey()).value(d.getValue()).build()).toList())
                    .period((int) alarm.period().toSeconds()).evaluationPeriods(alarm.evaluationPeriods())
                    .datapointsToAlarm(alarm.datapointsToAlarm()).threshold(alarm.threshold())
                    .comparisonOperator(alarm.comparisonOperator()).treatMissingData(alarm.treatMissingData());
            alarm.statistic().ifPresent(request::statistic);
            alarm.extendedStatistic().ifPresent(request::extendedStatistic);
            try {
                target.cloudWatch().putMetricAlarm(request.build());
            } catch (SdkException e) {
                // Some endpoints (moto, for one) serve no CloudWatch alarms: the run goes on, and the verifier
                // reports each alarm expectation as not verifiable rather than passed.
                LOG.warn("{} does not take CloudWatch alarms ({}); alarm expectations will be not verifiable",
                        target, e.getMessage());
                break;
            }
            setup.created.add(alarm.name());
        }
        return setup;
    }

    List<String> created() {
        return List.copyOf(created);
    }

    void delete() {
        if (created.isEmpty()) {
            return;
        }
        try {
            target.cloudWatch().deleteAlarms(b -> b.alarmNames(created));
        } catch (SdkException e) {
            LOG.warn("could not delete the alarms {} from {}: {}; delete them by hand", created, target,
                    e.getMessage());
        }
        created.clear();
    }
}

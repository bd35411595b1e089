package io.busquake.verify.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.busquake.verify.AlarmChange;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmHistoryItem;
import software.amazon.awssdk.services.cloudwatch.model.HistoryItemType;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;

/** Reads alarms' state changes with DescribeAlarmHistory (StateUpdate items) and which alarms exist. */
public final class AlarmHistory {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CloudWatchClient cloudWatch;

    public AlarmHistory(CloudWatchClient cloudWatch) {
        this.cloudWatch = cloudWatch;
    }

    /** The state changes of {@code alarm} since {@code from}, oldest first. */
    public List<AlarmChange> changes(String alarm, Instant from, Instant to) {
        List<AlarmChange> changes = new ArrayList<>();
        for (AlarmHistoryItem item : cloudWatch.describeAlarmHistoryPaginator(b -> b.alarmName(alarm)
                .historyItemType(HistoryItemType.STATE_UPDATE).startDate(from).endDate(to)
                .scanBy(ScanBy.TIMESTAMP_ASCENDING).maxRecords(100)).alarmHistoryItems()) {
            changes.add(parse(item));
        }
        changes.sort(Comparator.comparing(AlarmChange::at));
        return changes;
    }

    /** The names among {@code alarms} that exist on the target. */
    public Set<String> existing(Collection<String> alarms) {
        Set<String> found = new HashSet<>();
        List<String> names = new ArrayList<>(alarms);
        // DescribeAlarms takes at most 100 names per request.
        for (int i = 0; i < names.size(); i += 100) {
            List<String> page = names.subList(i, Math.min(names.size(), i + 100));
            cloudWatch.describeAlarmsPaginator(b -> b.alarmNames(page)).metricAlarms()
                    .forEach(alarm -> found.add(alarm.alarmName()));
        }
        return found;
    }

    private static AlarmChange parse(AlarmHistoryItem item) {
        String from = "?";
        String to = "?";
        try {
            JsonNode data = JSON.readTree(item.historyData() == null ? "{}" : item.historyData());
            from = data.path("oldState").path("stateValue").asText("?");
            to = data.path("newState").path("stateValue").asText("?");
        } catch (IOException e) {
            // The summary below still says what happened; the states stay unknown.
        }
        return new AlarmChange(item.alarmName(), item.timestamp(), from, to,
                item.historySummary() == null ? "" : item.historySummary());
    }
}

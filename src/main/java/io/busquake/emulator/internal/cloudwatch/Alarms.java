package io.busquake.emulator.internal.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.busquake.emulator.internal.Json;
import io.busquake.emulator.internal.metrics.MetricKey;
import io.busquake.emulator.internal.metrics.MetricStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The metric alarms of one account and Region: their configuration, state, evaluation and history. Every method is
 * synchronized: evaluation (on the clock's thread) and API calls (on the endpoint's threads) see one consistent state.
 */
final class Alarms {
    private static final DateTimeFormatter REASON_TIME = DateTimeFormatter.ofPattern("dd/MM/yy HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")
            .withZone(ZoneOffset.UTC);
    private static final Set<String> STATES = Set.of(AlarmLogic.OK, AlarmLogic.ALARM, AlarmLogic.INSUFFICIENT_DATA);

    private final MetricStore store;
    private final Clock clock;
    private final String arnPrefix;
    private final Map<String, Alarm> alarms = new TreeMap<>();
    private final List<HistoryItem> history = new ArrayList<>();

    private record HistoryItem(String alarmName, Instant timestamp, String type, String summary, String data) {
    }

    Alarms(MetricStore store, Clock clock, String region, String account) {
        this.store = store;
        this.clock = clock;
        this.arnPrefix = "arn:aws:cloudwatch:" + region + ":" + account + ":alarm:";
    }

    synchronized String arnOf(String name) {
        Alarm a = alarms.get(name);
        return a == null ? null : a.arn;
    }

    synchronized boolean exists(String arn) {
        return arn.startsWith(arnPrefix) && alarms.containsKey(arn.substring(arnPrefix.length()));
    }

    synchronized void put(ObjectNode in) {
        Instant now = clock.instant();
        Alarm created = new Alarm(in, arnPrefix + Alarm.required(in, "AlarmName"), store, now);
        Alarm previous = alarms.get(created.name);
        ObjectNode data = Json.object();
        data.put("version", "1.0");
        if (previous != null) {
            // An update rewrites the configuration but leaves the state as it was.
            created.state = previous.state;
            created.stateReason = previous.stateReason;
            created.stateReasonData = previous.stateReasonData;
            created.stateUpdated = previous.stateUpdated;
            created.stateTransitioned = previous.stateTransitioned;
            data.put("type", "Update");
            data.set("updatedAlarm", historyView(created));
            data.set("originalAlarm", historyView(previous));
        } else {
            data.put("type", "Create");
            data.set("createdAlarm", historyView(created));
        }
        alarms.put(created.name, created);
        record(created.name, now, "ConfigurationUpdate", "Alarm \"" + created.name + "\" "
                + (previous == null ? "created" : "updated"), Json.write(data));
    }

    private static ObjectNode historyView(Alarm a) {
        ObjectNode view = Json.object();
        a.config.fields().forEachRemaining(f -> {
            String k = f.getKey();
            view.set(Character.toLowerCase(k.charAt(0)) + k.substring(1), f.getValue());
        });
        view.put("actionsEnabled", a.actionsEnabled);
        return view;
    }

    synchronized void delete(JsonNode names) {
        List<String> missing = new ArrayList<>();
        for (JsonNode n : names) {
            if (!alarms.containsKey(n.asText())) {
                missing.add(n.asText());
            }
        }
        if (!missing.isEmpty()) {
            throw CloudWatchException.alarmNotFound("Alarms not found: " + missing);
        }
        Instant now = clock.instant();
        for (JsonNode n : names) {
            Alarm a = alarms.remove(n.asText());
            ObjectNode data = Json.object().put("version", "1.0").put("type", "Delete");
            data.set("deletedAlarm", historyView(a));
            record(a.name, now, "ConfigurationUpdate", "Alarm \"" + a.name + "\" deleted", Json.write(data));
        }
    }

    synchronized void setActionsEnabled(JsonNode names, boolean enabled) {
        for (JsonNode n : names) {
            Alarm a = alarms.get(n.asText());
            if (a != null) {
                a.actionsEnabled = enabled;
            }
        }
    }

    synchronized void setState(ObjectNode in) {
        String name = Alarm.required(in, "AlarmName");
        String value = Alarm.required(in, "StateValue");
        String reason = Alarm.required(in, "StateReason");
        if (!STATES.contains(value)) {
            throw CloudWatchException.invalidParameter("The value " + value + " for parameter StateValue is not valid; "
                    + "use OK, ALARM or INSUFFICIENT_DATA.");
        }
        String reasonData = in.hasNonNull("StateReasonData") ? in.get("StateReasonData").asText() : null;
        if (reasonData != null) {
            try {
                Json.MAPPER.readTree(reasonData);
            } catch (Exception e) {
                throw CloudWatchException.invalidFormat("StateReasonData must be JSON, but was '" + reasonData + "'.");
            }
        }
        Alarm a = alarms.get(name);
        if (a == null) {
            throw CloudWatchException.alarmNotFound("Alarm " + name + " not found");
        }
        transition(a, value, reason, reasonData, clock.instant());
    }

    synchronized List<ObjectNode> describe(ObjectNode in) {
        List<String> names = new ArrayList<>();
        in.path("AlarmNames").forEach(n -> names.add(n.asText()));
        String prefix = in.path("AlarmNamePrefix").asText(null);
        String state = in.path("StateValue").asText(null);
        String actionPrefix = in.path("ActionPrefix").asText(null);
        if (!names.isEmpty() && prefix != null) {
            throw CloudWatchException.combination("AlarmNames and AlarmNamePrefix cannot be used together; use one.");
        }
        List<ObjectNode> out = new ArrayList<>();
        for (Alarm a : alarms.values()) {
            boolean match = (names.isEmpty() || names.contains(a.name))
                    && (prefix == null || a.name.startsWith(prefix))
                    && (state == null || state.equals(a.state))
                    && (actionPrefix == null || a.alarmActions.stream().anyMatch(s -> s.startsWith(actionPrefix))
                            || a.okActions.stream().anyMatch(s -> s.startsWith(actionPrefix))
                            || a.insufficientDataActions.stream().anyMatch(s -> s.startsWith(actionPrefix)));
            if (match) {
                out.add(a.toNode());
            }
        }
        return out;
    }

    synchronized List<ObjectNode> forMetric(ObjectNode in) {
        MetricKey key = MetricKey.of(Alarm.required(in, "Namespace"), Alarm.required(in, "MetricName"),
                MetricStat.dimensions(in.get("Dimensions"), "Dimensions"));
        String statistic = in.path("Statistic").asText(null);
        String extended = in.path("ExtendedStatistic").asText(null);
        int period = in.path("Period").asInt(0);
        String unit = in.path("Unit").asText(null);
        List<ObjectNode> out = new ArrayList<>();
        for (Alarm a : alarms.values()) {
            if (a.stat == null || !a.stat.key().equals(key)) {
                continue;
            }
            if ((statistic != null && !statistic.equals(a.stat.stat())) || (extended != null
                    && !extended.equals(a.stat.stat())) || (period != 0 && period != a.period)
                    || (unit != null && !unit.equals(a.stat.unit()))) {
                continue;
            }
            out.add(a.toNode());
        }
        return out;
    }

    synchronized ArrayNode history(ObjectNode in) {
        String name = in.path("AlarmName").asText(null);
        String type = in.path("HistoryItemType").asText(null);
        Instant start = Wire.timestamp(in.get("StartDate"), "StartDate");
        Instant end = Wire.timestamp(in.get("EndDate"), "EndDate");
        int max = in.path("MaxRecords").asInt(100);
        if (max < 1 || max > 100) {
            throw CloudWatchException.invalidParameter("The parameter MaxRecords must be 1-100, but was " + max + ".");
        }
        boolean ascending = "TimestampAscending".equals(in.path("ScanBy").asText(null));
        List<HistoryItem> items = new ArrayList<>();
        for (HistoryItem h : history) {
            if ((name == null || name.equals(h.alarmName())) && (type == null || type.equals(h.type()))
                    && (start == null || !h.timestamp().isBefore(start)) && (end == null || h.timestamp().isBefore(end))) {
                items.add(h);
            }
        }
        // History is appended in time order; newest first is AWS's default order.
        if (!ascending) {
            java.util.Collections.reverse(items);
        }
        ArrayNode out = Wire.NODES.arrayNode();
        for (HistoryItem h : items.subList(0, Math.min(max, items.size()))) {
            ObjectNode item = out.addObject();
            item.put("AlarmName", h.alarmName());
            item.put("AlarmType", "MetricAlarm");
            item.set("Timestamp", Wire.timestampNode(h.timestamp()));
            item.put("HistoryItemType", h.type());
            item.put("HistorySummary", h.summary());
            item.put("HistoryData", h.data());
        }
        return out;
    }

    /** One evaluation round at the clock's current instant; standard alarms only on a whole minute. */
    synchronized void evaluateDue() {
        Instant now = clock.instant();
        boolean minute = now.getEpochSecond() % 60 == 0;
        for (Alarm a : alarms.values()) {
            if (a.highResolution() || minute) {
                evaluate(a, now);
            }
        }
    }

    synchronized int size() {
        return alarms.size();
    }

    private void evaluate(Alarm a, Instant now) {
        long t = now.getEpochSecond();
        long latestEnd = t - Math.floorMod(t, a.period);
        int range = AlarmLogic.evaluationRange(a.evaluationPeriods);
        Grid grid = new Grid(latestEnd - (long) range * a.period, a.period, range);
        double[] values;
        double[] counts;
        if (a.stat != null) {
            MetricStat.Points points = a.stat.read(store, grid);
            values = points.values();
            counts = points.sampleCounts();
        } else {
            values = a.queries.values(a.returnId, grid);
            counts = new double[range];
            Arrays.fill(counts, Double.NaN);
        }
        if (a.ignoreLowSampleCount && a.stat != null && Statistics.isPercentile(a.stat.stat())
                && lowSamples(a.stat.stat(), counts)) {
            return;
        }
        boolean[] breaches = new boolean[range];
        for (int i = 0; i < range; i++) {
            breaches[i] = !Double.isNaN(values[i]) && AlarmLogic.breaches(a.comparisonOperator, values[i], a.threshold);
        }
        AlarmLogic.Decision d = AlarmLogic.decide(values, breaches, a.evaluationPeriods, a.datapointsToAlarm,
                a.effectiveTreatMissingData());
        if (d.state() == null || d.state().equals(a.state)) {
            return;
        }
        transition(a, d.state(), reason(a, d, values, grid), reasonData(a, d, values, counts, grid, now), now);
    }

    private static boolean lowSamples(String stat, double[] counts) {
        double p = Statistics.percentile(stat) / 100.0;
        double needed = p >= 0.5 ? 10 / (1 - p) : 10 / Math.max(p, 1e-9);
        return Arrays.stream(counts).anyMatch(c -> !Double.isNaN(c) && c < needed);
    }

    private void transition(Alarm a, String newState, String reason, String reasonData, Instant now) {
        String oldState = a.state;
        String oldReason = a.stateReason;
        a.state = newState;
        a.stateReason = reason;
        a.stateReasonData = reasonData;
        a.stateUpdated = now;
        if (!oldState.equals(newState)) {
            a.stateTransitioned = now;
        }
        ObjectNode data = Json.object().put("version", "1.0");
        data.putObject("oldState").put("stateValue", oldState).put("stateReason", oldReason);
        ObjectNode ns = data.putObject("newState").put("stateValue", newState).put("stateReason", reason);
        if (reasonData != null) {
            try {
                ns.set("stateReasonData", Json.MAPPER.readTree(reasonData));
            } catch (Exception e) {
                ns.put("stateReasonData", reasonData);
            }
        }
        record(a.name, now, "StateUpdate", "Alarm updated from " + oldState + " to " + newState, Json.write(data));
        if (a.actionsEnabled && !oldState.equals(newState)) {
            for (String action : a.actionsFor(newState)) {
                // Nothing is sent: the firing is recorded as AWS records a successful SNS publish.
                ObjectNode actionData = Json.object().put("actionState", "Succeeded")
                        .put("stateUpdateTimestamp", now.toEpochMilli()).put("notificationResource", action);
                record(a.name, now, "Action", "Successfully executed action " + action, Json.write(actionData));
            }
        }
    }

    private void record(String alarm, Instant at, String type, String summary, String data) {
        history.add(new HistoryItem(alarm, at, type, summary, data));
    }

    private static String reason(Alarm a, AlarmLogic.Decision d, double[] values, Grid grid) {
        String to = d.state();
        if (to.equals(AlarmLogic.INSUFFICIENT_DATA)) {
            return "Insufficient Data: " + d.missing() + " " + plural(d.missing(), "datapoint") + " "
                    + (d.missing() == 1 ? "was" : "were") + " unknown.";
        }
        String treatedAs = d.filledAsBreaching() ? "[Breaching]" : "[NonBreaching]";
        if (d.evaluated().isEmpty()) {
            return "Threshold Crossed: no datapoints were received for " + d.filled() + " " + plural(d.filled(), "period")
                    + " and " + d.filled() + " missing " + plural(d.filled(), "datapoint") + " "
                    + (d.filled() == 1 ? "was" : "were") + " treated as " + treatedAs + ".";
        }
        boolean toAlarm = to.equals(AlarmLogic.ALARM);
        int total = d.evaluated().size() + d.filled();
        int shown = toAlarm ? d.breaching() : d.evaluated().size() - d.breaching();
        List<Integer> newestFirst = new ArrayList<>(d.evaluated());
        newestFirst.sort(Comparator.reverseOrder());
        StringBuilder points = new StringBuilder();
        for (int i : newestFirst) {
            boolean breach = AlarmLogic.breaches(a.comparisonOperator, values[i], a.threshold);
            if (breach == toAlarm) {
                if (points.length() > 0) {
                    points.append(", ");
                }
                points.append(values[i]).append(" (").append(REASON_TIME.format(Instant.ofEpochSecond(grid.at(i))))
                        .append(')');
            }
        }
        int minimum = toAlarm ? a.datapointsToAlarm : a.evaluationPeriods - a.datapointsToAlarm + 1;
        String text = "Threshold Crossed: " + shown + " out of the last " + total + " datapoints [" + points + "] "
                + (shown == 1 ? "was " : "were ") + (toAlarm ? "" : "not ") + AlarmLogic.phrase(a.comparisonOperator)
                + " the threshold (" + a.threshold + ") (minimum " + minimum + " " + plural(minimum, "datapoint")
                + " for " + a.state + " -> " + to + " transition).";
        if (d.filled() > 0) {
            text += " " + d.filled() + " missing " + plural(d.filled(), "datapoint") + " "
                    + (d.filled() == 1 ? "was" : "were") + " treated as " + treatedAs + ".";
        }
        return text;
    }

    private static String reasonData(Alarm a, AlarmLogic.Decision d, double[] values, double[] counts, Grid grid,
            Instant now) {
        ObjectNode data = Json.object();
        data.put("version", "1.0");
        data.put("queryDate", DATA_TIME.format(now));
        int oldest = d.evaluated().isEmpty() ? grid.length() - a.evaluationPeriods : d.evaluated().get(0);
        data.put("startDate", DATA_TIME.format(Instant.ofEpochSecond(grid.at(Math.max(0, oldest)))));
        if (a.stat != null) {
            if (Statistics.STANDARD.contains(a.stat.stat())) {
                data.put("statistic", a.stat.stat());
            } else {
                data.put("extendedStatistic", a.stat.stat());
            }
            if (a.stat.unit() != null) {
                data.put("unit", a.stat.unit());
            }
        }
        data.put("period", a.period);
        ArrayNode recent = data.putArray("recentDatapoints");
        d.evaluated().forEach(i -> recent.add(values[i]));
        data.put("threshold", a.threshold);
        ArrayNode evaluated = data.putArray("evaluatedDatapoints");
        List<Integer> newestFirst = new ArrayList<>(d.evaluated());
        newestFirst.sort(Comparator.reverseOrder());
        for (int i : newestFirst) {
            ObjectNode p = evaluated.addObject();
            p.put("timestamp", DATA_TIME.format(Instant.ofEpochSecond(grid.at(i))));
            if (!Double.isNaN(counts[i])) {
                p.put("sampleCount", counts[i]);
            }
            p.put("value", values[i]);
        }
        return Json.write(data);
    }

    private static String plural(int n, String word) {
        return n == 1 ? word : word + "s";
    }
}

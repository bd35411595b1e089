package io.busquake.emulator.internal.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.busquake.emulator.internal.metrics.MetricKey;
import io.busquake.emulator.internal.metrics.MetricStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** One metric alarm: its configuration as PutMetricAlarm set it, and its state. Guarded by {@link Alarms}. */
final class Alarm {
    private static final Set<String> OPERATORS = Set.of("GreaterThanOrEqualToThreshold", "GreaterThanThreshold",
            "LessThanThreshold", "LessThanOrEqualToThreshold");
    private static final Set<String> ANOMALY_OPERATORS = Set.of("LessThanLowerOrGreaterThanUpperThreshold",
            "LessThanLowerThreshold", "GreaterThanUpperThreshold");
    private static final Set<String> TREAT_MISSING = Set.of("missing", "notBreaching", "breaching", "ignore");

    final String name;
    final String arn;
    /** The configuration members as DescribeAlarms shows them, in AWS's order. */
    final ObjectNode config;
    final MetricStat stat;
    final MetricQueries queries;
    final String returnId;
    final int period;
    final int evaluationPeriods;
    final int datapointsToAlarm;
    final double threshold;
    final String comparisonOperator;
    final String treatMissingData;
    final boolean ignoreLowSampleCount;
    final List<String> okActions;
    final List<String> alarmActions;
    final List<String> insufficientDataActions;
    final Instant configurationUpdated;

    boolean actionsEnabled;
    String state = AlarmLogic.INSUFFICIENT_DATA;
    String stateReason = "Unchecked: Initial alarm creation";
    String stateReasonData;
    Instant stateUpdated;
    Instant stateTransitioned;

    Alarm(ObjectNode in, String arn, MetricStore store, Instant now) {
        this.name = required(in, "AlarmName");
        if (name.length() > 255 || !name.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw CloudWatchException.invalidParameter("The parameter AlarmName must be 1-255 printable ASCII "
                    + "characters, but was '" + name + "'.");
        }
        this.arn = arn;
        this.configurationUpdated = now;
        this.stateUpdated = now;
        this.stateTransitioned = now;
        this.evaluationPeriods = requiredInt(in, "EvaluationPeriods");
        if (evaluationPeriods < 1) {
            throw CloudWatchException.validation("The parameter EvaluationPeriods must be at least 1, but was "
                    + evaluationPeriods + ".");
        }
        this.datapointsToAlarm = in.hasNonNull("DatapointsToAlarm") ? in.get("DatapointsToAlarm").asInt()
                : evaluationPeriods;
        if (datapointsToAlarm < 1 || datapointsToAlarm > evaluationPeriods) {
            throw CloudWatchException.validation("DatapointsToAlarm must be between 1 and EvaluationPeriods ("
                    + evaluationPeriods + "), but was " + datapointsToAlarm + ".");
        }
        this.comparisonOperator = required(in, "ComparisonOperator");
        if (ANOMALY_OPERATORS.contains(comparisonOperator)) {
            throw CloudWatchException.validation("busquake does not evaluate anomaly-detection alarms ("
                    + comparisonOperator + "); use one of " + OPERATORS + ".");
        }
        if (!OPERATORS.contains(comparisonOperator)) {
            throw CloudWatchException.validation("The value " + comparisonOperator + " for parameter "
                    + "ComparisonOperator is not valid; use one of " + OPERATORS + ".");
        }
        if (!in.hasNonNull("Threshold")) {
            throw CloudWatchException.validation("Threshold is required for a threshold alarm; set Threshold.");
        }
        this.threshold = in.get("Threshold").asDouble();
        this.treatMissingData = in.hasNonNull("TreatMissingData") ? in.get("TreatMissingData").asText() : "missing";
        if (!TREAT_MISSING.contains(treatMissingData)) {
            throw CloudWatchException.validation("The value " + treatMissingData + " for parameter TreatMissingData "
                    + "is not valid; use one of missing, notBreaching, breaching, ignore.");
        }
        String lowSample = in.path("EvaluateLowSampleCountPercentile").asText("");
        if (!lowSample.isEmpty() && !lowSample.equals("evaluate") && !lowSample.equals("ignore")) {
            throw CloudWatchException.validation("EvaluateLowSampleCountPercentile must be evaluate or ignore, but was "
                    + lowSample + ".");
        }
        this.ignoreLowSampleCount = lowSample.equals("ignore");
        this.actionsEnabled = !in.has("ActionsEnabled") || in.get("ActionsEnabled").asBoolean(true);
        this.okActions = strings(in.get("OKActions"));
        this.alarmActions = strings(in.get("AlarmActions"));
        this.insufficientDataActions = strings(in.get("InsufficientDataActions"));

        boolean hasMetrics = in.hasNonNull("Metrics") && in.get("Metrics").size() > 0;
        boolean hasMetricName = in.hasNonNull("MetricName");
        String statistic = in.hasNonNull("Statistic") ? in.get("Statistic").asText() : null;
        String extended = in.hasNonNull("ExtendedStatistic") ? in.get("ExtendedStatistic").asText() : null;
        if (hasMetrics) {
            if (hasMetricName || statistic != null || extended != null || in.hasNonNull("Period")) {
                throw CloudWatchException.validation("An alarm on Metrics must not also set MetricName, Namespace, "
                        + "Statistic, ExtendedStatistic or Period; set them inside Metrics.");
            }
            this.stat = null;
            this.queries = new MetricQueries(store, in.get("Metrics"), "Metrics");
            List<String> returned = new ArrayList<>();
            queries.queries().forEach((id, q) -> {
                if (q.path("ReturnData").asBoolean(true)) {
                    returned.add(id);
                }
            });
            if (returned.size() != 1) {
                throw CloudWatchException.validation("Exactly one element of the Metrics list must return data (set "
                        + "ReturnData false on the others), but " + returned.size() + " did: " + returned + ".");
            }
            this.returnId = returned.get(0);
            Integer common = null;
            for (String id : queries.queries().keySet()) {
                if (queries.stat(id) != null) {
                    int p = queries.period(id);
                    if (common != null && common != p) {
                        throw CloudWatchException.validation("All metrics of an alarm must have the same period, but "
                                + "Metrics has " + common + " and " + p + ".");
                    }
                    common = p;
                }
            }
            this.period = common != null ? common : queries.period(returnId);
        } else {
            if (!hasMetricName) {
                throw CloudWatchException.validation("Either MetricName (with Namespace, Period and Statistic) or "
                        + "Metrics must be set.");
            }
            if ((statistic == null) == (extended == null)) {
                throw CloudWatchException.validation("Exactly one of Statistic and ExtendedStatistic must be set.");
            }
            if (statistic != null && !Statistics.STANDARD.contains(statistic)) {
                throw CloudWatchException.validation("The value " + statistic + " for parameter Statistic is not "
                        + "valid; use one of " + Statistics.STANDARD + ", or ExtendedStatistic for percentiles.");
            }
            if (extended != null && !Statistics.isPercentile(extended)) {
                throw CloudWatchException.validation("The value " + extended + " for parameter ExtendedStatistic is "
                        + "not valid; use a percentile such as p99.");
            }
            MetricKey key = MetricKey.of(required(in, "Namespace"), in.get("MetricName").asText(),
                    MetricStat.dimensions(in.get("Dimensions"), "Dimensions"));
            this.stat = new MetricStat(key, statistic != null ? statistic : extended,
                    in.hasNonNull("Unit") ? in.get("Unit").asText() : null);
            this.queries = null;
            this.returnId = null;
            this.period = requiredInt(in, "Period");
        }
        if (!(period == 10 || period == 20 || period == 30 || (period > 0 && period % 60 == 0))) {
            throw CloudWatchException.validation("The parameter Period must be 10, 20, 30 or a multiple of 60, but "
                    + "was " + period + ".");
        }
        long window = (long) period * evaluationPeriods;
        long max = period < 3600 ? 86_400 : 7 * 86_400;
        if (window > max) {
            throw CloudWatchException.validation("Period * EvaluationPeriods must not exceed " + max + " seconds ("
                    + (max == 86_400 ? "one day when Period is under an hour" : "seven days") + "), but was "
                    + window + ".");
        }
        this.config = describe(in);
    }

    boolean highResolution() {
        return period < 60;
    }

    /** What the state of the underlying metric is read with; AWS/DynamoDB alarms always ignore missing data. */
    String effectiveTreatMissingData() {
        return stat != null && "AWS/DynamoDB".equals(stat.key().namespace()) ? "ignore" : treatMissingData;
    }

    List<String> actionsFor(String newState) {
        return switch (newState) {
            case AlarmLogic.ALARM -> alarmActions;
            case AlarmLogic.OK -> okActions;
            default -> insufficientDataActions;
        };
    }

    private ObjectNode describe(ObjectNode in) {
        ObjectNode c = Wire.NODES.objectNode();
        c.put("AlarmName", name);
        c.put("AlarmArn", arn);
        if (in.hasNonNull("AlarmDescription")) {
            c.put("AlarmDescription", in.get("AlarmDescription").asText());
        }
        c.set("OKActions", array(okActions));
        c.set("AlarmActions", array(alarmActions));
        c.set("InsufficientDataActions", array(insufficientDataActions));
        if (stat != null) {
            c.put("MetricName", stat.key().name());
            c.put("Namespace", stat.key().namespace());
            if (Statistics.STANDARD.contains(stat.stat())) {
                c.put("Statistic", stat.stat());
            } else {
                c.put("ExtendedStatistic", stat.stat());
            }
            c.set("Dimensions", MetricStat.dimensionsNode(stat.key().dimensions()));
            c.put("Period", period);
            if (stat.unit() != null) {
                c.put("Unit", stat.unit());
            }
        } else {
            c.set("Dimensions", Wire.NODES.arrayNode());
        }
        c.put("EvaluationPeriods", evaluationPeriods);
        c.put("DatapointsToAlarm", datapointsToAlarm);
        c.put("Threshold", threshold);
        c.put("ComparisonOperator", comparisonOperator);
        c.put("TreatMissingData", treatMissingData);
        if (in.hasNonNull("EvaluateLowSampleCountPercentile")) {
            c.put("EvaluateLowSampleCountPercentile", in.get("EvaluateLowSampleCountPercentile").asText());
        }
        if (queries != null) {
            ArrayNode metrics = c.putArray("Metrics");
            queries.queries().forEach((id, q) -> metrics.add(normalizedQuery(q)));
        }
        return c;
    }

    /** A MetricDataQuery with numbers as numbers (the query protocol hands them over as text). */
    private static ObjectNode normalizedQuery(JsonNode q) {
        ObjectNode out = Wire.NODES.objectNode();
        out.put("Id", q.get("Id").asText());
        if (q.hasNonNull("MetricStat")) {
            JsonNode ms = q.get("MetricStat");
            ObjectNode stat = out.putObject("MetricStat");
            stat.set("Metric", MetricStat.metricNode(MetricStat.key(ms.get("Metric"), "Metrics")));
            stat.put("Period", ms.get("Period").asInt());
            stat.put("Stat", ms.get("Stat").asText());
            if (ms.hasNonNull("Unit")) {
                stat.put("Unit", ms.get("Unit").asText());
            }
        }
        if (q.hasNonNull("Expression")) {
            out.put("Expression", q.get("Expression").asText());
        }
        if (q.hasNonNull("Label")) {
            out.put("Label", q.get("Label").asText());
        }
        out.put("ReturnData", q.path("ReturnData").asBoolean(true));
        if (q.hasNonNull("Period")) {
            out.put("Period", q.get("Period").asInt());
        }
        return out;
    }

    ObjectNode toNode() {
        ObjectNode out = config.deepCopy();
        out.set("AlarmConfigurationUpdatedTimestamp", Wire.timestampNode(configurationUpdated));
        out.put("ActionsEnabled", actionsEnabled);
        out.put("StateValue", state);
        out.put("StateReason", stateReason);
        if (stateReasonData != null) {
            out.put("StateReasonData", stateReasonData);
        }
        out.set("StateUpdatedTimestamp", Wire.timestampNode(stateUpdated));
        out.set("StateTransitionedTimestamp", Wire.timestampNode(stateTransitioned));
        return out;
    }

    private static ArrayNode array(List<String> values) {
        ArrayNode out = Wire.NODES.arrayNode();
        values.forEach(out::add);
        return out;
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(v -> out.add(v.asText()));
        }
        if (out.size() > 5) {
            throw CloudWatchException.validation("An alarm has at most 5 actions per state, but got " + out.size() + ".");
        }
        return List.copyOf(out);
    }

    static String required(JsonNode in, String member) {
        JsonNode v = in.get(member);
        if (v == null || v.isNull() || v.asText().isEmpty()) {
            throw CloudWatchException.missingParameter(member);
        }
        return v.asText();
    }

    static int requiredInt(JsonNode in, String member) {
        JsonNode v = in.get(member);
        if (v == null || v.isNull()) {
            throw CloudWatchException.missingParameter(member);
        }
        if (!v.isNumber() && !v.asText().matches("-?\\d+")) {
            throw CloudWatchException.invalidParameter("The parameter " + member + " must be an integer, but was '"
                    + v.asText() + "'.");
        }
        return v.asInt();
    }
}

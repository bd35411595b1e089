package io.busquake.emulator.internal.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.busquake.clock.SchedulingClock;
import io.busquake.emulator.internal.http.ApiRequest;
import io.busquake.emulator.internal.http.ApiResponse;
import io.busquake.emulator.internal.http.ServiceHandler;
import io.busquake.emulator.internal.metrics.MetricKey;
import io.busquake.emulator.internal.metrics.MetricStore;
import io.busquake.emulator.internal.sqs.SqsBackend;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded CloudWatch: serves the endpoint's metrics (AWS/Events, AWS/SQS, PutMetricData's) over the RPC v2 CBOR,
 * AWS JSON 1.0 and query protocols, and evaluates metric alarms on the emulator's clock, every 10 s (high-resolution
 * alarms) and every minute (the others), exactly when CloudWatch would.
 *
 * <pre>{@code
 * CloudWatchService cloudWatch = CloudWatchService.create(store, clock, "us-east-1", "000000000000");
 * services.put("monitoring", cloudWatch);
 * cloudWatch.start(sqsBackend);
 * }</pre>
 */
public final class CloudWatchService implements ServiceHandler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CloudWatchService.class);
    private static final long MAX_AGE_SECONDS = 14 * 86_400L;
    private static final long MAX_FUTURE_SECONDS = 2 * 3600L;

    private final MetricStore store;
    private final SchedulingClock clock;
    private final Alarms alarms;
    private final Map<String, Map<String, String>> tags = new ConcurrentHashMap<>();
    private SqsSampler sqsSampler;
    private SchedulingClock.Cancellable ticking;

    private CloudWatchService(MetricStore store, SchedulingClock clock, String region, String account) {
        this.store = store;
        this.clock = clock;
        this.alarms = new Alarms(store, clock, region, account);
    }

    public static CloudWatchService create(MetricStore store, SchedulingClock clock, String region, String account) {
        return new CloudWatchService(store, clock, region, account);
    }

    /**
     * Starts alarm evaluation and, when {@code sqs} is given, AWS/SQS sampling: a tick on every 10-second boundary
     * of the clock, the minute ones also sampling SQS first, so an alarm sees the minute that just ended.
     */
    public synchronized void start(SqsBackend sqs) {
        if (ticking != null) {
            return;
        }
        this.sqsSampler = sqs == null ? null : new SqsSampler(store, sqs);
        long now = clock.instant().getEpochSecond();
        Instant first = Instant.ofEpochSecond(now - Math.floorMod(now, 10) + 10);
        ticking = clock.scheduleAtFixedRate(first, Duration.ofSeconds(10), this::tick);
    }

    private void tick() {
        try {
            Instant now = clock.instant();
            if (sqsSampler != null && now.getEpochSecond() % 60 == 0) {
                sqsSampler.sample(now);
            }
            alarms.evaluateDue();
        } catch (RuntimeException e) {
            LOG.warn("alarm evaluation failed at {}", clock.instant(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (ticking != null) {
            ticking.cancel();
            ticking = null;
        }
    }

    /** Runs one evaluation round now (the benchmark measures this). */
    public void evaluateAlarmsNow() {
        alarms.evaluateDue();
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        Wire wire = request.path().startsWith(Wire.RPC_PATH) ? Wire.CBOR
                : request.header("x-amz-target") != null ? Wire.JSON : Wire.QUERY;
        try {
            Wire.Call call = Wire.decode(request);
            return call.wire().encode(call.operation(), dispatch(call.operation(), call.input()));
        } catch (CloudWatchException e) {
            return wire.encodeError(e);
        } catch (RuntimeException e) {
            LOG.warn("internal error in CloudWatch {}", request.path(), e);
            return wire.encodeError(CloudWatchException.internal("Internal error: " + e));
        }
    }

    ObjectNode dispatch(String operation, ObjectNode in) {
        ObjectNode out = Wire.NODES.objectNode();
        switch (operation) {
            case "PutMetricData" -> putMetricData(in);
            case "GetMetricData" -> getMetricData(in, out);
            case "GetMetricStatistics" -> getMetricStatistics(in, out);
            case "ListMetrics" -> listMetrics(in, out);
            case "PutMetricAlarm" -> {
                alarms.put(in);
                String arn = alarms.arnOf(in.get("AlarmName").asText());
                Map<String, String> given = tagMap(in.get("Tags"));
                if (!given.isEmpty()) {
                    tags.computeIfAbsent(arn, k -> new ConcurrentHashMap<>()).putAll(given);
                }
            }
            case "DescribeAlarms" -> {
                page(alarms.describe(in), in, "MaxRecords", 100, out.putArray("MetricAlarms"), out);
                out.putArray("CompositeAlarms");
            }
            case "DescribeAlarmsForMetric" -> {
                ArrayNode list = out.putArray("MetricAlarms");
                alarms.forMetric(in).forEach(list::add);
            }
            case "DescribeAlarmHistory" -> {
                List<ObjectNode> items = new ArrayList<>();
                alarms.history(in).forEach(i -> items.add((ObjectNode) i));
                page(items, in, "MaxRecords", 100, out.putArray("AlarmHistoryItems"), out);
            }
            case "DeleteAlarms" -> {
                List<String> arns = new ArrayList<>();
                in.path("AlarmNames").forEach(n -> arns.add(alarms.arnOf(n.asText())));
                alarms.delete(in.path("AlarmNames"));
                arns.forEach(tags::remove);
            }
            case "SetAlarmState" -> alarms.setState(in);
            case "EnableAlarmActions" -> alarms.setActionsEnabled(in.path("AlarmNames"), true);
            case "DisableAlarmActions" -> alarms.setActionsEnabled(in.path("AlarmNames"), false);
            case "TagResource" -> {
                String arn = existingResource(in);
                tags.computeIfAbsent(arn, k -> new ConcurrentHashMap<>()).putAll(tagMap(in.get("Tags")));
            }
            case "UntagResource" -> {
                String arn = existingResource(in);
                Map<String, String> current = tags.getOrDefault(arn, Map.of());
                in.path("TagKeys").forEach(k -> current.remove(k.asText()));
            }
            case "ListTagsForResource" -> {
                String arn = existingResource(in);
                ArrayNode list = out.putArray("Tags");
                new java.util.TreeMap<>(tags.getOrDefault(arn, Map.of()))
                        .forEach((k, v) -> list.addObject().put("Key", k).put("Value", v));
            }
            default -> throw CloudWatchException.unknownOperation(operation);
        }
        return out;
    }

    /**
     * One page of {@code all} into {@code into}, with a NextToken (the offset of the next page) when more remain.
     * Results are produced in a stable order, so an offset names the same place on the next call.
     */
    private static void page(List<? extends JsonNode> all, ObjectNode in, String maxMember, int maxAllowed,
            ArrayNode into, ObjectNode out) {
        int max = in.hasNonNull(maxMember) ? in.get(maxMember).asInt() : maxAllowed;
        if (max < 1 || max > maxAllowed) {
            throw CloudWatchException.invalidParameter("The parameter " + maxMember + " must be 1-" + maxAllowed
                    + ", but was " + max + ".");
        }
        int from = 0;
        if (in.hasNonNull("NextToken")) {
            String token = in.get("NextToken").asText();
            try {
                from = Integer.parseInt(token);
            } catch (NumberFormatException e) {
                throw CloudWatchException.invalidNextToken(token);
            }
            if (from < 0 || from > all.size()) {
                throw CloudWatchException.invalidNextToken(token);
            }
        }
        int to = Math.min(all.size(), from + max);
        all.subList(from, to).forEach(into::add);
        if (to < all.size()) {
            out.put("NextToken", Integer.toString(to));
        }
    }

    private String existingResource(ObjectNode in) {
        String arn = Alarm.required(in, "ResourceARN");
        if (!alarms.exists(arn)) {
            throw CloudWatchException.resourceNotFound("The resource " + arn + " does not exist; tag an alarm ARN "
                    + "as DescribeAlarms returns it.");
        }
        return arn;
    }

    private static Map<String, String> tagMap(JsonNode list) {
        Map<String, String> out = new LinkedHashMap<>();
        if (list != null) {
            for (JsonNode t : list) {
                out.put(Alarm.required(t, "Key"), t.path("Value").asText(""));
            }
        }
        return out;
    }

    private void putMetricData(ObjectNode in) {
        String namespace = Alarm.required(in, "Namespace");
        if (namespace.startsWith("AWS/")) {
            throw CloudWatchException.invalidParameter("The value " + namespace + " for parameter Namespace is "
                    + "invalid: the AWS/ prefix is reserved for AWS services; use your own namespace.");
        }
        JsonNode data = in.get("MetricData");
        if (data == null || !data.isArray() || data.isEmpty()) {
            throw CloudWatchException.missingParameter("MetricData");
        }
        if (data.size() > 1000) {
            throw CloudWatchException.invalidParameter("The collection MetricData must not have more than 1000 "
                    + "members, but had " + data.size() + ".");
        }
        Instant now = clock.instant();
        int i = 0;
        // Validate every datum before storing any, so a rejected request leaves nothing half-written.
        List<Runnable> writes = new ArrayList<>();
        for (JsonNode d : data) {
            i++;
            String where = "MetricData.member." + i;
            String name = Alarm.required(d, "MetricName");
            MetricKey key = MetricKey.of(namespace, name, MetricStat.dimensions(d.get("Dimensions"), where + ".Dimensions"));
            Instant at = d.hasNonNull("Timestamp") ? Wire.timestamp(d.get("Timestamp"), where + ".Timestamp") : now;
            if (at.isBefore(now.minusSeconds(MAX_AGE_SECONDS)) || at.isAfter(now.plusSeconds(MAX_FUTURE_SECONDS))) {
                throw CloudWatchException.invalidParameter("The parameter " + where + ".Timestamp must be within the "
                        + "past two weeks and the next two hours, but was " + at + ".");
            }
            String unit = d.hasNonNull("Unit") ? d.get("Unit").asText() : "None";
            int resolution = d.path("StorageResolution").asInt(60);
            if (resolution != 1 && resolution != 60) {
                throw CloudWatchException.invalidParameter("The parameter " + where + ".StorageResolution must be 1 or "
                        + "60, but was " + resolution + ".");
            }
            boolean hasValue = d.hasNonNull("Value");
            boolean hasStats = d.hasNonNull("StatisticValues");
            boolean hasValues = d.hasNonNull("Values") && d.get("Values").size() > 0;
            if ((hasValue ? 1 : 0) + (hasStats ? 1 : 0) + (hasValues ? 1 : 0) != 1) {
                throw CloudWatchException.combination("The parameters " + where + ".Value, " + where
                        + ".StatisticValues and " + where + ".Values are mutually exclusive and one is required.");
            }
            if (hasValue) {
                double v = finite(d.get("Value"), where + ".Value");
                writes.add(() -> store.bucket(key, at, unit, resolution).add(v));
            } else if (hasStats) {
                JsonNode s = d.get("StatisticValues");
                double count = finite(s.get("SampleCount"), where + ".StatisticValues.SampleCount");
                double sum = finite(s.get("Sum"), where + ".StatisticValues.Sum");
                double min = finite(s.get("Minimum"), where + ".StatisticValues.Minimum");
                double max = finite(s.get("Maximum"), where + ".StatisticValues.Maximum");
                if (count <= 0 || min > max) {
                    throw CloudWatchException.invalidParameter("The parameter " + where + ".StatisticValues must have "
                            + "SampleCount > 0 and Minimum <= Maximum, but had SampleCount " + count + ", Minimum "
                            + min + ", Maximum " + max + ".");
                }
                writes.add(() -> store.bucket(key, at, unit, resolution).addStatistics(count, sum, min, max));
            } else {
                JsonNode values = d.get("Values");
                JsonNode counts = d.get("Counts");
                if (values.size() > 150) {
                    throw CloudWatchException.invalidParameter("The collection " + where + ".Values must not have more "
                            + "than 150 members, but had " + values.size() + ".");
                }
                if (counts != null && counts.size() > 0 && counts.size() != values.size()) {
                    throw CloudWatchException.combination("The parameters " + where + ".Values and " + where
                            + ".Counts must have the same length, but had " + values.size() + " and " + counts.size()
                            + ".");
                }
                double[] vs = new double[values.size()];
                long[] cs = new long[values.size()];
                for (int j = 0; j < vs.length; j++) {
                    vs[j] = finite(values.get(j), where + ".Values.member." + (j + 1));
                    cs[j] = counts == null || counts.isEmpty() ? 1 : Math.round(counts.get(j).asDouble());
                }
                writes.add(() -> {
                    for (int j = 0; j < vs.length; j++) {
                        store.bucket(key, at, unit, resolution).add(vs[j], cs[j]);
                    }
                });
            }
        }
        writes.forEach(Runnable::run);
    }

    private static double finite(JsonNode node, String member) {
        if (node == null || node.isNull()) {
            throw CloudWatchException.missingParameter(member);
        }
        double v = node.asDouble(Double.NaN);
        if (!node.isNumber() && !node.asText().matches("[-+0-9.eE]+")) {
            v = Double.NaN;
        }
        if (Double.isNaN(v) || Double.isInfinite(v) || Math.abs(v) > 1e108 || (v != 0 && Math.abs(v) < 1e-130)) {
            throw CloudWatchException.invalidParameter("The value " + node.asText() + " for parameter " + member
                    + " is invalid: it must be a number between -2^360 and 2^360, or 0.");
        }
        return v;
    }

    private void getMetricData(ObjectNode in, ObjectNode out) {
        Instant start = required(in, "StartTime");
        Instant end = required(in, "EndTime");
        if (!start.isBefore(end)) {
            throw CloudWatchException.validation("The parameter StartTime must be before EndTime, but were " + start
                    + " and " + end + ".");
        }
        MetricQueries queries = new MetricQueries(store, in.get("MetricDataQueries"), "MetricDataQueries");
        boolean ascending = "TimestampAscending".equals(in.path("ScanBy").asText(null));
        ArrayNode results = out.putArray("MetricDataResults");
        for (Map.Entry<String, JsonNode> e : queries.queries().entrySet()) {
            JsonNode q = e.getValue();
            if (!q.path("ReturnData").asBoolean(true)) {
                continue;
            }
            Grid grid = Grid.forQuery(start, end, queries.period(e.getKey()));
            double[] values = queries.values(e.getKey(), grid);
            ObjectNode r = results.addObject();
            r.put("Id", e.getKey());
            MetricStat stat = queries.stat(e.getKey());
            r.put("Label", q.hasNonNull("Label") ? q.get("Label").asText() : stat != null ? stat.key().name() : e.getKey());
            ArrayNode ts = r.putArray("Timestamps");
            ArrayNode vs = r.putArray("Values");
            for (int k = 0; k < grid.length(); k++) {
                int i = ascending ? k : grid.length() - 1 - k;
                if (!Double.isNaN(values[i])) {
                    ts.add(Wire.timestampNode(Instant.ofEpochSecond(grid.at(i))));
                    vs.add(values[i]);
                }
            }
            r.put("StatusCode", "Complete");
            r.putArray("Messages");
        }
        out.putArray("Messages");
    }

    private void getMetricStatistics(ObjectNode in, ObjectNode out) {
        MetricKey key = MetricKey.of(Alarm.required(in, "Namespace"), Alarm.required(in, "MetricName"),
                MetricStat.dimensions(in.get("Dimensions"), "Dimensions"));
        Instant start = required(in, "StartTime");
        Instant end = required(in, "EndTime");
        int period = Alarm.requiredInt(in, "Period");
        MetricQueries.checkPeriod(period, "Period");
        List<String> stats = new ArrayList<>();
        in.path("Statistics").forEach(s -> stats.add(Statistics.check(s.asText(), "Statistics")));
        List<String> extended = new ArrayList<>();
        in.path("ExtendedStatistics").forEach(s -> {
            if (!Statistics.isPercentile(s.asText())) {
                throw CloudWatchException.invalidParameter("The value " + s.asText() + " for parameter "
                        + "ExtendedStatistics is not a percentile such as p99.");
            }
            extended.add(s.asText());
        });
        if (stats.isEmpty() == extended.isEmpty()) {
            throw CloudWatchException.combination("Exactly one of Statistics and ExtendedStatistics must be given.");
        }
        String unit = in.hasNonNull("Unit") ? in.get("Unit").asText() : null;
        Grid grid = Grid.forQuery(start, end, period);
        MetricStore.Series series = store.series(key);
        out.put("Label", key.name());
        ArrayNode points = out.putArray("Datapoints");
        if (series == null || (unit != null && !unit.equals(series.unit()))) {
            return;
        }
        for (int i = 0; i < grid.length(); i++) {
            var s = series.aggregate(grid.at(i), grid.at(i) + period);
            if (s == null) {
                continue;
            }
            ObjectNode p = points.addObject();
            p.set("Timestamp", Wire.timestampNode(Instant.ofEpochSecond(grid.at(i))));
            for (String stat : stats) {
                p.put(stat, Statistics.value(s, stat));
            }
            if (!extended.isEmpty()) {
                ObjectNode ext = p.putObject("ExtendedStatistics");
                for (String stat : extended) {
                    double v = Statistics.value(s, stat);
                    if (!Double.isNaN(v)) {
                        ext.put(stat, v);
                    }
                }
            }
            p.put("Unit", series.unit());
        }
    }

    private void listMetrics(ObjectNode in, ObjectNode out) {
        String namespace = in.path("Namespace").asText(null);
        String name = in.path("MetricName").asText(null);
        List<JsonNode> filters = new ArrayList<>();
        in.path("Dimensions").forEach(filters::add);
        List<MetricKey> keys = new ArrayList<>(store.keys());
        keys.sort((a, b) -> (a.namespace() + "\0" + a.name() + "\0" + a.dimensions())
                .compareTo(b.namespace() + "\0" + b.name() + "\0" + b.dimensions()));
        List<ObjectNode> matching = new ArrayList<>();
        for (MetricKey k : keys) {
            if ((namespace != null && !namespace.equals(k.namespace())) || (name != null && !name.equals(k.name()))) {
                continue;
            }
            boolean match = filters.stream().allMatch(f -> {
                String value = k.dimensions().get(f.path("Name").asText());
                return value != null && (!f.hasNonNull("Value") || f.get("Value").asText().equals(value));
            });
            if (match) {
                matching.add(MetricStat.metricNode(k));
            }
        }
        page(matching, in, "MaxRecords", 500, out.putArray("Metrics"), out);
    }

    private static Instant required(ObjectNode in, String member) {
        Instant at = Wire.timestamp(in.get(member), member);
        if (at == null) {
            throw CloudWatchException.missingParameter(member);
        }
        return at;
    }
}

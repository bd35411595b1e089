package io.busquake.emulator.internal.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import io.busquake.emulator.internal.metrics.MetricStore;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A set of MetricDataQuery: MetricStat queries and expressions over them, by id, as GetMetricData and metric-math
 * alarms take them. Any query can be read on any grid; expressions are evaluated on the grid they are asked for.
 */
final class MetricQueries {
    private static final Pattern ID = Pattern.compile("[a-z][a-zA-Z0-9_]*");

    private final MetricStore store;
    private final Map<String, JsonNode> byId = new LinkedHashMap<>();
    private final Map<String, MetricStat> stats = new HashMap<>();
    private final Map<String, double[]> memo = new HashMap<>();
    private final Set<String> evaluating = new HashSet<>();
    private Grid memoGrid;

    MetricQueries(MetricStore store, JsonNode queries, String member) {
        this.store = store;
        if (queries == null || !queries.isArray() || queries.isEmpty()) {
            throw CloudWatchException.missingParameter(member);
        }
        if (queries.size() > 500) {
            throw CloudWatchException.invalidParameter("The collection " + member + " must not have more than 500 "
                    + "members, but had " + queries.size() + ".");
        }
        int i = 0;
        for (JsonNode q : queries) {
            i++;
            String where = member + ".member." + i;
            String id = q.path("Id").asText("");
            if (!ID.matcher(id).matches()) {
                throw CloudWatchException.validation("The value '" + id + "' for " + where + ".Id is not valid: an "
                        + "id starts with a lower-case letter and has only letters, digits and underscores.");
            }
            if (byId.put(id, q) != null) {
                throw CloudWatchException.validation("The Id '" + id + "' is used by more than one query in "
                        + member + "; give each query its own Id.");
            }
            boolean hasStat = q.hasNonNull("MetricStat");
            boolean hasExpression = q.hasNonNull("Expression");
            if (hasStat == hasExpression) {
                throw CloudWatchException.validation("The query " + id + " must have exactly one of MetricStat and "
                        + "Expression.");
            }
            if (hasStat) {
                JsonNode ms = q.get("MetricStat");
                if (!ms.hasNonNull("Period")) {
                    throw CloudWatchException.missingParameter(where + ".MetricStat.Period");
                }
                int period = ms.get("Period").asInt();
                checkPeriod(period, where + ".MetricStat.Period");
                String stat = Statistics.check(ms.path("Stat").asText(null), where + ".MetricStat.Stat");
                stats.put(id, new MetricStat(MetricStat.key(ms.get("Metric"), where + ".MetricStat.Metric"), stat,
                        ms.hasNonNull("Unit") ? ms.get("Unit").asText() : null));
            }
        }
    }

    static void checkPeriod(int period, String member) {
        if (period <= 0 || !(period == 1 || period == 5 || period == 10 || period == 20 || period == 30
                || period % 60 == 0)) {
            throw CloudWatchException.invalidParameter("The parameter " + member + " must be 1, 5, 10, 20, 30 or a "
                    + "multiple of 60, but was " + period + ".");
        }
    }

    Map<String, JsonNode> queries() {
        return byId;
    }

    MetricStat stat(String id) {
        return stats.get(id);
    }

    /** The period a query is read on unless asked otherwise: its own, or for an expression its Period or 60. */
    int period(String id) {
        JsonNode q = byId.get(id);
        if (q.hasNonNull("MetricStat")) {
            return q.get("MetricStat").get("Period").asInt();
        }
        if (q.hasNonNull("Period")) {
            return q.get("Period").asInt();
        }
        return stats.isEmpty() ? 60 : byId.keySet().stream().filter(stats::containsKey).findFirst()
                .map(this::period).orElse(60);
    }

    /** The query's values on {@code grid}, NaN where missing. */
    double[] values(String id, Grid grid) {
        if (!grid.equals(memoGrid)) {
            memo.clear();
            memoGrid = grid;
        }
        double[] cached = memo.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode q = byId.get(id);
        double[] out;
        if (stats.containsKey(id)) {
            out = stats.get(id).read(store, grid).values();
        } else {
            if (!evaluating.add(id)) {
                throw CloudWatchException.validation("The expression of " + id + " refers to itself through other "
                        + "queries; remove the cycle.");
            }
            try {
                out = MetricMath.evaluate(q.get("Expression").asText(), ref -> byId.containsKey(ref)
                        ? new MetricMath.Series(values(ref, grid)) : null, grid.length());
            } finally {
                evaluating.remove(id);
            }
        }
        memo.put(id, out);
        return out;
    }
}

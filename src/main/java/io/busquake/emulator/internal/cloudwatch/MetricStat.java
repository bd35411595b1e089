package io.busquake.emulator.internal.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.busquake.emulator.internal.metrics.MetricAggregate;
import io.busquake.emulator.internal.metrics.MetricKey;
import io.busquake.emulator.internal.metrics.MetricStore;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** One metric with a statistic and an optional unit: what a MetricStat query or a single-metric alarm reads. */
record MetricStat(MetricKey key, String stat, String unit) {

    /** Values and sample counts per period of {@code grid}; NaN where the period has no datapoint. */
    record Points(double[] values, double[] sampleCounts) {
    }

    static MetricKey key(JsonNode metric, String member) {
        if (metric == null || metric.isNull() || metric.isMissingNode()) {
            throw CloudWatchException.missingParameter(member);
        }
        String namespace = text(metric, "Namespace", member);
        String name = text(metric, "MetricName", member);
        return MetricKey.of(namespace, name, dimensions(metric.get("Dimensions"), member + ".Dimensions"));
    }

    static Map<String, String> dimensions(JsonNode dims, String member) {
        Map<String, String> out = new LinkedHashMap<>();
        if (dims == null || dims.isNull()) {
            return out;
        }
        if (dims.size() > 30) {
            throw CloudWatchException.invalidParameter("The collection " + member + " must not have more than 30 "
                    + "members, but had " + dims.size() + ".");
        }
        for (JsonNode d : dims) {
            String name = text(d, "Name", member);
            String value = text(d, "Value", member);
            if (out.put(name, value) != null) {
                throw CloudWatchException.invalidParameter("No metric may have duplicate dimensions; " + member
                        + " names '" + name + "' twice.");
            }
        }
        return out;
    }

    private static String text(JsonNode node, String field, String member) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || v.asText().isEmpty()) {
            throw CloudWatchException.missingParameter(member + "." + field);
        }
        return v.asText();
    }

    static ArrayNode dimensionsNode(Map<String, String> dimensions) {
        ArrayNode out = Wire.NODES.arrayNode();
        dimensions.forEach((name, value) -> out.addObject().put("Name", name).put("Value", value));
        return out;
    }

    static ObjectNode metricNode(MetricKey key) {
        ObjectNode metric = Wire.NODES.objectNode();
        metric.put("Namespace", key.namespace());
        metric.put("MetricName", key.name());
        metric.set("Dimensions", dimensionsNode(key.dimensions()));
        return metric;
    }

    /** Reads the metric's datapoints on {@code grid}; a series stored under another unit than asked has none. */
    Points read(MetricStore store, Grid grid) {
        double[] values = new double[grid.length()];
        double[] counts = new double[grid.length()];
        Arrays.fill(values, Double.NaN);
        Arrays.fill(counts, Double.NaN);
        MetricStore.Series series = store.series(key);
        if (series == null || (unit != null && !unit.equals(series.unit()))) {
            return new Points(values, counts);
        }
        for (int i = 0; i < grid.length(); i++) {
            MetricAggregate.Snapshot s = series.aggregate(grid.at(i), grid.at(i) + grid.periodSeconds());
            if (s != null) {
                values[i] = Statistics.value(s, stat);
                counts[i] = s.sampleCount();
            }
        }
        return new Points(values, counts);
    }
}

package io.busquake.emulator.internal.metrics;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** One CloudWatch metric: namespace, name and dimensions (kept sorted, so equal sets compare equal). */
public record MetricKey(String namespace, String name, Map<String, String> dimensions) {
    public MetricKey {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        dimensions = java.util.Collections.unmodifiableMap(new TreeMap<>(dimensions));
    }

    public static MetricKey of(String namespace, String name, Map<String, String> dimensions) {
        return new MetricKey(namespace, name, dimensions);
    }

    public static MetricKey of(String namespace, String name) {
        return new MetricKey(namespace, name, Map.of());
    }
}

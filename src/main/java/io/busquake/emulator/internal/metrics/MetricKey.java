package io.busquake.emulator.internal.metrics;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One CloudWatch metric: namespace, name and dimensions (kept sorted, so equal sets compare equal). Keys are looked
 * up on every counted outcome, so the hash is computed once.
 */
public final class MetricKey {
    private final String namespace;
    private final String name;
    private final Map<String, String> dimensions;
    private final int hash;

    private MetricKey(String namespace, String name, Map<String, String> dimensions) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.name = Objects.requireNonNull(name, "name");
        this.dimensions = Collections.unmodifiableMap(new TreeMap<>(dimensions));
        this.hash = Objects.hash(namespace, name, this.dimensions);
    }

    public static MetricKey of(String namespace, String name, Map<String, String> dimensions) {
        return new MetricKey(namespace, name, dimensions);
    }

    public static MetricKey of(String namespace, String name) {
        return new MetricKey(namespace, name, Map.of());
    }

    public String namespace() {
        return namespace;
    }

    public String name() {
        return name;
    }

    public Map<String, String> dimensions() {
        return dimensions;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof MetricKey k && hash == k.hash && namespace.equals(k.namespace)
                && name.equals(k.name) && dimensions.equals(k.dimensions);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return namespace + "/" + name + dimensions;
    }
}

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
    /** Namespace, name and sorted dimensions in one string: what equality compares, in one intrinsic. */
    private final String identity;
    private final int hash;

    private MetricKey(String namespace, String name, Map<String, String> dimensions) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.name = Objects.requireNonNull(name, "name");
        this.dimensions = Collections.unmodifiableMap(new TreeMap<>(dimensions));
        StringBuilder id = new StringBuilder(64).append(namespace).append('\0').append(name);
        this.dimensions.forEach((k, v) -> id.append('\0').append(k).append('\0').append(v));
        this.identity = id.toString();
        this.hash = identity.hashCode();
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
        return this == o || o instanceof MetricKey k && hash == k.hash && identity.equals(k.identity);
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

package io.busquake.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Named per-second series of a run (seconds from the load's start), for the report's charts: offered, accepted and
 * throttled entries, deliveries, DLQ depth, latency percentiles. Safe for many writer threads.
 *
 * <pre>{@code
 * RunSeries series = RunSeries.create();
 * series.add(12, "offered", 10);      // counts accumulate
 * series.set(12, "dlq depth orders-dlq", 3);  // gauges replace
 * }</pre>
 */
public final class RunSeries {
    private final Map<String, ConcurrentSkipListMap<Long, Double>> series = new ConcurrentHashMap<>();
    private final List<String> order = Collections.synchronizedList(new ArrayList<>());

    private RunSeries() {
    }

    public static RunSeries create() {
        return new RunSeries();
    }

    /** Adds {@code value} to the series' value at {@code second}. */
    public void add(long second, String name, double value) {
        values(name).merge(second, value, Double::sum);
    }

    /** Sets the series' value at {@code second}. */
    public void set(long second, String name, double value) {
        values(name).put(second, value);
    }

    /** Makes the series exist (empty) so a chart shows it even when nothing happened. */
    public void declare(String name) {
        values(name);
    }

    /** The series' values by second, ascending; empty if it has none. */
    public NavigableMap<Long, Double> get(String name) {
        NavigableMap<Long, Double> values = series.get(name);
        return values == null ? Collections.emptyNavigableMap() : Collections.unmodifiableNavigableMap(values);
    }

    /** Series names in the order they were first written. */
    public List<String> names() {
        synchronized (order) {
            return List.copyOf(order);
        }
    }

    /** The last second any series has a value for, or -1. */
    public long lastSecond() {
        return series.values().stream().filter(v -> !v.isEmpty()).mapToLong(ConcurrentSkipListMap::lastKey).max()
                .orElse(-1);
    }

    private ConcurrentSkipListMap<Long, Double> values(String name) {
        return series.computeIfAbsent(name, n -> {
            order.add(n);
            return new ConcurrentSkipListMap<>();
        });
    }
}

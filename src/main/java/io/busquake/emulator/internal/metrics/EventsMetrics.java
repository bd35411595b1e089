package io.busquake.emulator.internal.metrics;

import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Counts every outcome under AWS/Events' names and dimensions. A rule on the default bus is dimensioned by
 * {@code RuleName} alone, a rule on a custom bus by {@code EventBusName} and {@code RuleName}; the PutEvents family
 * has no dimensions. A series gets a datapoint only in minutes where something happened, so the metrics AWS sends
 * only when non-zero are absent rather than zero.
 */
public final class EventsMetrics {
    public static final String NAMESPACE = "AWS/Events";
    private static final int RESOLUTION_SECONDS = 60;

    private enum Scope { RULE, BUS, NONE }

    private static final Map<String, Set<Scope>> SCOPES = new LinkedHashMap<>();

    static {
        Set<Scope> all = EnumSet.allOf(Scope.class);
        SCOPES.put("MatchedEvents", all);
        SCOPES.put("TriggeredRules", all);
        SCOPES.put("Invocations", EnumSet.of(Scope.RULE, Scope.NONE));
        SCOPES.put("InvocationAttempts", all);
        SCOPES.put("SuccessfulInvocationAttempts", all);
        SCOPES.put("RetryInvocationAttempts", all);
        SCOPES.put("FailedInvocations", EnumSet.of(Scope.RULE));
        SCOPES.put("InvocationsSentToDlq", EnumSet.of(Scope.RULE));
        SCOPES.put("InvocationsFailedToBeSentToDlq", EnumSet.of(Scope.RULE));
        SCOPES.put("ThrottledRules", all);
        SCOPES.put("IngestionToInvocationStartLatency", all);
        SCOPES.put("IngestionToInvocationCompleteLatency", all);
        SCOPES.put("IngestionToInvocationSuccessLatency", all);
        SCOPES.put("InvocationsCreated", EnumSet.of(Scope.NONE));
    }

    private final MetricStore store;
    private final Clock clock;
    /** The series each rule-level count goes to, worked out once per metric, bus and rule. */
    private final java.util.concurrent.ConcurrentHashMap<SeriesId, java.util.List<MetricKey>> keyCache =
            new java.util.concurrent.ConcurrentHashMap<>();

    private record SeriesId(String metric, String busName, String ruleName) {
    }

    public EventsMetrics(MetricStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * A tally of one request's counts, added to the store in one go by {@link Tally#flush()}: a PutEvents request
     * of ten entries would otherwise touch the same series dozens of times. Each count stays its own sample, so
     * SampleCount, Minimum and Maximum are what they would be had each been added alone.
     */
    public Tally tally() {
        return new Tally();
    }

    /** See {@link #tally()}. Not thread-safe: one request's thread owns it. */
    public final class Tally {
        private final Map<MetricKey, double[]> counts = new java.util.HashMap<>();
        /** Latency samples by series: each is recorded on its own (percentiles need them), under one lock a series. */
        private final Map<MetricKey, Samples> samples = new java.util.HashMap<>();

        private void add(MetricKey key, double n) {
            double[] c = counts.computeIfAbsent(key, k -> new double[] {0, 0, Double.POSITIVE_INFINITY,
                    Double.NEGATIVE_INFINITY});
            c[0]++;
            c[1] += n;
            c[2] = Math.min(c[2], n);
            c[3] = Math.max(c[3], n);
        }

        /** An event on {@code busName} matched these rules: MatchedEvents counts it once per rule and once per bus. */
        public void matched(String busName, Iterable<String> ruleNames, int ruleCount) {
            for (String rule : ruleNames) {
                add(cachedKeys("MatchedEvents", busName, rule).get(0), 1);
                add(cachedKeys("TriggeredRules", busName, rule).get(0), 1);
            }
            List<MetricKey> matched = cachedKeys("MatchedEvents", busName, "");
            List<MetricKey> triggered = cachedKeys("TriggeredRules", busName, "");
            for (int i = 1; i < matched.size(); i++) {
                add(matched.get(i), 1);
                add(triggered.get(i), ruleCount);
            }
        }

        /** An account-wide count, as {@link EventsMetrics#accountCount}. */
        public void accountCount(String metric, double count) {
            add(accountKey(metric), count);
        }

        /** A rule-level count, also added to the bus-wide and account-wide series where AWS has them. */
        public void ruleCount(String metric, String busName, String ruleName, double count) {
            for (MetricKey key : cachedKeys(metric, busName, ruleName)) {
                add(key, count);
            }
        }

        /** A rule-level latency sample in milliseconds, to the same series as {@link #ruleCount}. */
        public void ruleLatency(String metric, String busName, String ruleName, double millis) {
            for (MetricKey key : cachedKeys(metric, busName, ruleName)) {
                samples.computeIfAbsent(key, k -> new Samples()).add(millis);
            }
        }

        /** Adds everything tallied to the store, in the bucket of the clock's current instant, and starts afresh. */
        public void flush() {
            if (counts.isEmpty() && samples.isEmpty()) {
                return;
            }
            java.time.Instant now = clock.instant();
            counts.forEach((key, c) -> store.bucket(key, now, "Count", RESOLUTION_SECONDS)
                    .addStatistics(c[0], c[1], c[2], c[3]));
            counts.clear();
            samples.forEach((key, v) -> store.bucket(key, now, "Milliseconds", RESOLUTION_SECONDS)
                    .addAll(v.values, v.size));
            samples.clear();
        }
    }

    private static final class Samples {
        double[] values = new double[16];
        int size;

        void add(double v) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }
    }

    /** An account-wide metric with no dimensions (the PutEvents family, InvocationsCreated). */
    public void accountCount(String metric, double count) {
        store.bucket(accountKey(metric), clock.instant(), "Count", RESOLUTION_SECONDS).addCount(count);
    }

    public void accountSample(String metric, String unit, double value) {
        store.bucket(accountKey(metric), clock.instant(), unit, RESOLUTION_SECONDS).add(value);
    }

    private final java.util.concurrent.ConcurrentHashMap<String, MetricKey> accountKeys =
            new java.util.concurrent.ConcurrentHashMap<>();

    private MetricKey accountKey(String metric) {
        MetricKey key = accountKeys.get(metric);
        return key != null ? key : accountKeys.computeIfAbsent(metric, m -> MetricKey.of(NAMESPACE, m));
    }

    private java.util.List<MetricKey> cachedKeys(String metric, String busName, String ruleName) {
        return keyCache.computeIfAbsent(new SeriesId(metric, busName, ruleName),
                id -> keys(metric, busName, ruleName));
    }

    private static MetricKey ruleKey(String metric, String busName, String ruleName) {
        Map<String, String> dims = "default".equals(busName)
                ? Map.of("RuleName", ruleName)
                : Map.of("EventBusName", busName, "RuleName", ruleName);
        return MetricKey.of(NAMESPACE, metric, dims);
    }

    private static java.util.List<MetricKey> keys(String metric, String busName, String ruleName) {
        Set<Scope> scopes = SCOPES.get(metric);
        if (scopes == null) {
            throw new IllegalArgumentException("not an AWS/Events rule metric: " + metric);
        }
        java.util.List<MetricKey> keys = new java.util.ArrayList<>(3);
        if (scopes.contains(Scope.RULE)) {
            keys.add(ruleKey(metric, busName, ruleName));
        }
        if (scopes.contains(Scope.BUS)) {
            keys.add(MetricKey.of(NAMESPACE, metric, Map.of("EventBusName", busName)));
        }
        if (scopes.contains(Scope.NONE)) {
            keys.add(MetricKey.of(NAMESPACE, metric));
        }
        return keys;
    }
}

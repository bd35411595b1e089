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
    /**
     * The series each rule-level count goes to, worked out once per metric, bus and rule, and found again without
     * allocating: by metric, then bus, then rule.
     */
    private final Map<String, Map<String, Map<String, List<MetricKey>>>> keyCache =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** Each thread's tally, reused: a tally per request or delivery batch was a good part of the garbage made. */
    private final ThreadLocal<Tally> spare = ThreadLocal.withInitial(() -> new Tally(true));

    public EventsMetrics(MetricStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * A tally of one request's counts, added to the store in one go by {@link Tally#flush()}: a PutEvents request
     * of ten entries would otherwise touch the same series dozens of times. Each count stays its own sample, so
     * SampleCount, Minimum and Maximum are what they would be had each been added alone. The caller flushes it and
     * then lets go of it: a thread gets the same tally again once it is flushed (and a fresh one while it is not).
     */
    public Tally tally() {
        Tally t = spare.get();
        if (t.inUse) {
            return new Tally(false);
        }
        t.inUse = true;
        return t;
    }

    /** See {@link #tally()}. Not thread-safe: one request's thread owns it. */
    public final class Tally {
        /** Past this many series a reused tally forgets them at a flush, so one thread's tally stays small. */
        private static final int MAX_KEPT_SERIES = 4096;
        private final boolean reusable;
        private boolean inUse;
        /** Count, sum, minimum and maximum by series; entries are reset rather than removed at a flush. */
        private final Map<MetricKey, Counts> counts = new java.util.HashMap<>();
        /** Latency samples by series: each is recorded on its own (percentiles need them), under one lock a series. */
        private final Map<MetricKey, Samples> samples = new java.util.HashMap<>();
        /** The series counted into since the last flush. */
        private final List<MetricKey> countedKeys = new java.util.ArrayList<>();
        private final List<MetricKey> sampledKeys = new java.util.ArrayList<>();

        private Tally(boolean reusable) {
            this.reusable = reusable;
        }

        private void add(MetricKey key, double n) {
            Counts c = counts.get(key);
            if (c == null) {
                c = new Counts(store.series(key, "Count", RESOLUTION_SECONDS));
                counts.put(key, c);
            }
            if (c.samples == 0) {
                countedKeys.add(key);
            }
            c.samples++;
            c.sum += n;
            c.min = Math.min(c.min, n);
            c.max = Math.max(c.max, n);
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
            List<MetricKey> keys = cachedKeys(metric, busName, ruleName);
            for (int i = 0; i < keys.size(); i++) {
                add(keys.get(i), count);
            }
        }

        /** A rule-level latency sample in milliseconds, to the same series as {@link #ruleCount}. */
        public void ruleLatency(String metric, String busName, String ruleName, double millis) {
            List<MetricKey> keys = cachedKeys(metric, busName, ruleName);
            for (int i = 0; i < keys.size(); i++) {
                MetricKey key = keys.get(i);
                Samples v = samples.get(key);
                if (v == null) {
                    v = new Samples(store.series(key, "Milliseconds", RESOLUTION_SECONDS));
                    samples.put(key, v);
                }
                if (v.size == 0) {
                    sampledKeys.add(key);
                }
                v.add(millis);
            }
        }

        /**
         * Adds everything tallied to the store, in the bucket of the clock's current instant, and starts afresh; the
         * thread's next {@link EventsMetrics#tally()} may hand this one out again.
         */
        public void flush() {
            if (!countedKeys.isEmpty() || !sampledKeys.isEmpty()) {
                java.time.Instant now = clock.instant();
                for (MetricKey key : countedKeys) {
                    Counts c = counts.get(key);
                    c.series.bucket(now).addStatistics(c.samples, c.sum, c.min, c.max);
                    c.reset();
                }
                countedKeys.clear();
                for (MetricKey key : sampledKeys) {
                    Samples v = samples.get(key);
                    v.series.bucket(now).addAll(v.values, v.size);
                    v.size = 0;
                }
                sampledKeys.clear();
                if (counts.size() + samples.size() > MAX_KEPT_SERIES) {
                    counts.clear();
                    samples.clear();
                }
            }
            if (reusable) {
                inUse = false;
            }
        }
    }

    /** One series' counts in a tally, with the series they go to. */
    private static final class Counts {
        final MetricStore.Series series;
        double samples;
        double sum;
        double min;
        double max;

        Counts(MetricStore.Series series) {
            this.series = series;
            reset();
        }

        void reset() {
            samples = 0;
            sum = 0;
            min = Double.POSITIVE_INFINITY;
            max = Double.NEGATIVE_INFINITY;
        }
    }

    /** One series' latency samples in a tally, with the series they go to. */
    private static final class Samples {
        final MetricStore.Series series;
        double[] values = new double[16];
        int size;

        Samples(MetricStore.Series series) {
            this.series = series;
        }

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

    private List<MetricKey> cachedKeys(String metric, String busName, String ruleName) {
        Map<String, Map<String, List<MetricKey>>> byBus = keyCache.get(metric);
        Map<String, List<MetricKey>> byRule = byBus == null ? null : byBus.get(busName);
        List<MetricKey> keys = byRule == null ? null : byRule.get(ruleName);
        if (keys != null) {
            return keys;
        }
        return keyCache.computeIfAbsent(metric, m -> new java.util.concurrent.ConcurrentHashMap<>())
                .computeIfAbsent(busName, b -> new java.util.concurrent.ConcurrentHashMap<>())
                .computeIfAbsent(ruleName, r -> keys(metric, busName, ruleName));
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

package io.busquake.emulator.internal.metrics;

import java.time.Instant;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Every metric the endpoint holds, AWS/Events and AWS/SQS as well as PutMetricData's, bucketed by storage
 * resolution (1 s or 60 s) as CloudWatch stores them.
 */
public final class MetricStore {
    private final Map<MetricKey, Series> series = new ConcurrentHashMap<>();

    /** One metric's buckets, keyed by the bucket's start in epoch seconds. */
    public static final class Series {
        private final String unit;
        private final int storageResolutionSeconds;
        private final ConcurrentSkipListMap<Long, MetricAggregate> buckets = new ConcurrentSkipListMap<>();

        Series(String unit, int storageResolutionSeconds) {
            this.unit = unit;
            this.storageResolutionSeconds = storageResolutionSeconds;
        }

        public String unit() {
            return unit;
        }

        public int storageResolutionSeconds() {
            return storageResolutionSeconds;
        }

        public NavigableMap<Long, MetricAggregate> buckets() {
            return buckets;
        }

        /**
         * Every bucket starting in {@code [fromSecond, toSecond)} merged into one, or null when none holds data. A
         * period longer than the storage resolution is answered from all the buckets it spans, as CloudWatch does.
         */
        public MetricAggregate.Snapshot aggregate(long fromSecond, long toSecond) {
            NavigableMap<Long, MetricAggregate> inRange = buckets.subMap(fromSecond, true, toSecond, false);
            if (inRange.isEmpty()) {
                return null;
            }
            if (inRange.size() == 1) {
                MetricAggregate.Snapshot only = inRange.firstEntry().getValue().snapshot();
                return only.sampleCount() > 0 ? only : null;
            }
            MetricAggregate merged = new MetricAggregate();
            inRange.values().forEach(merged::merge);
            MetricAggregate.Snapshot snapshot = merged.snapshot();
            return snapshot.sampleCount() > 0 ? snapshot : null;
        }

        MetricAggregate bucket(Instant at) {
            long second = at.getEpochSecond();
            long start = second - Math.floorMod(second, storageResolutionSeconds);
            return buckets.computeIfAbsent(start, s -> new MetricAggregate());
        }
    }

    /** The aggregate for {@code key} in the bucket that holds {@code at}, created if absent. */
    public MetricAggregate bucket(MetricKey key, Instant at, String unit, int storageResolutionSeconds) {
        return series.computeIfAbsent(key, k -> new Series(unit, storageResolutionSeconds)).bucket(at);
    }

    public Series series(MetricKey key) {
        return series.get(key);
    }

    public Set<MetricKey> keys() {
        return series.keySet();
    }
}

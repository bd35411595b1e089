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
            return aggregate(fromSecond, toSecond, true);
        }

        /** As {@link #aggregate(long, long)}; {@code withHistogram} false skips the percentile data. */
        public MetricAggregate.Snapshot aggregate(long fromSecond, long toSecond, boolean withHistogram) {
            NavigableMap<Long, MetricAggregate> inRange = buckets.subMap(fromSecond, true, toSecond, false);
            if (inRange.isEmpty()) {
                return null;
            }
            if (inRange.size() == 1) {
                MetricAggregate.Snapshot only = inRange.firstEntry().getValue().snapshot(withHistogram);
                return only.sampleCount() > 0 ? only : null;
            }
            MetricAggregate merged = new MetricAggregate();
            inRange.values().forEach(a -> merged.merge(a, withHistogram));
            MetricAggregate.Snapshot snapshot = merged.snapshot();
            return snapshot.sampleCount() > 0 ? snapshot : null;
        }

        MetricAggregate bucket(Instant at) {
            long second = at.getEpochSecond();
            long start = second - Math.floorMod(second, storageResolutionSeconds);
            Current current = this.current;
            if (current != null && current.start == start) {
                return current.aggregate;
            }
            MetricAggregate aggregate = buckets.computeIfAbsent(start, s -> new MetricAggregate());
            this.current = new Current(start, aggregate);
            return aggregate;
        }

        /** The bucket written last: nearly every write goes to the same one as the one before. */
        private volatile Current current;

        private record Current(long start, MetricAggregate aggregate) {
        }
    }

    /** The aggregate for {@code key} in the bucket that holds {@code at}, created if absent. */
    public MetricAggregate bucket(MetricKey key, Instant at, String unit, int storageResolutionSeconds) {
        return series(key, unit, storageResolutionSeconds).bucket(at);
    }

    /** The series of {@code key}, created (with this unit and resolution) if absent. */
    Series series(MetricKey key, String unit, int storageResolutionSeconds) {
        Series s = series.get(key);
        return s != null ? s : series.computeIfAbsent(key, k -> new Series(unit, storageResolutionSeconds));
    }

    public Series series(MetricKey key) {
        return series.get(key);
    }

    public Set<MetricKey> keys() {
        return series.keySet();
    }
}

package io.busquake.emulator.internal.metrics;

import org.HdrHistogram.DoubleHistogram;

/**
 * The values of one metric in one storage period: a statistic set, plus a histogram of the raw values when they
 * were sent one by one, so that percentiles can be answered.
 */
public final class MetricAggregate {
    /**
     * Two significant digits: percentiles within 1%, at about 6 KB a bucket; three digits cost about 42 KB a bucket,
     * which a day of per-rule latency metrics cannot afford.
     */
    private static final int SIGNIFICANT_DIGITS = 2;
    private double sampleCount;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private DoubleHistogram histogram;

    public synchronized void add(double value) {
        addStatistics(1, value, value, value);
        if (histogram == null) {
            histogram = new DoubleHistogram(SIGNIFICANT_DIGITS);
        }
        if (value >= 0) {
            histogram.recordValue(value);
        }
    }

    /** Adds the first {@code n} of {@code values}, each a raw value of its own, under one lock. */
    public synchronized void addAll(double[] values, int n) {
        for (int i = 0; i < n; i++) {
            add(values[i]);
        }
    }

    /** Adds {@code count} occurrences of one raw value (PutMetricData's Values with Counts). */
    public synchronized void add(double value, long count) {
        if (count <= 0) {
            return;
        }
        addStatistics(count, value * count, value, value);
        if (histogram == null) {
            histogram = new DoubleHistogram(SIGNIFICANT_DIGITS);
        }
        if (value >= 0) {
            histogram.recordValueWithCount(value, count);
        }
    }

    /** Adds {@code count} occurrences of {@code value} (a counter that went up by {@code count}). */
    public synchronized void addCount(double count) {
        addStatistics(1, count, count, count);
    }

    public synchronized void addStatistics(double sampleCount, double sum, double min, double max) {
        this.sampleCount += sampleCount;
        this.sum += sum;
        this.min = Math.min(this.min, min);
        this.max = Math.max(this.max, max);
    }

    public synchronized void merge(MetricAggregate other) {
        merge(other, true);
    }

    /** Adds another aggregate's values; without histograms when no percentile will be asked of the result. */
    public synchronized void merge(MetricAggregate other, boolean withHistogram) {
        Snapshot s = other.snapshot(withHistogram);
        addStatistics(s.sampleCount(), s.sum(), s.min(), s.max());
        if (s.histogram() != null) {
            if (histogram == null) {
                histogram = new DoubleHistogram(SIGNIFICANT_DIGITS);
            }
            histogram.add(s.histogram());
        }
    }

    public synchronized Snapshot snapshot() {
        return snapshot(true);
    }

    /** A snapshot; without the histogram (no percentiles) it costs no copy, which alarm evaluation relies on. */
    public synchronized Snapshot snapshot(boolean withHistogram) {
        return new Snapshot(sampleCount, sum, min, max, withHistogram && histogram != null ? histogram.copy() : null);
    }

    /** An immutable view; {@code histogram} is null when only statistic sets were sent. */
    public record Snapshot(double sampleCount, double sum, double min, double max, DoubleHistogram histogram) {
        public double average() {
            return sampleCount == 0 ? 0 : sum / sampleCount;
        }

        /** The {@code p}th percentile (0-100), or NaN when the raw values are not known. */
        public double percentile(double p) {
            return histogram == null || histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(p);
        }
    }
}

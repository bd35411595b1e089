package io.busquake.emulator.internal.metrics;

import org.HdrHistogram.DoubleHistogram;

/**
 * The values of one metric in one storage period: a statistic set, plus a histogram of the raw values when they
 * were sent one by one, so that percentiles can be answered.
 */
public final class MetricAggregate {
    private double sampleCount;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private DoubleHistogram histogram;

    public synchronized void add(double value) {
        addStatistics(1, value, value, value);
        if (histogram == null) {
            histogram = new DoubleHistogram(3);
        }
        if (value >= 0) {
            histogram.recordValue(value);
        }
    }

    /** Adds {@code count} occurrences of one raw value (PutMetricData's Values with Counts). */
    public synchronized void add(double value, long count) {
        if (count <= 0) {
            return;
        }
        addStatistics(count, value * count, value, value);
        if (histogram == null) {
            histogram = new DoubleHistogram(3);
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
        Snapshot s = other.snapshot();
        addStatistics(s.sampleCount(), s.sum(), s.min(), s.max());
        if (s.histogram() != null) {
            if (histogram == null) {
                histogram = new DoubleHistogram(3);
            }
            histogram.add(s.histogram());
        }
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(sampleCount, sum, min, max, histogram == null ? null : histogram.copy());
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

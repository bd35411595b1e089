package io.busquake.load.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The request rates one benchmark run holds, in open-model injection: a warm-up ramp up to the first rate, then each
 * rate in turn for {@code settle + measure}. Only the last {@code measure} of a step is measured: during its
 * {@code settle} the previous step's requests are still completing.
 *
 * <p>A warm-up ramp is not optional decoration: started cold at 10,000 requests/s, an open model opened connections
 * faster than it could reuse them and ran into the open-files limit. The ramp starts at
 * {@link #WARM_UP_START_SHARE} of the first rate.
 *
 * @param warmup         the ramp from {@link #warmupFromPerSecond()} to the first rate; zero for a cold start
 * @param settle         the unmeasured start of every step
 * @param measure        the measured rest of every step
 * @param ratesPerSecond the steps' request rates, ascending
 */
public record Ladder(Duration warmup, Duration settle, Duration measure, List<Double> ratesPerSecond) {
    /** The warm-up ramp starts at this share of the first step's rate. */
    public static final double WARM_UP_START_SHARE = 0.05;

    public Ladder {
        Objects.requireNonNull(warmup, "warmup");
        Objects.requireNonNull(settle, "settle");
        Objects.requireNonNull(measure, "measure");
        ratesPerSecond = List.copyOf(ratesPerSecond);
        if (warmup.isNegative() || settle.isNegative()) {
            throw new IllegalArgumentException("warm-up and settle cannot be negative, but were " + warmup + " and "
                    + settle);
        }
        if (measure.isZero() || measure.isNegative()) {
            throw new IllegalArgumentException("measure must be positive, but was " + measure);
        }
        if (ratesPerSecond.isEmpty()) {
            throw new IllegalArgumentException("a ladder needs at least one rate");
        }
        double previous = 0;
        for (double rate : ratesPerSecond) {
            if (!(rate > previous)) {
                throw new IllegalArgumentException("rates must be positive and ascending, but were " + ratesPerSecond);
            }
            previous = rate;
        }
    }

    /**
     * {@code from}, {@code from x factor}, {@code from x factor^2}, ... up to {@code to}, each rounded to a whole
     * request per second; just {@code from} when {@code to == from}.
     */
    public static Ladder geometric(Duration warmup, Duration settle, Duration measure, double from, double to,
                                   double factor) {
        if (!(from >= 1) || !(to >= from)) {
            throw new IllegalArgumentException("a ladder climbs from a rate of at least 1/s up to a higher one, but "
                    + "was from " + from + " to " + to);
        }
        if (to > from && !(factor > 1)) {
            throw new IllegalArgumentException("the factor between steps must be above 1, but was " + factor);
        }
        List<Double> rates = new ArrayList<>();
        // Rounding must not drop the top: allow for the error of repeated multiplication.
        for (double rate = from; rate <= to * (1 + 1e-9); rate *= factor) {
            double rounded = Math.round(rate);
            if (rates.isEmpty() || rounded > rates.get(rates.size() - 1)) {
                rates.add(rounded);
            }
            if (to == from) {
                break;
            }
        }
        return new Ladder(warmup, settle, measure, rates);
    }

    /** Where the warm-up ramp starts: a share of the first rate, and at least one request per second. */
    public double warmupFromPerSecond() {
        return Math.max(1, ratesPerSecond.get(0) * WARM_UP_START_SHARE);
    }

    /** Users the warm-up ramp injects: its mean rate times its duration. */
    public long warmupUsers() {
        return Math.round((warmupFromPerSecond() + ratesPerSecond.get(0)) / 2 * (warmup.toNanos() / 1e9));
    }

    public int steps() {
        return ratesPerSecond.size();
    }

    public double rate(int step) {
        return ratesPerSecond.get(step);
    }

    public Duration stepDuration() {
        return settle.plus(measure);
    }

    /** Warm-up and every step. */
    public Duration totalDuration() {
        return warmup.plus(stepDuration().multipliedBy(steps()));
    }

    /** When step {@code step} starts, counted from the start of the injection. */
    public long stepStartNanos(int step) {
        return warmup.toNanos() + step * stepDuration().toNanos();
    }

    /** When step {@code step}'s measured part starts. */
    public long measureStartNanos(int step) {
        return stepStartNanos(step) + settle.toNanos();
    }

    /** When step {@code step} ends (and the next starts). */
    public long stepEndNanos(int step) {
        return stepStartNanos(step + 1);
    }

    /** The step running {@code elapsedNanos} after the start of the injection: -1 in the warm-up, steps() after. */
    public int stepAt(long elapsedNanos) {
        if (elapsedNanos < warmup.toNanos()) {
            return -1;
        }
        long step = (elapsedNanos - warmup.toNanos()) / stepDuration().toNanos();
        return (int) Math.min(step, steps());
    }

    /** Whether {@code elapsedNanos} falls in the measured part of its step. */
    public boolean measured(long elapsedNanos) {
        int step = stepAt(elapsedNanos);
        return step >= 0 && step < steps() && elapsedNanos >= measureStartNanos(step);
    }
}

package io.busquake.emulator.internal.cloudwatch;

import java.time.Instant;

/** A run of equal periods: the time axis every series of one request or one alarm evaluation is computed on. */
record Grid(long startSecond, int periodSeconds, int length) {
    Grid {
        if (periodSeconds <= 0 || length < 0) {
            throw new IllegalArgumentException("period must be positive and length non-negative, but were "
                    + periodSeconds + " and " + length);
        }
    }

    /**
     * The grid GetMetricData and GetMetricStatistics answer on: the start is rounded down to a whole minute for
     * periods of a minute or more, and to an even multiple of the period below a minute, as CloudWatch rounds it.
     */
    static Grid forQuery(Instant start, Instant end, int periodSeconds) {
        long s = start.getEpochSecond();
        long rounded = periodSeconds >= 60 ? s - Math.floorMod(s, 60) : s - Math.floorMod(s, periodSeconds);
        long e = end.getEpochSecond() + (end.getNano() > 0 ? 1 : 0);
        int length = (int) Math.max(0, (e - rounded + periodSeconds - 1) / periodSeconds);
        return new Grid(rounded, periodSeconds, length);
    }

    long at(int index) {
        return startSecond + (long) index * periodSeconds;
    }
}

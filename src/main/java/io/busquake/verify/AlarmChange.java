package io.busquake.verify;

import java.time.Instant;
import java.util.Objects;

/** One StateUpdate item of DescribeAlarmHistory. */
public record AlarmChange(String alarm, Instant at, String from, String to, String summary) {
    public AlarmChange {
        Objects.requireNonNull(alarm, "alarm");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(summary, "summary");
    }
}

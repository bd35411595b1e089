package io.busquake.clock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A {@link Clock} that can also run work at a future instant of its own time.
 *
 * <pre>{@code
 * SchedulingClock clock = SchedulingClock.system();
 * clock.schedule(Duration.ofSeconds(5), () -> System.out.println("five seconds later"));
 * }</pre>
 *
 * Scheduled tasks must be short and must not block: they hand work to whoever does it (a queue, an executor).
 */
public abstract class SchedulingClock extends Clock {

    /** A handle on scheduled work. Cancelling work that already ran does nothing. */
    public interface Cancellable {
        void cancel();
    }

    /** The wall clock, with one daemon scheduler thread. */
    public static SchedulingClock system() {
        return SystemClock.INSTANCE;
    }

    /** Runs {@code task} once, {@code delay} from now on this clock. */
    public abstract Cancellable schedule(Duration delay, Runnable task);

    /** Runs {@code task} every {@code period} on this clock, first at {@code firstAt}. */
    public Cancellable scheduleAtFixedRate(Instant firstAt, Duration period, Runnable task) {
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("period must be positive, but was " + period);
        }
        var handle = new RepeatingTask(this, period, task);
        handle.arm(firstAt);
        return handle;
    }

    /** Runs {@code task} at {@code at}, or right away if {@code at} is not in the future. */
    public Cancellable scheduleAt(Instant at, Runnable task) {
        Duration delay = Duration.between(instant(), at);
        return schedule(delay.isNegative() ? Duration.ZERO : delay, task);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(instant(), zone);
    }

    /** Epoch milliseconds on this clock. */
    @Override
    public long millis() {
        return instant().toEpochMilli();
    }

    private static final class RepeatingTask implements Cancellable {
        private final SchedulingClock clock;
        private final Duration period;
        private final Runnable task;
        private volatile boolean cancelled;
        private volatile Cancellable current;

        RepeatingTask(SchedulingClock clock, Duration period, Runnable task) {
            this.clock = clock;
            this.period = period;
            this.task = task;
        }

        void arm(Instant at) {
            if (!cancelled) {
                current = clock.scheduleAt(at, () -> {
                    if (cancelled) {
                        return;
                    }
                    // Re-arm first, from the planned instant, so a slow task does not make the period drift.
                    arm(at.plus(period));
                    task.run();
                });
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            Cancellable c = current;
            if (c != null) {
                c.cancel();
            }
        }
    }
}

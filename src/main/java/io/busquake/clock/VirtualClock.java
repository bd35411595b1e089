package io.busquake.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that stands still until {@link #advance(Duration)} moves it. Work scheduled on it runs, in time order, on
 * the thread that advances it, each task seeing the clock at its own due instant.
 *
 * <pre>{@code
 * VirtualClock clock = VirtualClock.at(Instant.parse("2026-01-01T00:00:00Z"));
 * clock.schedule(Duration.ofMinutes(5), () -> System.out.println("ran at " + clock.instant()));
 * clock.advance(Duration.ofMinutes(10)); // prints "ran at 2026-01-01T00:05:00Z"
 * }</pre>
 */
public final class VirtualClock extends SchedulingClock {

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private final AtomicLong sequence = new AtomicLong();
    private volatile Instant now;

    private VirtualClock(Instant start) {
        this.now = start;
    }

    public static VirtualClock at(Instant start) {
        return new VirtualClock(start);
    }

    /** A virtual clock starting at the current wall-clock second. */
    public static VirtualClock startingNow() {
        return new VirtualClock(Instant.ofEpochSecond(Instant.now().getEpochSecond()));
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        Task t;
        synchronized (queue) {
            t = new Task(now.plus(delay.isNegative() ? Duration.ZERO : delay), sequence.getAndIncrement(), task);
            queue.add(t);
        }
        return () -> t.cancelled = true;
    }

    /** Moves the clock forward by {@code amount}, running every task that falls due on the way. */
    public void advance(Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("a clock cannot go back, but the amount was " + amount);
        }
        advanceTo(now.plus(amount));
    }

    /** Moves the clock to {@code target}, running every task due at or before it. */
    public synchronized void advanceTo(Instant target) {
        while (true) {
            Task next;
            synchronized (queue) {
                next = queue.peek();
                if (next == null || next.at.isAfter(target)) {
                    break;
                }
                queue.poll();
            }
            if (next.at.isAfter(now)) {
                now = next.at;
            }
            if (!next.cancelled) {
                next.task.run();
            }
        }
        if (target.isAfter(now)) {
            now = target;
        }
    }

    /** Runs what is due now without moving the clock. */
    public void runDue() {
        advanceTo(now);
    }

    /** How many tasks wait for a future instant. */
    public int pendingTasks() {
        synchronized (queue) {
            return (int) queue.stream().filter(t -> !t.cancelled).count();
        }
    }

    private static final class Task implements Comparable<Task> {
        final Instant at;
        final long seq;
        final Runnable task;
        volatile boolean cancelled;

        Task(Instant at, long seq, Runnable task) {
            this.at = at;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public int compareTo(Task o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}

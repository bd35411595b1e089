package io.busquake.consume.internal;

import io.busquake.consume.ConsumerStats;
import java.time.Duration;
import java.util.function.Predicate;

/** A consumer's counts; waiters wake on every change, so tests and the run wait on state, never on time. */
public final class Counters {
    private long received;
    private long sideEffects;
    private long skippedCompleted;
    private long inProgressConflicts;
    private long deleted;
    private long crashes;
    private long foreign;
    private long errors;
    private int busyWorkers;

    public enum Kind { RECEIVED, SIDE_EFFECT, SKIPPED_COMPLETED, IN_PROGRESS_CONFLICT, DELETED, CRASH, FOREIGN, ERROR }

    public synchronized void add(Kind kind) {
        switch (kind) {
            case RECEIVED -> received++;
            case SIDE_EFFECT -> sideEffects++;
            case SKIPPED_COMPLETED -> skippedCompleted++;
            case IN_PROGRESS_CONFLICT -> inProgressConflicts++;
            case DELETED -> deleted++;
            case CRASH -> crashes++;
            case FOREIGN -> foreign++;
            case ERROR -> errors++;
        }
        notifyAll();
    }

    /** A worker starts ({@code +1}) or ends ({@code -1}) handling a batch it received. */
    public synchronized void busy(int delta) {
        busyWorkers += delta;
        notifyAll();
    }

    /** Workers handling a batch right now (not waiting in a ReceiveMessage). */
    public synchronized int busyWorkers() {
        return busyWorkers;
    }

    public synchronized ConsumerStats snapshot() {
        return new ConsumerStats(received, sideEffects, skippedCompleted, inProgressConflicts, deleted, crashes,
                foreign, errors);
    }

    public synchronized boolean await(Predicate<ConsumerStats> condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(snapshot())) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}

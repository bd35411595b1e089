package io.busquake.load.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Measures a benchmark run step by step against its {@link Ladder} and decides which steps were sustained: no failed
 * request, and an achieved rate of at least {@link #MIN_ACHIEVED_SHARE} of the requested one.
 *
 * <p>The steps are timed from the first user after the warm-up ({@link Ladder#warmupUsers()} users in): Gatling's
 * injection starts some time after the simulation's {@code before()}, longer on a busy machine, and JIT compilation
 * can hold the first users back, so neither the first user nor {@code before()} marks the schedule reliably.
 *
 * <p>Each user reports its start ({@link #userStarted(long)}) and each finished request is reported once with when
 * it was sent and when it completed (any clock in nanoseconds, the same for all calls). A request counts for the
 * step it was sent in (its errors and its latency) and, when answered OK, for the step whose measured part it
 * completed in (the achieved rate): an open model that cannot keep up shows as answers falling behind the requested
 * rate, whether the injector or the endpoint is the bottleneck. Requests sent before the steps are timed count as
 * warm-up.
 *
 * <p>It also reads a CPU clock (the process's CPU time, say) as each step's measured part starts and ends, at the
 * first call past each instant, to give the CPU time per request answered: on a shared machine a steadier figure than
 * the rate, and the one that shows what signing costs.
 *
 * <p>Thread-safe; the per-request cost is a few counter increments and one histogram record.
 */
public final class StepMeter {
    /** The achieved rate must be within 2% of the requested one. */
    public static final double MIN_ACHIEVED_SHARE = 0.98;
    private static final long NOT_STARTED = Long.MIN_VALUE;
    /** A CPU clock for when there is none: CPU figures come out as NaN. */
    public static final LongSupplier NO_CPU_CLOCK = () -> -1L;

    private final Ladder ladder;
    private final Consumer<StepResult> onJudged;
    private final LongSupplier cpuNanos;
    /** The CPU clock at each step's measure start (2i) and end (2i + 1); -1 until read. */
    private final AtomicLongArray cpuAt;
    private volatile int nextCpuReading;
    private volatile long nextCpuReadingNanos = Long.MAX_VALUE;
    private final AtomicLong users = new AtomicLong();
    private final AtomicLong startNanos = new AtomicLong(NOT_STARTED);
    private final LongAdder[] sent;
    private final LongAdder[] errors;
    private final LongAdder[] okInMeasure;
    private final LongAdder[] dropped;
    private final Histogram[] latencyMicros;
    private final LongAdder warmupErrors = new LongAdder();
    private final List<StepResult> judged = new ArrayList<>();
    private volatile String stopReason;
    private volatile long nextJudgementNanos = Long.MAX_VALUE;

    public StepMeter(Ladder ladder) {
        this(ladder, NO_CPU_CLOCK, step -> { });
    }

    /**
     * @param cpuNanos a CPU clock in nanoseconds, such as the process's CPU time; {@link #NO_CPU_CLOCK} for none
     * @param onJudged called once per step as {@link #stopReason(long)} judges it, with the figures known then
     */
    public StepMeter(Ladder ladder, LongSupplier cpuNanos, Consumer<StepResult> onJudged) {
        this.ladder = Objects.requireNonNull(ladder, "ladder");
        this.cpuNanos = Objects.requireNonNull(cpuNanos, "cpuNanos");
        this.onJudged = Objects.requireNonNull(onJudged, "onJudged");
        int n = ladder.steps();
        cpuAt = new AtomicLongArray(2 * n);
        for (int i = 0; i < 2 * n; i++) {
            cpuAt.set(i, -1);
        }
        sent = adders(n);
        errors = adders(n);
        okInMeasure = adders(n);
        dropped = adders(n);
        latencyMicros = new Histogram[n];
        for (int i = 0; i < n; i++) {
            latencyMicros[i] = new ConcurrentHistogram(3);
        }
    }

    public Ladder ladder() {
        return ladder;
    }

    /** Called as each user starts; the first user after the warm-up fixes the steps' timing. */
    public void userStarted(long nowNanos) {
        if (users.getAndIncrement() == ladder.warmupUsers()) {
            long start = nowNanos - ladder.warmup().toNanos();
            startNanos.set(start);
            nextJudgementNanos = start + ladder.stepEndNanos(0);
            nextCpuReadingNanos = start + cpuReadingAt(0);
        }
        readCpuIfDue(nowNanos);
    }

    /** When CPU reading {@code k} is due, from the start of the injection: a step's measure start or its end. */
    private long cpuReadingAt(int k) {
        return k % 2 == 0 ? ladder.measureStartNanos(k / 2) : ladder.stepEndNanos(k / 2);
    }

    private void readCpuIfDue(long nowNanos) {
        if (nowNanos < nextCpuReadingNanos) {
            return;
        }
        synchronized (cpuAt) {
            long start = startNanos.get();
            while (nextCpuReading < cpuAt.length() && nowNanos >= start + cpuReadingAt(nextCpuReading)) {
                cpuAt.set(nextCpuReading, cpuNanos.getAsLong());
                nextCpuReading++;
            }
            nextCpuReadingNanos = nextCpuReading < cpuAt.length() ? start + cpuReadingAt(nextCpuReading)
                    : Long.MAX_VALUE;
        }
    }

    /** Whether the steps are timed yet. */
    public boolean started() {
        return startNanos.get() != NOT_STARTED;
    }

    /** Records a finished request. */
    public void completed(long sentNanos, long doneNanos, boolean ok) {
        long start = startNanos.get();
        int sentStep = start == NOT_STARTED ? -1 : ladder.stepAt(sentNanos - start);
        if (sentStep < 0) {
            if (!ok) {
                warmupErrors.increment();
            }
        } else if (sentStep < ladder.steps()) {
            sent[sentStep].increment();
            if (!ok) {
                errors[sentStep].increment();
            }
            if (ladder.measured(sentNanos - start)) {
                latencyMicros[sentStep].recordValue(Math.max(0, (doneNanos - sentNanos) / 1000));
            }
        }
        if (ok && start != NOT_STARTED && ladder.measured(doneNanos - start)) {
            okInMeasure[ladder.stepAt(doneNanos - start)].increment();
        }
        readCpuIfDue(doneNanos);
    }

    /**
     * Records an arrival the load generator could not send, as too many requests were in flight: an error of the step
     * it arrived in (or of the warm-up).
     */
    public void dropped(long nowNanos) {
        long start = startNanos.get();
        int step = start == NOT_STARTED ? -1 : ladder.stepAt(nowNanos - start);
        if (step < 0) {
            warmupErrors.increment();
        } else if (step < ladder.steps()) {
            dropped[step].increment();
        }
        readCpuIfDue(nowNanos);
    }

    /** Requests sent during the warm-up that failed, and arrivals in it that were dropped. */
    public long warmupErrors() {
        return warmupErrors.sum();
    }

    /**
     * Why the run should stop, once a step that has ended by {@code nowNanos} was not sustained: higher steps would
     * measure a system still draining the backlog of that one. Cheap when no step has ended since the last call.
     */
    public Optional<String> stopReason(long nowNanos) {
        String reason = stopReason;
        if (reason != null || nowNanos < nextJudgementNanos) {
            return Optional.ofNullable(reason);
        }
        // A step's figures include its CPU time, read at its end.
        readCpuIfDue(nowNanos);
        synchronized (this) {
            long start = startNanos.get();
            while (stopReason == null && judged.size() < ladder.steps()
                    && nowNanos >= start + ladder.stepEndNanos(judged.size())) {
                StepResult result = result(judged.size());
                judged.add(result);
                onJudged.accept(result);
                if (!result.sustained()) {
                    stopReason = String.format(Locale.ROOT, "step %d (%.0f requests/s) not sustained: %s",
                            result.step() + 1, result.requestedPerSecond(), result.reason());
                }
            }
            nextJudgementNanos = judged.size() < ladder.steps() ? start + ladder.stepEndNanos(judged.size())
                    : Long.MAX_VALUE;
            return Optional.ofNullable(stopReason);
        }
    }

    /**
     * Every step the run held, as they stand now (errors that came in late included): up to the step that stopped the
     * run, or all of them when the run went through the ladder. Call it once the injection is over.
     */
    public List<StepResult> results() {
        List<StepResult> results = new ArrayList<>();
        if (!started()) {
            return results;
        }
        // The run is over: a step whose end no call came after reads the CPU clock now.
        readCpuIfDue(Long.MAX_VALUE);
        int held;
        synchronized (this) {
            held = stopReason != null ? judged.size() : ladder.steps();
        }
        for (int i = 0; i < held; i++) {
            results.add(result(i));
        }
        return results;
    }

    private StepResult result(int step) {
        double requested = ladder.rate(step);
        long answered = okInMeasure[step].sum();
        double achieved = answered / (ladder.measure().toNanos() / 1e9);
        long cpuFrom = cpuAt.get(2 * step);
        long cpuTo = cpuAt.get(2 * step + 1);
        double cpuMicros = cpuFrom < 0 || cpuTo < 0 || answered == 0 ? Double.NaN
                : (cpuTo - cpuFrom) / 1000.0 / answered;
        long failed = errors[step].sum();
        long drops = dropped[step].sum();
        String reason = "";
        if (failed > 0 || drops > 0) {
            List<String> parts = new ArrayList<>();
            if (failed > 0) {
                parts.add(failed + (failed == 1 ? " failed request" : " failed requests"));
            }
            if (drops > 0) {
                parts.add(drops + (drops == 1 ? " arrival" : " arrivals")
                        + " dropped with the most requests in flight");
            }
            reason = String.join(" and ", parts);
        } else if (achieved < requested * MIN_ACHIEVED_SHARE) {
            reason = String.format(Locale.ROOT, "achieved %.0f/s, %.1f%% of requested", achieved,
                    100 * achieved / requested);
        }
        Histogram latency = latencyMicros[step].copy();
        return new StepResult(step, requested, achieved, sent[step].sum(), failed, drops,
                latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0,
                latency.getMaxValue() / 1000.0, cpuMicros, reason);
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] adders = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }
}

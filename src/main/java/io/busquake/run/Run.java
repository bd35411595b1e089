package io.busquake.run;

import io.busquake.clock.SchedulingClock;
import io.busquake.emulator.Emulator;
import io.busquake.fault.FaultTimeline;
import io.busquake.load.LoadPlan;
import io.busquake.load.PutEventsLoad;
import io.busquake.provision.Provisioner;
import io.busquake.report.RunReport;
import io.busquake.scenario.Scenario;
import io.busquake.scenario.ScenarioLoader;
import io.busquake.target.RunTarget;
import io.busquake.verify.Verdict;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One run of one scenario. {@link #prepare} loads and validates everything before anything starts; {@link #start}
 * starts the target, provisions and opens the results; the load runs (Gatling, or a test's own client, using
 * {@link #load()}); {@link #finish} settles, verifies, writes results and tears down, even after a failure.
 *
 * <pre>{@code
 * Run run = Run.prepare(Path.of("scenarios/smoke.yaml"), RunOptions.defaults());
 * run.start();
 * try {
 *     run.loadStarted();
 *     // send run.load().next() requests at run.plan()'s rates
 * } finally {
 *     run.finish();
 * }
 * }</pre>
 */
public final class Run {
    private static final DateTimeFormatter RUN_ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private static final long SETTLE_POLL_MILLIS = 100;
    private static final long QUIET_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Scenario scenario;
    private final RunOptions options;
    private final String runId;
    private final LoadPlan plan;
    private RunTarget target;
    private Provisioner topology;
    private RunReport report;
    private PutEventsLoad load;
    private Instant loadStartedAt;
    private Instant loadEndedAt;
    private Verification verification;
    private FaultTimeline faults;
    private Verdict verdict;
    private final List<SchedulingClock.Cancellable> timelineTasks = new ArrayList<>();
    private boolean finished;

    /**
     * Hooks for what later issues add to the lifecycle; each gets the run and must not throw for expected outcomes.
     * Verify runs after the settle time and before results are written.
     */
    public interface Hook {
        void run(Run run);

        Hook NONE = run -> { };
    }

    private Run(Scenario scenario, RunOptions options) {
        this.scenario = scenario;
        this.options = options;
        this.runId = RUN_ID_TIME.format(options.clock().instant()) + "-" + scenario.name();
        this.plan = LoadPlan.of(scenario.load(), scenario.duration());
    }

    /** Loads and validates {@code scenarioFile} with {@code options.overrides()}; nothing is started. */
    public static Run prepare(Path scenarioFile, RunOptions options) {
        return new Run(ScenarioLoader.load(scenarioFile, options.overrides()), options);
    }

    /** A run of an already loaded scenario. */
    public static Run of(Scenario scenario, RunOptions options) {
        return new Run(Objects.requireNonNull(scenario, "scenario"), options);
    }

    /**
     * Starts the target, provisions the topology and opens the results directory. On failure, whatever was started
     * is stopped again before the error is thrown.
     */
    public synchronized Run start() {
        if (target != null) {
            throw new IllegalStateException("run " + runId + " was already started");
        }
        try {
            report = RunReport.create(options.resultsRoot().resolve(runId), options.clock(), options.console());
            report.writeScenario(scenario.toYaml());
            target = options.targetFactory().apply(scenario);
            report.timeline("target", target.toString());
            topology = Provisioner.provision(target, scenario.topology());
            report.timeline("provisioned", String.join("; ", topology.created()));
            load = PutEventsLoad.create(scenario.load(), runId, options.injector(), target, options.clock(),
                    report.outcomesFile());
            faults = FaultTimeline.prepare(scenario, target, FaultTimeline.Options.of(options.clock(),
                    report.directory(), options.console()).withTimeline(report::timeline));
            faults.plan().forEach(line -> report.timeline("fault-plan", line));
            load.faults(faults.loadFaults());
            verification = Verification.start(scenario, runId, target, topology, report, options.clock(), load,
                    faults::consumerFaults);
        } catch (RuntimeException e) {
            tearDown();
            throw e;
        }
        return this;
    }

    /** Marks the start of the load and schedules one timeline line per step of the plan. */
    public synchronized void loadStarted() {
        requireStarted();
        loadStartedAt = options.clock().instant();
        report.loadStarted();
        verification.loadStarted(loadStartedAt);
        faults.start();
        Duration offset = Duration.ZERO;
        for (LoadPlan.Step step : plan.steps()) {
            String event = step.event().isEmpty() ? "step" : step.event();
            if (offset.isZero()) {
                report.timeline(event, step.detail());
            } else {
                timelineTasks.add(options.clock().schedule(offset, () -> report.timeline(event, step.detail())));
            }
            offset = offset.plus(step.duration());
        }
    }

    /**
     * Ends the run: records the end of the load, waits out {@code settle}, runs the verify hook, verifies, writes
     * results (verdict.json, junit.xml, report.html, latency logs) and tears everything down. Safe to call after a
     * failed or partial start, and only acts once.
     *
     * @return the verdict; empty when the run never started its load
     */
    public synchronized Optional<Verdict> finish() {
        if (finished) {
            return Optional.ofNullable(verdict);
        }
        finished = true;
        timelineTasks.forEach(SchedulingClock.Cancellable::cancel);
        try {
            if (load != null && loadStartedAt != null) {
                loadEnded();
                settle(loadEndedAt);
                faults.undoAll("run settled");
                options.verify().run(this);
                load.close();
                verdict = verification.verify(loadEndedAt, load.summary());
                report.writeSummary(runId, scenario.name(), target.toString(), load.summary(),
                        Duration.between(loadStartedAt, loadEndedAt), (verdict.passed() ? "passed" : "FAILED")
                                + " (" + verdict.expectations().size() + " expectations, " + verdict.failures().size()
                                + " failed; " + report.directory().resolve("report.html") + ")");
            } else if (load != null) {
                load.close();
            }
        } finally {
            tearDown();
        }
        return Optional.ofNullable(verdict);
    }

    /**
     * Marks the end of the load; the settle time counts from here. {@link #finish} calls it when the load's driver
     * did not; a driver of a virtual clock calls it itself and then moves the clock through the settle time (until
     * {@link #settled()}), so the verdict's load end is the load's, not the settle's.
     */
    public synchronized void loadEnded() {
        requireStarted();
        if (loadStartedAt == null) {
            throw new IllegalStateException("run " + runId + ": the load never started (call loadStarted() first)");
        }
        if (loadEndedAt != null) {
            return;
        }
        loadEndedAt = options.clock().instant();
        report.timeline("load-ended", load.summary().requests() + " requests, "
                + load.pendingRetries() + " entries still waiting for a retry");
    }

    /**
     * Whether waiting longer cannot change the verdict: nothing is in flight ({@link #idle()}) and no expected alarm
     * can still change its outcome. Only after {@link #loadEnded()}.
     */
    public synchronized boolean settled() {
        if (loadEndedAt == null) {
            throw new IllegalStateException("run " + runId + ": the load has not ended (call loadEnded() first)");
        }
        return idle() && verification.alarmsDecided(loadEndedAt);
    }

    /**
     * Waits out what is left of the settle time after the load's end. On the embedded endpoint it ends early once
     * no delivery (nor a delivery retry) is outstanding, no producer retry waits, and no expected alarm can still
     * change its outcome by waiting.
     */
    private void settle(Instant loadEndedAt) {
        Duration settle = Duration.between(options.clock().instant(), loadEndedAt.plus(scenario.settle()));
        if (settle.isNegative() || settle.isZero()) {
            return;
        }
        report.timeline("settle", "waiting up to " + settle.toSeconds() + "s for deliveries, retries and alarms");
        CountDownLatch deadline = new CountDownLatch(1);
        SchedulingClock.Cancellable wake = options.clock().schedule(settle, deadline::countDown);
        try {
            for (int poll = 0; !deadline.await(SETTLE_POLL_MILLIS, TimeUnit.MILLISECONDS); poll++) {
                // Alarm history is asked once a second, not on every poll.
                if (poll % 10 == 0 && idle() && verification.alarmsDecided(loadEndedAt)) {
                    report.timeline("settled", "nothing in flight on the embedded endpoint and no alarm left to wait for");
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            wake.cancel();
        }
    }

    /**
     * Whether the run has nothing in flight: on the embedded endpoint no delivery (nor delivery retry) is outstanding,
     * no producer retry waits, and every consumed queue is empty. Elsewhere deliveries cannot be seen: false.
     */
    public boolean idle() {
        requireStarted();
        return target.emulator().isPresent() && target.emulator().get().outstandingInvocations() == 0
                && load.pendingRetries() == 0 && verification.consumersIdle();
    }

    /** Waits (real time) until {@link #idle()}, at most {@code timeout}; answers whether it became idle. */
    public boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!idle()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        return true;
    }

    /**
     * Waits until nothing on the embedded endpoint can progress before the run's clock moves: no delivery is queued
     * or under way (retries wait for their instant), and every consumer is quiet (its workers wait in a
     * ReceiveMessage on an empty queue, or are held by a fault hook until a later instant). For drivers of a virtual
     * clock, which advance it only once this holds. Answers whether it held within {@code timeout} (real time).
     */
    public boolean awaitQuiet(Duration timeout) throws InterruptedException {
        requireStarted();
        Emulator emulator = target.emulator().orElseThrow(() -> new IllegalStateException(
                "run " + runId + " is not on the embedded endpoint: only there can quiet be seen"));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !emulator.awaitDeliveries(Duration.ofNanos(left))) {
                return false;
            }
            if (verification.consumersQuiet() && emulator.awaitDeliveries(Duration.ZERO)) {
                return true;
            }
            // Poll again shortly: queue depths come from SQS, which notifies nobody.
            java.util.concurrent.locks.LockSupport.parkNanos(QUIET_POLL_NANOS);
        }
    }

    private void tearDown() {
        if (faults != null) {
            faults.undoAll("run ended");
        }
        if (verification != null) {
            verification.stop();
        }
        if (topology != null) {
            topology.tearDown();
            report.timeline("torn-down", "the topology this run created is removed");
        }
        if (target != null) {
            target.close();
        }
        if (report != null) {
            report.close();
        }
    }

    /** Whether {@link #start()} succeeded. */
    public synchronized boolean started() {
        return load != null;
    }

    private void requireStarted() {
        if (load == null) {
            throw new IllegalStateException("run " + runId + " is not started: call start() first");
        }
    }

    public Scenario scenario() {
        return scenario;
    }

    public String runId() {
        return runId;
    }

    /** The load's steps in requests/s, warm-up included; the simulation injects exactly these. */
    public LoadPlan plan() {
        return plan;
    }

    public RunTarget target() {
        requireStarted();
        return target;
    }

    public Provisioner topology() {
        requireStarted();
        return topology;
    }

    public PutEventsLoad load() {
        requireStarted();
        return load;
    }

    /** The run's ledger: load, consumers and the DLQ reader write it; the verifier reads it. */
    public io.busquake.ledger.Ledger ledger() {
        requireStarted();
        return verification.ledger();
    }

    public RunReport report() {
        requireStarted();
        return report;
    }

    /**
     * How a run is set up beyond its scenario.
     *
     * @param overrides     {@code -Dset} overrides, validated like the file
     * @param resultsRoot   where {@code <run-id>/} is created
     * @param injector      this injector's id, carried in every event
     * @param clock         the one clock of the run
     * @param targetFactory starts the scenario's target ({@link RunTarget#start} unless a test needs otherwise)
     * @param verify        the verifier's hook; a no-op until the verifier lands
     * @param console       where timeline lines and the summary are printed
     */
    public record RunOptions(String overrides, Path resultsRoot, String injector, SchedulingClock clock,
                             Function<Scenario, RunTarget> targetFactory, Hook verify, PrintStream console) {
        public RunOptions {
            Objects.requireNonNull(overrides, "overrides");
            Objects.requireNonNull(resultsRoot, "resultsRoot");
            Objects.requireNonNull(injector, "injector");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(targetFactory, "targetFactory");
            Objects.requireNonNull(verify, "verify");
            Objects.requireNonNull(console, "console");
        }

        /** No overrides, results under {@code results/}, injector {@code i1}, the system clock, stdout. */
        public static RunOptions defaults() {
            return new RunOptions("", Path.of("results"), "i1", SchedulingClock.system(),
                    scenario -> RunTarget.start(scenario.target()), Hook.NONE, System.out);
        }

        public RunOptions withOverrides(String newOverrides) {
            return new RunOptions(newOverrides, resultsRoot, injector, clock, targetFactory, verify, console);
        }

        public RunOptions withResultsRoot(Path newResultsRoot) {
            return new RunOptions(overrides, newResultsRoot, injector, clock, targetFactory, verify, console);
        }

        public RunOptions withTargetFactory(Function<Scenario, RunTarget> newFactory) {
            return new RunOptions(overrides, resultsRoot, injector, clock, newFactory, verify, console);
        }

        public RunOptions withConsole(PrintStream newConsole) {
            return new RunOptions(overrides, resultsRoot, injector, clock, targetFactory, verify, newConsole);
        }
    }
}

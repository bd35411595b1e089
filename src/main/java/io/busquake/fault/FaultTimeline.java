package io.busquake.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.busquake.clock.SchedulingClock;
import io.busquake.consume.ConsumerFaults;
import io.busquake.fault.internal.ControlPath;
import io.busquake.fault.internal.Hooks;
import io.busquake.fault.internal.Injector;
import io.busquake.fault.internal.Journal;
import io.busquake.fault.internal.Restorer;
import io.busquake.load.LoadFaults;
import io.busquake.scenario.Consumer;
import io.busquake.scenario.Fault;
import io.busquake.scenario.Scenario;
import io.busquake.scenario.Target;
import io.busquake.scenario.Topology;
import io.busquake.target.RunTarget;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * A scenario's faults on the run's clock. {@link #prepare} validates every fault against the target and refuses, with
 * reasons, what it cannot take, before anything changes; {@link #plan()} says in one line per fault what changes on
 * which resource and how it is undone; {@link #start()} schedules each fault from now (the start of the load);
 * {@link #undoAll(String)} reverts whatever is still in effect, and is safe to call any number of times.
 *
 * <pre>{@code
 * FaultTimeline faults = FaultTimeline.prepare(scenario, target, FaultTimeline.Options.of(clock, runDir, System.out));
 * faults.plan().forEach(System.out::println);
 * faults.start();
 * try {
 *     // the load runs; consumers use faults.consumerFaults(name), the load faults.loadFaults()
 * } finally {
 *     faults.undoAll("run ended");
 * }
 * // after a crash: FaultTimeline.rollback(runDir, System.out)
 * }</pre>
 */
public final class FaultTimeline implements AutoCloseable {
    private final Scenario scenario;
    private final RunTarget target;
    private final Options options;
    private final Hooks hooks;
    private final Restorer restorer;
    private final List<Injector> injectors;
    private final List<SchedulingClock.Cancellable> scheduled = new ArrayList<>();
    /** Faults in effect, in start order, each with its journaled changes. */
    private final List<Active> active = new ArrayList<>();
    private Journal journal;
    private Thread shutdownHook;
    private boolean undone;

    private record Made(int id, String resource, JsonNode restore, Runnable inProcessUndo) {
    }

    private record Active(Injector injector, List<Made> changes) {
    }

    /**
     * How a timeline reports and where it journals.
     *
     * @param clock        the run's clock; faults start and end on it
     * @param runDir       {@code results/<run-id>}; the journal is {@code faults.journal} in it
     * @param console      one line when each fault starts and ends
     * @param timeline     the run's timeline: (event, detail), e.g. the report's timeline writer
     * @param shutdownHook whether Ctrl-C (JVM shutdown) undoes what is in effect
     */
    public record Options(SchedulingClock clock, Path runDir, PrintStream console, BiConsumer<String, String> timeline,
                          boolean shutdownHook) {
        public Options {
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(runDir, "runDir");
            Objects.requireNonNull(console, "console");
            Objects.requireNonNull(timeline, "timeline");
        }

        /** Console lines only, no separate timeline, with the shutdown hook. */
        public static Options of(SchedulingClock clock, Path runDir, PrintStream console) {
            return new Options(clock, runDir, console, (event, detail) -> { }, true);
        }

        public Options withTimeline(BiConsumer<String, String> newTimeline) {
            return new Options(clock, runDir, console, newTimeline, shutdownHook);
        }
    }

    private FaultTimeline(Scenario scenario, RunTarget target, Options options) {
        this.scenario = scenario;
        this.target = target;
        this.options = options;
        this.hooks = new Hooks(options.clock());
        ControlPath control = new ControlPath(target.endpoint());
        this.restorer = new Restorer(target.sqs(), target.eventBridge(), control);
        Injector.Context ctx = new Injector.Context(scenario, target, control, hooks);
        this.injectors = scenario.faults().stream().map(fault -> Injector.of(fault, ctx)).toList();
    }

    /**
     * Validates the scenario's faults against {@code target}: overlapping faults that change the same thing, and
     * faults the target cannot take, are refused with the reason and the fix. Changes nothing.
     *
     * @throws FaultsRefused listing every problem
     */
    public static FaultTimeline prepare(Scenario scenario, RunTarget target, Options options) {
        FaultTimeline timeline = new FaultTimeline(Objects.requireNonNull(scenario, "scenario"),
                Objects.requireNonNull(target, "target"), Objects.requireNonNull(options, "options"));
        List<String> reasons = new ArrayList<>();
        List<Injector> all = timeline.injectors;
        for (int i = 0; i < all.size(); i++) {
            Injector injector = all.get(i);
            Fault fault = injector.fault();
            injector.refusal().ifPresent(reason -> reasons.add(label(fault) + ": " + reason));
            for (int j = 0; j < i; j++) {
                Fault other = all.get(j).fault();
                boolean overlap = fault.startAfter().compareTo(other.endsAfter()) < 0
                        && other.startAfter().compareTo(fault.endsAfter()) < 0;
                if (overlap && injector.aspect().equals(all.get(j).aspect())) {
                    reasons.add(label(fault) + ": overlaps " + label(other) + " and both change " + injector.aspect()
                            + ", so undoing one would undo the other; start it after " + other.name() + " ends (at "
                            + seconds(other.endsAfter()) + ") or target another resource");
                }
            }
        }
        if (!reasons.isEmpty()) {
            throw new FaultsRefused(reasons);
        }
        return timeline;
    }

    private static String label(Fault fault) {
        return "faults[" + fault.name() + "] (" + fault.type().yamlName() + ")";
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }

    /** One line per fault: when, what changes on which resource, how it is undone, and AWS's mechanism. */
    public List<String> plan() {
        return injectors.stream().map(injector -> {
            Fault fault = injector.fault();
            return fault.name() + " (" + fault.type().yamlName() + ") at +" + seconds(fault.startAfter()) + " for "
                    + seconds(fault.duration()) + ": " + injector.plan();
        }).toList();
    }

    /**
     * Schedules every fault from now, on the run's clock, and opens the journal (writing where the run's resources
     * live). Installs the shutdown hook unless the options say otherwise.
     */
    public synchronized void start() {
        if (journal != null || undone) {
            throw new IllegalStateException("a fault timeline starts once; this one "
                    + (undone ? "was undone" : "already started"));
        }
        journal = Journal.open(options.runDir());
        journal.header(targetHeader());
        if (options.shutdownHook()) {
            shutdownHook = new Thread(() -> undoAll("shutdown hook"), "busquake-fault-undo");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        for (Injector injector : injectors) {
            Fault fault = injector.fault();
            scheduled.add(options.clock().schedule(fault.startAfter(), () -> inject(injector)));
            scheduled.add(options.clock().schedule(fault.endsAfter(), () -> revert(injector, "fault ended")));
        }
    }

    private ObjectNode targetHeader() {
        Target.Credentials credentials = scenario.target().credentials();
        ObjectNode header = JsonNodeFactory.instance.objectNode()
                .put("type", target.type().yamlName()).put("endpoint", target.endpoint().toString())
                .put("region", target.region().id()).put("account", target.account())
                .put("credentials", credentials.source().yamlName());
        credentials.profile().ifPresent(profile -> header.put("profile", profile));
        return header;
    }

    private synchronized void inject(Injector injector) {
        if (undone) {
            return;
        }
        Fault fault = injector.fault();
        Active entry = new Active(injector, new ArrayList<>());
        active.add(entry);
        try {
            injector.inject(new Injector.Changes() {
                @Override
                public void make(String resource, String description, ObjectNode restore, Runnable apply) {
                    int id = journal.change(fault.name(), fault.type().yamlName(), resource, description, restore,
                            options.clock().instant());
                    entry.changes().add(new Made(id, resource, restore, null));
                    apply.run();
                }

                @Override
                public void makeInProcess(String resource, String description, Runnable apply, Runnable undo) {
                    ObjectNode restore = JsonNodeFactory.instance.objectNode()
                            .put("action", "in-process").put("what", fault.type().yamlName() + " on " + resource);
                    int id = journal.change(fault.name(), fault.type().yamlName(), resource, description, restore,
                            options.clock().instant());
                    entry.changes().add(new Made(id, resource, restore, undo));
                    apply.run();
                }
            });
            String line = "fault " + fault.name() + " (" + fault.type().yamlName() + ") started: " + injector.plan();
            options.console().println(line);
            options.timeline().accept("fault-started", fault.name() + " (" + fault.type().yamlName() + "): "
                    + injector.plan());
        } catch (RuntimeException e) {
            options.console().println("fault " + fault.name() + " (" + fault.type().yamlName() + ") could not start: "
                    + e.getMessage() + "; undoing what it changed");
            options.timeline().accept("fault-failed", fault.name() + ": " + e.getMessage());
            revert(injector, "fault failed to start");
        }
    }

    private synchronized void revert(Injector injector, String why) {
        Active entry = active.stream().filter(a -> a.injector() == injector).findFirst().orElse(null);
        if (entry == null) {
            return;
        }
        active.remove(entry);
        Fault fault = injector.fault();
        List<String> outcomes = new ArrayList<>();
        List<Made> changes = entry.changes();
        for (int i = changes.size() - 1; i >= 0; i--) {
            Made made = changes.get(i);
            try {
                if (made.inProcessUndo() != null) {
                    made.inProcessUndo().run();
                    outcomes.add(made.resource() + " back to normal");
                } else {
                    outcomes.add(restorer.restore(made.restore()).detail());
                }
                journal.restored(made.id(), why, options.clock().instant());
            } catch (RuntimeException e) {
                // Left unmarked in the journal, so rollback tries again.
                outcomes.add("could not restore " + made.resource() + " (" + e.getMessage() + "); run `busquake"
                        + " rollback " + options.runDir() + "`");
            }
        }
        String detail = String.join("; ", outcomes);
        options.console().println("fault " + fault.name() + " (" + fault.type().yamlName() + ") ended (" + why + "): "
                + detail);
        options.timeline().accept("fault-ended", fault.name() + " (" + why + "): " + detail);
    }

    /** The hooks consumer {@code consumerName} calls; effective only while a consumer fault on it is in effect. */
    public ConsumerFaults consumerFaults(String consumerName) {
        Consumer consumer = scenario.consumers().get(consumerName);
        if (consumer == null) {
            throw new IllegalArgumentException("no consumer '" + consumerName + "' in the scenario; consumers: "
                    + scenario.consumers().keySet());
        }
        int visibility = Optional.ofNullable(scenario.topology().queues().get(consumer.queue()))
                .map(Topology.Queue::visibilityTimeoutSeconds).orElse(30);
        return hooks.consumer(consumerName, Duration.ofSeconds(visibility));
    }

    /** The hooks the load calls; effective only while producer-retries or poison-events is in effect. */
    public LoadFaults loadFaults() {
        return hooks.load();
    }

    /**
     * Undoes every fault still in effect, newest first, and cancels those not started yet. Idempotent; {@code why}
     * (normal end, failed run, shutdown hook) goes to the journal, the console and the timeline.
     */
    public synchronized void undoAll(String why) {
        if (undone) {
            return;
        }
        undone = true;
        scheduled.forEach(SchedulingClock.Cancellable::cancel);
        for (int i = active.size() - 1; i >= 0; i--) {
            revert(active.get(i).injector(), why);
        }
        hooks.releaseHeld();
        if (journal != null) {
            journal.close();
        }
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down: the hook runs, finds everything undone and returns.
            }
        }
    }

    /** Undoes what is in effect as at a normal end. */
    @Override
    public void close() {
        undoAll("run ended");
    }

    /** The journal file, once started. */
    public Optional<Path> journalFile() {
        return Optional.ofNullable(journal).map(Journal::file);
    }

    /** What a rollback did. */
    public record RollbackResult(int restored, int alreadyAsBefore, int failed) {
        public boolean changedNothing() {
            return restored == 0;
        }
    }

    /**
     * Reads {@code runDir}'s journal and restores, newest first, every change not marked restored, each only if the
     * resource still differs; marks each restored in the journal. A second rollback finds nothing to do.
     */
    public static RollbackResult rollback(Path runDir, PrintStream out) {
        Path file = runDir.resolve(Journal.FILE_NAME);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(file + " does not exist: " + runDir + " is not the results directory"
                    + " of a run with faults. Fix: pass results/<run-id> of the run to roll back");
        }
        Journal.Contents contents = Journal.read(file);
        List<ObjectNode> outstanding = contents.outstanding();
        if (outstanding.isEmpty()) {
            out.println("rollback " + runDir + ": nothing to restore; every change in the journal ("
                    + contents.changes().size() + ") is already undone");
            return new RollbackResult(0, 0, 0);
        }
        ObjectNode header = contents.target();
        String type = header.path("type").asText();
        if (type.equals(Target.Type.EMBEDDED.yamlName())) {
            out.println("rollback " + runDir + ": the run used the embedded endpoint, which ended with its process;"
                    + " its " + outstanding.size() + " open changes ended with it");
            return new RollbackResult(0, outstanding.size(), 0);
        }
        if (type.equals(Target.Type.AWS.yamlName())) {
            throw new IllegalStateException("rollback on target type aws is not supported yet; restore these by hand"
                    + " from their restore fields in " + file);
        }
        Target.Credentials credentials = new Target.Credentials(
                Target.Credentials.Source.fromYaml(header.path("credentials").asText("test")),
                Optional.ofNullable(header.get("profile")).map(JsonNode::asText));
        int restored = 0;
        int same = 0;
        int failed = 0;
        try (RunTarget target = RunTarget.endpoint(URI.create(header.path("endpoint").asText()),
                header.path("region").asText(), header.path("account").asText(), credentials);
             Journal journal = Journal.open(runDir)) {
            Restorer restorer = new Restorer(target.sqs(), target.eventBridge(), new ControlPath(target.endpoint()));
            for (ObjectNode change : outstanding) {
                String what = change.path("fault").asText() + " (" + change.path("type").asText() + ") "
                        + change.path("resource").asText();
                try {
                    Restorer.Outcome outcome = restorer.restore(change.get("restore"));
                    journal.restored(change.path("id").asInt(), "rollback", Instant.now());
                    if (outcome.changed()) {
                        restored++;
                        out.println("restored " + what + ": " + outcome.detail());
                    } else {
                        same++;
                        out.println("unchanged " + what + ": " + outcome.detail());
                    }
                } catch (RuntimeException e) {
                    failed++;
                    out.println("FAILED " + what + ": " + e.getMessage());
                }
            }
        }
        out.println("rollback " + runDir + ": " + restored + " restored, " + same + " already as before, " + failed
                + " failed");
        return new RollbackResult(restored, same, failed);
    }
}

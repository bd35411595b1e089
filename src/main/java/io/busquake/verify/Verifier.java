package io.busquake.verify;

import io.busquake.ledger.SequenceSet;
import io.busquake.ledger.TargetLedger;
import io.busquake.scenario.AlarmDefinition;
import io.busquake.scenario.Expect;
import io.busquake.scenario.Expect.AlarmExpectation;
import io.busquake.scenario.Scenario;
import io.busquake.scenario.Topology;
import io.busquake.target.RunTarget;
import io.busquake.verify.internal.AlarmCheck;
import io.busquake.verify.internal.AlarmHistory;
import io.busquake.verify.internal.Evidence;
import io.busquake.verify.internal.LedgerChecks;
import io.busquake.verify.internal.MeasureChecks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Decides a scenario's expectations after a run, each with its evidence.
 *
 * <pre>{@code
 * Verifier verifier = Verifier.create(scenario, target);
 * // while settling: stop waiting once verifier.alarmsDecided(...) says no alarm can still change the outcome
 * Verdict verdict = verifier.verify(facts);
 * verdict.failures().forEach(f -> System.out.println(f.id() + ": " + f.summary()));
 * }</pre>
 */
public final class Verifier {
    private final Scenario scenario;
    private final RunTarget target;

    private Verifier(Scenario scenario, RunTarget target) {
        this.scenario = scenario;
        this.target = target;
    }

    public static Verifier create(Scenario scenario, RunTarget target) {
        return new Verifier(scenario, target);
    }

    /**
     * Whether every alarm expectation is decided at {@code now}: met, or past its deadlines. While one is not, the
     * run keeps settling. A target whose CloudWatch cannot answer counts as decided (waiting cannot help).
     */
    public boolean alarmsDecided(Instant loadStartedAt, Instant loadEndedAt, List<FaultWindow> faultWindows,
                                 Instant now) {
        AlarmHistory history = new AlarmHistory(target.cloudWatch());
        for (AlarmExpectation expectation : scenario.expect().alarms()) {
            Optional<AlarmCheck.Window> window = window(expectation, loadStartedAt, loadEndedAt, faultWindows);
            if (window.isEmpty()) {
                continue;
            }
            try {
                if (!AlarmCheck.decided(expectation, window.get(), history.changes(expectation.alarm(), loadStartedAt,
                        now.plusSeconds(1)), now)) {
                    return false;
                }
            } catch (SdkException e) {
                return true;
            }
        }
        return true;
    }

    public Verdict verify(RunFacts facts) {
        Instant origin = facts.loadStartedAt();
        Expect expect = scenario.expect();
        List<ExpectationResult> results = new ArrayList<>();
        List<AlarmChange> allChanges = new ArrayList<>();
        List<AlarmChange> unexpected = new ArrayList<>();
        alarms(facts, results, allChanges, unexpected);

        Map<String, List<String>> targetsByDlq = targetsByDeadLetterQueue();
        for (Expect.DlqExpectation dlq : expect.dlq()) {
            results.add(LedgerChecks.dlq("dlq[" + dlq.queue() + "]", dlq,
                    targetsByDlq.getOrDefault(dlq.queue(), List.of()), facts.ledger(), facts.consumedQueues(), origin));
        }
        List<String> targetQueues = targetQueues();
        if (expect.noLoss().enabled()) {
            SequenceSet allowed = SequenceSet.empty();
            for (String fault : expect.noLoss().allowLossDuring()) {
                for (FaultWindow window : facts.faultWindows()) {
                    if (window.name().equals(fault)) {
                        allowed = allowed.union(facts.sentTimes().sentBetween(window.start(), window.end()));
                    }
                }
            }
            for (String queue : targetQueues) {
                results.add(LedgerChecks.noLoss("noLoss[" + queue + "]", queue, facts.ledger(),
                        facts.consumedQueues().contains(queue), allowed, expect.noLoss().allowLossDuring(), origin));
            }
        }
        if (expect.noDuplicateEffects()) {
            for (String queue : targetQueues) {
                results.add(LedgerChecks.noDuplicateEffects("noDuplicateEffects[" + queue + "]", queue, facts.ledger(),
                        facts.consumedQueues().contains(queue), origin));
            }
        }
        expect.latency().forEach((queue, budget) -> results.add(MeasureChecks.latency("latency[" + queue + "]",
                "latency", "end-to-end latency at " + queue,
                facts.ledger().findTarget(queue).map(TargetLedger::latencyMicros)
                        .orElseGet(() -> new org.HdrHistogram.Histogram(3)), budget, origin)));
        if (!expect.putEventsLatency().equals(Expect.LatencyBudget.NONE)) {
            results.add(MeasureChecks.latency("putEventsLatency", "putEventsLatency", "PutEvents request latency",
                    facts.putEventsLatencyMicros(), expect.putEventsLatency(), origin));
        }
        results.add(MeasureChecks.ingest("ingest", facts.ingest(), expect.ingest(), origin));

        List<ExpectationResult> allowedApplied = results.stream().map(r -> r.status() == Status.NOT_VERIFIABLE
                && expect.allowNotVerifiable().contains(r.kind())
                ? new ExpectationResult(r.id(), r.kind(), Status.NOT_VERIFIABLE_ALLOWED, r.summary()
                        + " (allowed: allowNotVerifiable lists " + r.kind() + ")", r.evidence())
                : r).toList();
        return new Verdict(facts.runId(), scenario.name(), facts.loadStartedAt(), facts.loadEndedAt(),
                facts.verifiedAt(), allowedApplied, alarmNames(), allChanges, unexpected, facts.faultWindows(), figures(facts));
    }

    private List<String> alarmNames() {
        Set<String> names = new LinkedHashSet<>();
        scenario.alarms().stream().map(AlarmDefinition::name).forEach(names::add);
        scenario.expect().alarms().stream().map(AlarmExpectation::alarm).forEach(names::add);
        return List.copyOf(names);
    }

    private void alarms(RunFacts facts, List<ExpectationResult> results, List<AlarmChange> allChanges,
                        List<AlarmChange> unexpected) {
        Instant origin = facts.loadStartedAt();
        List<String> names = alarmNames();
        if (names.isEmpty()) {
            return;
        }
        AlarmHistory history = new AlarmHistory(target.cloudWatch());
        Map<String, List<AlarmChange>> changes = new LinkedHashMap<>();
        Set<String> existing;
        String unavailable = null;
        try {
            existing = history.existing(names);
            for (String name : names) {
                changes.put(name, history.changes(name, origin, facts.verifiedAt().plusSeconds(1)));
            }
        } catch (SdkException e) {
            existing = Set.of();
            unavailable = "CloudWatch on " + target + " cannot answer DescribeAlarms/DescribeAlarmHistory: "
                    + e.getMessage();
        }
        changes.values().forEach(allChanges::addAll);
        allChanges.sort(java.util.Comparator.comparing(AlarmChange::at));

        Set<String> ids = new HashSet<>();
        Map<String, List<AlarmCheck.Window>> covered = new LinkedHashMap<>();
        for (AlarmExpectation expectation : scenario.expect().alarms()) {
            String id = "alarms[" + expectation.alarm() + expectation.fault().map(f -> " after " + f).orElse("") + "]";
            for (int n = 2; !ids.add(id); n++) {
                id = "alarms[" + expectation.alarm() + " #" + n + "]";
            }
            Evidence evidence = new Evidence(origin).put("alarm", expectation.alarm());
            if (unavailable != null) {
                results.add(new ExpectationResult(id, "alarms", Status.NOT_VERIFIABLE, unavailable, evidence.values()));
                continue;
            }
            if (!existing.contains(expectation.alarm())) {
                results.add(new ExpectationResult(id, "alarms", Status.FAILED, "alarm " + expectation.alarm()
                        + " does not exist on the target; define it under alarms (or use alarms: recommended)",
                        evidence.values()));
                continue;
            }
            Optional<AlarmCheck.Window> window = window(expectation, facts.loadStartedAt(), facts.loadEndedAt(),
                    facts.faultWindows());
            if (window.isEmpty()) {
                results.add(new ExpectationResult(id, "alarms", Status.FAILED, "fault "
                        + expectation.fault().orElse("") + " never started, so " + expectation.alarm()
                        + " had nothing to react to", evidence.put("faultsRun",
                        facts.faultWindows().stream().map(FaultWindow::name).toList()).values()));
                continue;
            }
            covered.computeIfAbsent(expectation.alarm(), a -> new ArrayList<>()).add(new AlarmCheck.Window(
                    window.get().label(), window.get().start(),
                    window.get().end().plus(expectation.recoverWithin())));
            results.add(AlarmCheck.decide(id, expectation, window.get(),
                    changes.getOrDefault(expectation.alarm(), List.of()), origin));
        }
        for (AlarmChange change : allChanges) {
            if (!"ALARM".equals(change.to())) {
                continue;
            }
            boolean explained = covered.getOrDefault(change.alarm(), List.of()).stream()
                    .anyMatch(w -> !change.at().isBefore(w.start()) && !change.at().isAfter(w.end()));
            if (!explained) {
                unexpected.add(change);
            }
        }
    }

    private Optional<AlarmCheck.Window> window(AlarmExpectation expectation, Instant loadStartedAt,
                                               Instant loadEndedAt, List<FaultWindow> faultWindows) {
        if (expectation.fault().isEmpty()) {
            return Optional.of(new AlarmCheck.Window("the load", loadStartedAt, loadEndedAt));
        }
        String fault = expectation.fault().get();
        return faultWindows.stream().filter(w -> w.name().equals(fault)).findFirst()
                .map(w -> new AlarmCheck.Window("fault " + fault, w.start(), w.end()));
    }

    private Map<String, Object> figures(RunFacts facts) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("accepted", facts.ledger().accepted().count());
        Map<String, Long> rejected = new LinkedHashMap<>();
        facts.ledger().rejectedByErrorCode().forEach((code, set) -> rejected.put(code, set.count()));
        figures.put("rejectedByErrorCode", rejected);
        Map<String, Object> targets = new LinkedHashMap<>();
        for (String id : facts.ledger().targetIds()) {
            TargetLedger t = facts.ledger().target(id);
            Map<String, Object> counts = new LinkedHashMap<>();
            counts.put("expectedToMatch", t.expected().count());
            counts.put("delivered", t.delivered().count());
            counts.put("duplicateDeliveries", t.deliveredMoreThanOnce().count());
            counts.put("deadLettered", t.deadLettered().count());
            counts.put("processed", t.processed().count());
            counts.put("processedMoreThanOnce", t.processedMoreThanOnce().count());
            targets.put(id, counts);
        }
        figures.put("targets", targets);
        return figures;
    }

    /** The queues targeted by rules on the load's bus: where events are expected to arrive. */
    public List<String> targetQueues() {
        Set<String> queues = new LinkedHashSet<>();
        for (Topology.Rule rule : scenario.topology().rules().values()) {
            if (rule.bus().equals(scenario.load().bus())) {
                rule.targets().forEach(t -> t.queue().ifPresent(queues::add));
            }
        }
        return List.copyOf(queues);
    }

    private Map<String, List<String>> targetsByDeadLetterQueue() {
        Map<String, List<String>> byDlq = new LinkedHashMap<>();
        for (Topology.Rule rule : scenario.topology().rules().values()) {
            for (Topology.RuleTarget t : rule.targets()) {
                if (t.deadLetterQueue().isPresent() && t.queue().isPresent()) {
                    List<String> targets = byDlq.computeIfAbsent(t.deadLetterQueue().get(), d -> new ArrayList<>());
                    if (!targets.contains(t.queue().get())) {
                        targets.add(t.queue().get());
                    }
                }
            }
        }
        return byDlq;
    }
}

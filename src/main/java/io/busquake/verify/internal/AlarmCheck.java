package io.busquake.verify.internal;

import io.busquake.scenario.Expect.AlarmExpectation;
import io.busquake.verify.AlarmChange;
import io.busquake.verify.ExpectationResult;
import io.busquake.verify.Status;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Decides one alarm expectation from the alarm's StateUpdate history: the first change into the expected state at or
 * after the window's start must come within {@code within}; the first change to OK after it within
 * {@code recoverWithin} of the window's end.
 */
public final class AlarmCheck {
    private AlarmCheck() {
    }

    /** The window an expectation counts from: its fault's, or the load's. */
    public record Window(String label, Instant start, Instant end) {
    }

    /** When the expectation is met, or its deadlines passed: whether waiting longer can change the outcome. */
    public static boolean decided(AlarmExpectation expectation, Window window, List<AlarmChange> changes,
                                  Instant now) {
        Optional<AlarmChange> reached = reached(expectation, window, changes);
        if (reached.isEmpty()) {
            return !now.isBefore(window.start().plus(expectation.within()));
        }
        return recovered(expectation, reached.get(), changes).isPresent()
                || !now.isBefore(window.end().plus(expectation.recoverWithin()));
    }

    public static ExpectationResult decide(String id, AlarmExpectation expectation, Window window,
                                           List<AlarmChange> changes, Instant origin) {
        Instant reachBy = window.start().plus(expectation.within());
        Instant recoverBy = window.end().plus(expectation.recoverWithin());
        Evidence evidence = new Evidence(origin).put("alarm", expectation.alarm())
                .put("expectedState", expectation.state()).put("window", window.label())
                .at("windowStart", window.start()).at("windowEnd", window.end())
                .at("reachBy", reachBy).at("recoverBy", recoverBy);
        Optional<AlarmChange> reached = reached(expectation, window, changes);
        Optional<AlarmChange> recovered = reached.flatMap(r -> recovered(expectation, r, changes));
        reached.ifPresent(r -> evidence.at("reachedAt", r.at()));
        recovered.ifPresent(r -> evidence.at("recoveredAt", r.at()));
        evidence.put("history", changes.stream().map(c -> Evidence.offset(origin, c.at()) + " " + c.from() + " -> "
                + c.to() + ": " + c.summary()).toList());

        String state = expectation.state();
        if (reached.isEmpty()) {
            return new ExpectationResult(id, "alarms", Status.FAILED, expectation.alarm() + " never reached " + state
                    + " after " + window.label() + " started (deadline " + Evidence.offset(origin, reachBy) + "); "
                    + changes.size() + " state change(s) in its history", evidence.values());
        }
        if (reached.get().at().isAfter(reachBy)) {
            return new ExpectationResult(id, "alarms", Status.FAILED, expectation.alarm() + " reached " + state
                    + " at " + Evidence.offset(origin, reached.get().at()) + ", after its deadline "
                    + Evidence.offset(origin, reachBy), evidence.values());
        }
        if (!"OK".equals(state)) {
            if (recovered.isEmpty()) {
                return new ExpectationResult(id, "alarms", Status.FAILED, expectation.alarm() + " reached " + state
                        + " at " + Evidence.offset(origin, reached.get().at()) + " but never returned to OK (deadline "
                        + Evidence.offset(origin, recoverBy) + ")", evidence.values());
            }
            if (recovered.get().at().isAfter(recoverBy)) {
                return new ExpectationResult(id, "alarms", Status.FAILED, expectation.alarm() + " returned to OK at "
                        + Evidence.offset(origin, recovered.get().at()) + ", after its deadline "
                        + Evidence.offset(origin, recoverBy), evidence.values());
            }
        }
        return new ExpectationResult(id, "alarms", Status.PASSED, expectation.alarm() + " reached " + state + " at "
                + Evidence.offset(origin, reached.get().at())
                + recovered.map(r -> " and returned to OK at " + Evidence.offset(origin, r.at())).orElse(""),
                evidence.values());
    }

    private static Optional<AlarmChange> reached(AlarmExpectation expectation, Window window,
                                                 List<AlarmChange> changes) {
        return changes.stream().filter(c -> c.to().equals(expectation.state()) && !c.at().isBefore(window.start()))
                .findFirst();
    }

    private static Optional<AlarmChange> recovered(AlarmExpectation expectation, AlarmChange reached,
                                                   List<AlarmChange> changes) {
        if ("OK".equals(expectation.state())) {
            return Optional.of(reached);
        }
        return changes.stream().filter(c -> c.at().isAfter(reached.at()) && "OK".equals(c.to())).findFirst();
    }
}

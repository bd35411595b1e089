package io.busquake.verify;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The verdict of one run: every expectation with its evidence; passed when none failed and none was not verifiable
 * without the scenario allowing it.
 *
 * @param alarms         the scenario's alarms and those its expectations name
 * @param alarmChanges   every StateUpdate of the scenario's alarms from the load's start, oldest first
 * @param unexpectedAlarmChanges changes into ALARM no expectation explains (listed, not failed on)
 * @param figures        figures reported without a pass or fail, e.g. duplicate deliveries per target
 */
public record Verdict(String runId, String scenario, Instant loadStartedAt, Instant loadEndedAt, Instant verifiedAt,
                      List<ExpectationResult> expectations, List<String> alarms, List<AlarmChange> alarmChanges,
                      List<AlarmChange> unexpectedAlarmChanges, List<FaultWindow> faultWindows,
                      Map<String, Object> figures) {
    public Verdict {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(loadStartedAt, "loadStartedAt");
        Objects.requireNonNull(loadEndedAt, "loadEndedAt");
        Objects.requireNonNull(verifiedAt, "verifiedAt");
        expectations = List.copyOf(expectations);
        alarms = List.copyOf(alarms);
        alarmChanges = List.copyOf(alarmChanges);
        unexpectedAlarmChanges = List.copyOf(unexpectedAlarmChanges);
        faultWindows = List.copyOf(faultWindows);
        figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures));
    }

    public boolean passed() {
        return expectations.stream().noneMatch(e -> e.status().failsVerdict());
    }

    /** The expectations that fail the verdict, in order. */
    public List<ExpectationResult> failures() {
        return expectations.stream().filter(e -> e.status().failsVerdict()).toList();
    }

    /** The expectation with this id. */
    public ExpectationResult expectation(String id) {
        return expectations.stream().filter(e -> e.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no expectation '" + id + "' in the verdict; ids: "
                        + expectations.stream().map(ExpectationResult::id).toList()));
    }
}

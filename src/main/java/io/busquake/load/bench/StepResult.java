package io.busquake.load.bench;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one step of a {@link Ladder} achieved.
 *
 * @param step                the step's index
 * @param requestedPerSecond  the rate the open model injected
 * @param achievedPerSecond   requests answered OK per second in the step's measured part
 * @param sent                requests the step sent that have completed (OK or not)
 * @param errors              requests the step sent that failed: a KO status or outcome, a timeout, a connection error
 * @param dropped             arrivals in the step that were not sent, as the most requests allowed were in flight
 * @param p50Millis           latency of the requests sent in the measured part, from the user's start (so signing
 *                            and waiting for a pooled connection count) to the checked answer
 * @param p99Millis           as {@code p50Millis}
 * @param maxMillis           as {@code p50Millis}
 * @param cpuMicrosPerRequest CPU time over the measured part per request answered OK in it (NaN when unknown): of
 *                            the whole process, so Gatling and, in the same JVM, the endpoint
 * @param reason              why the step was not sustained; empty when it was
 */
public record StepResult(int step, double requestedPerSecond, double achievedPerSecond, long sent, long errors,
                         long dropped, double p50Millis, double p99Millis, double maxMillis, double cpuMicrosPerRequest,
                         String reason) {
    public StepResult {
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * No request failed or was dropped, and the achieved rate is within {@link StepMeter#MIN_ACHIEVED_SHARE} of the
     * requested one.
     */
    public boolean sustained() {
        return reason.isEmpty();
    }

    public double achievedShare() {
        return achievedPerSecond / requestedPerSecond;
    }

    /**
     * The highest step of the ladder's sustained start: the step before the first that was not sustained (steps above
     * a failure are not believed even if they pass, as the load that broke the system may still be draining).
     */
    public static Optional<StepResult> highestSustained(List<StepResult> steps) {
        StepResult best = null;
        for (StepResult step : steps) {
            if (!step.sustained()) {
                break;
            }
            best = step;
        }
        return Optional.ofNullable(best);
    }

    /** The first step that was not sustained. */
    public static Optional<StepResult> firstUnsustained(List<StepResult> steps) {
        return steps.stream().filter(step -> !step.sustained()).findFirst();
    }
}

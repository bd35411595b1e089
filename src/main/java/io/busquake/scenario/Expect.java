package io.busquake.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the verifier checks after a run.
 *
 * @param latency            end-to-end latency budgets by target queue
 * @param putEventsLatency   PutEvents request latency budget (every percentile may be absent)
 * @param allowNotVerifiable expectations (by their key in this block) that may be not verifiable on the target
 */
public record Expect(List<AlarmExpectation> alarms, List<DlqExpectation> dlq, NoLoss noLoss,
                     boolean noDuplicateEffects, Map<String, LatencyBudget> latency, LatencyBudget putEventsLatency,
                     Ingest ingest, Set<String> allowNotVerifiable) {
    public Expect {
        alarms = List.copyOf(alarms);
        dlq = List.copyOf(dlq);
        Objects.requireNonNull(noLoss, "noLoss");
        latency = Topology.ordered(latency);
        Objects.requireNonNull(putEventsLatency, "putEventsLatency");
        Objects.requireNonNull(ingest, "ingest");
        allowNotVerifiable = Set.copyOf(allowNotVerifiable);
    }

    /**
     * An alarm must reach {@code state} within {@code within} of the fault's start (or the load's start without a
     * fault), then return to OK within {@code recoverWithin} of the fault's end (or the load's end).
     */
    public record AlarmExpectation(String alarm, String state, Optional<String> fault, Duration within,
                                   Duration recoverWithin) {
        public AlarmExpectation {
            Objects.requireNonNull(alarm, "alarm");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(fault, "fault");
            Objects.requireNonNull(within, "within");
            Objects.requireNonNull(recoverWithin, "recoverWithin");
        }
    }

    /**
     * Every failed delivery lands in {@code queue} with ERROR_CODE {@code errorCode}.
     *
     * @param exhaustedRetryCondition MaximumRetryAttempts, MaximumEventAgeInSeconds, absent or any
     */
    public record DlqExpectation(String queue, String errorCode, String exhaustedRetryCondition) {
        public DlqExpectation {
            Objects.requireNonNull(queue, "queue");
            Objects.requireNonNull(errorCode, "errorCode");
            Objects.requireNonNull(exhaustedRetryCondition, "exhaustedRetryCondition");
        }
    }

    /** No accepted event is lost, except during the named faults. */
    public record NoLoss(boolean enabled, List<String> allowLossDuring) {
        public NoLoss {
            allowLossDuring = List.copyOf(allowLossDuring);
        }
    }

    /** Latency budget; each percentile present must be met. */
    public record LatencyBudget(Optional<Duration> p50, Optional<Duration> p90, Optional<Duration> p99,
                                Optional<Duration> max) {
        public static final LatencyBudget NONE =
                new LatencyBudget(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

        public LatencyBudget {
            Objects.requireNonNull(p50, "p50");
            Objects.requireNonNull(p90, "p90");
            Objects.requireNonNull(p99, "p99");
            Objects.requireNonNull(max, "max");
        }
    }

    /** Bounds on PutEvents ingest failures, as ratios 0..1. */
    public record Ingest(double maxFailedEntryRatio, double maxThrottledRequestRatio) {
        public Ingest {
            if (maxFailedEntryRatio < 0 || maxFailedEntryRatio > 1 || maxThrottledRequestRatio < 0
                    || maxThrottledRequestRatio > 1) {
                throw new IllegalArgumentException("ingest ratios must be within 0..1");
            }
        }
    }
}

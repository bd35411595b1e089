package io.busquake.scenario;

import io.busquake.scenario.internal.ScenarioWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A fully resolved scenario: every default filled in, every reference checked. Made by {@link ScenarioLoader}.
 *
 * @param name        the scenario's name (the file name without .yaml unless the file says otherwise)
 * @param target      where the run goes
 * @param topology    buses, rules, targets and queues
 * @param alarms      the alarms to create; {@code alarms: recommended} is already expanded
 * @param load        the PutEvents load
 * @param faults      the faults on the timeline, in file order
 * @param consumers   consumers by name, in file order
 * @param expect      what the verifier checks
 * @param duration    how long the run lasts from the start of the load (at least the sum of the phases)
 * @param settle      time after the run for deliveries, retries and alarms to finish
 */
public record Scenario(String name, String description, Target target, Topology topology,
                       List<AlarmDefinition> alarms, Load load, List<Fault> faults, Map<String, Consumer> consumers,
                       Expect expect, Duration duration, Duration settle) {
    public Scenario {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(topology, "topology");
        alarms = List.copyOf(alarms);
        Objects.requireNonNull(load, "load");
        faults = List.copyOf(faults);
        consumers = Topology.ordered(consumers);
        Objects.requireNonNull(expect, "expect");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(settle, "settle");
        if (duration.compareTo(load.totalDuration()) < 0) {
            throw new IllegalArgumentException("duration " + duration + " is shorter than the phases ("
                    + load.totalDuration() + ")");
        }
    }

    /**
     * The alarms {@code alarms: recommended} expands to for this scenario's topology, with AWS's metric names.
     * Per rule: FailedInvocations &gt; 0, InvocationsFailedToBeSentToDlq &gt; 0 (event loss), ThrottledRules &gt; 0
     * and MatchedEvents &lt; 1 (the floor: nothing matched in a minute); per rule with a DLQ,
     * InvocationsSentToDlq &gt; 0; per DLQ, AWS/SQS ApproximateNumberOfMessagesVisible &gt; 0; account-wide,
     * PutEventsApproximateThrottledCount &gt; 0. Metrics AWS sends only when non-zero use notBreaching.
     */
    public List<AlarmDefinition> recommendedAlarms() {
        return recommendedAlarmsFor(topology);
    }

    /** The alarms {@code alarms: recommended} expands to for {@code topology}; see {@link #recommendedAlarms()}. */
    public static List<AlarmDefinition> recommendedAlarmsFor(Topology topology) {
        return RecommendedAlarms.forTopology(topology);
    }

    /** The alarm with this name, if the scenario defines it. */
    public Optional<AlarmDefinition> alarm(String alarmName) {
        return alarms.stream().filter(alarm -> alarm.name().equals(alarmName)).findFirst();
    }

    /** The fault with this name, if the scenario has it. */
    public Optional<Fault> fault(String faultName) {
        return faults.stream().filter(fault -> fault.name().equals(faultName)).findFirst();
    }

    /**
     * This scenario as YAML, every default written out, loadable again by {@link ScenarioLoader} into an equal
     * scenario. Results keep it as {@code scenario.resolved.yaml}.
     */
    public String toYaml() {
        return ScenarioWriter.toYaml(this);
    }
}

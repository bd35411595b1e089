package io.busquake.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The seed's advice for alarms, expanded for one topology. */
final class RecommendedAlarms {
    private static final String EVENTS = "AWS/Events";
    private static final String SQS = "AWS/SQS";
    private static final String GREATER = "GreaterThanThreshold";
    // FailedInvocations, InvocationsSentToDlq and InvocationsFailedToBeSentToDlq are sent only when non-zero,
    // so a minute without a datapoint means "none", not "unknown".
    private static final String ONLY_WHEN_NON_ZERO = "notBreaching";
    private static final String AWS_DEFAULT = "missing";

    private RecommendedAlarms() {
    }

    static List<AlarmDefinition> forTopology(Topology topology) {
        List<AlarmDefinition> alarms = new ArrayList<>();
        for (Topology.Rule rule : topology.rules().values()) {
            Map<String, String> dimensions = ruleDimensions(rule);
            String prefix = "busquake-" + rule.name() + "-";
            alarms.add(AlarmDefinition.sumOverOneMinute(prefix + "FailedInvocations",
                    "Deliveries of rule " + rule.name() + " failed permanently.",
                    EVENTS, "FailedInvocations", dimensions, 0, GREATER, ONLY_WHEN_NON_ZERO));
            alarms.add(AlarmDefinition.sumOverOneMinute(prefix + "InvocationsFailedToBeSentToDlq",
                    "Event loss: failed deliveries of rule " + rule.name() + " could not be put in the DLQ.",
                    EVENTS, "InvocationsFailedToBeSentToDlq", dimensions, 0, GREATER, ONLY_WHEN_NON_ZERO));
            if (rule.targets().stream().anyMatch(target -> target.deadLetterQueue().isPresent())) {
                alarms.add(AlarmDefinition.sumOverOneMinute(prefix + "InvocationsSentToDlq",
                        "Deliveries of rule " + rule.name() + " went to its dead-letter queue.",
                        EVENTS, "InvocationsSentToDlq", dimensions, 0, GREATER, ONLY_WHEN_NON_ZERO));
            }
            alarms.add(AlarmDefinition.sumOverOneMinute(prefix + "ThrottledRules",
                    "Invocations of rule " + rule.name() + " were delayed by the invocations quota.",
                    EVENTS, "ThrottledRules", dimensions, 0, GREATER, AWS_DEFAULT));
            // A rule that matches nothing (disabled, pattern broken, producer stopped) sends no datapoint at all,
            // so missing data must breach for this floor to fire.
            alarms.add(AlarmDefinition.sumOverOneMinute(prefix + "MatchedEvents-floor",
                    "Rule " + rule.name() + " matched fewer events than its floor (1 a minute).",
                    EVENTS, "MatchedEvents", dimensions, 1, "LessThanThreshold", "breaching"));
        }
        for (String dlq : topology.deadLetterQueues()) {
            alarms.add(AlarmDefinition.sumOverOneMinute("busquake-" + dlq + "-ApproximateNumberOfMessagesVisible",
                    "Dead-letter queue " + dlq + " holds messages.",
                    SQS, "ApproximateNumberOfMessagesVisible", Map.of("QueueName", dlq), 0, GREATER, AWS_DEFAULT)
                    .withStatistic("Maximum"));
        }
        // A minute without PutEvents calls (the producer idle, the load over) has no datapoint at all; it throttled
        // nothing, so the alarm must return to OK then rather than sit in INSUFFICIENT_DATA.
        alarms.add(AlarmDefinition.sumOverOneMinute("busquake-PutEventsApproximateThrottledCount",
                "PutEvents requests were throttled (account-wide, no dimensions).",
                EVENTS, "PutEventsApproximateThrottledCount", Map.of(), 0, GREATER, ONLY_WHEN_NON_ZERO));
        return List.copyOf(alarms);
    }

    // Rules on a custom bus report with both EventBusName and RuleName; rules on the default bus with RuleName only.
    private static Map<String, String> ruleDimensions(Topology.Rule rule) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        if (!rule.bus().equals(Topology.DEFAULT_BUS)) {
            dimensions.put("EventBusName", rule.bus());
        }
        dimensions.put("RuleName", rule.name());
        return dimensions;
    }
}

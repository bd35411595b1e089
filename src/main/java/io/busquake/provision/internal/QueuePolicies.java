package io.busquake.provision.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The queue policy the EventBridge console adds to a target or dead-letter queue. */
public final class QueuePolicies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private QueuePolicies() {
    }

    /**
     * Allows {@code events.amazonaws.com} to SendMessage to {@code queueArn}, only on behalf of {@code ruleArns}
     * (eventbridge-facts §5: use aws:SourceArn on target and DLQ policies).
     */
    public static String allowRules(String queueArn, List<String> ruleArns) {
        if (ruleArns.isEmpty()) {
            throw new IllegalArgumentException("a policy for " + queueArn + " needs at least one rule ARN");
        }
        ObjectNode policy = JSON.createObjectNode().put("Version", "2012-10-17");
        ObjectNode statement = policy.putArray("Statement").addObject()
                .put("Sid", "busquake-events-send")
                .put("Effect", "Allow");
        statement.putObject("Principal").put("Service", "events.amazonaws.com");
        statement.put("Action", "sqs:SendMessage").put("Resource", queueArn);
        ArrayNode sources = statement.putObject("Condition").putObject("ArnEquals").putArray("aws:SourceArn");
        ruleArns.forEach(sources::add);
        return policy.toString();
    }
}

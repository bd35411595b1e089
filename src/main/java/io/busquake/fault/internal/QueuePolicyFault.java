package io.busquake.fault.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.busquake.scenario.Fault;
import java.io.IOException;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * deny-target and break-dlq: the queue's Policy gets an explicit Deny of sqs:SendMessage to events.amazonaws.com,
 * with SetQueueAttributes, exactly as on AWS. Deliveries to a denied target fail NO_PERMISSIONS and go to its DLQ;
 * a denied DLQ makes dead-lettering fail (InvocationsFailedToBeSentToDlq, the event-loss signal).
 */
final class QueuePolicyFault extends Injector {
    QueuePolicyFault(Fault fault, Context ctx) {
        super(fault, ctx);
    }

    private boolean dlq() {
        return fault.type() == Fault.Type.BREAK_DLQ;
    }

    @Override
    public String aspect() {
        return "the Policy and existence of queue " + target();
    }

    @Override
    public String plan() {
        return "SetQueueAttributes Policy on queue " + target() + ": add a Deny of sqs:SendMessage for"
                + " events.amazonaws.com, so " + (dlq() ? "dead-lettering into it fails (InvocationsFailedToBeSentToDlq)"
                : "deliveries fail NO_PERMISSIONS and go to the DLQ") + "; undo: SetQueueAttributes back to the Policy"
                + " read just before (journaled); on AWS: the same call";
    }

    @Override
    public void inject(Changes changes) {
        String url = queueUrl(target());
        String arn = queueArn(url);
        String before = ctx.target().sqs().getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.POLICY))
                .attributes().getOrDefault(QueueAttributeName.POLICY, "");
        String denied = withDeny(before, arn, "busquake-" + fault.type().yamlName() + "-" + fault.name());
        ObjectNode restore = ControlPath.JSON.createObjectNode().put("action", "queue-policy")
                .put("queueName", target()).put("policy", before);
        changes.make("queue " + target(), "Policy denies events.amazonaws.com sqs:SendMessage", restore,
                () -> ctx.target().sqs().setQueueAttributes(b -> b.queueUrl(url)
                        .attributes(Map.of(QueueAttributeName.POLICY, denied))));
    }

    static String withDeny(String policy, String queueArn, String sid) {
        ObjectNode document;
        try {
            document = policy.isBlank() ? ControlPath.JSON.createObjectNode().put("Version", "2012-10-17")
                    : (ObjectNode) ControlPath.JSON.readTree(policy);
        } catch (IOException | ClassCastException e) {
            throw new IllegalStateException("the queue's Policy is not a JSON object, so no Deny can be added to it: "
                    + policy, e);
        }
        JsonNode existing = document.get("Statement");
        ArrayNode statements = ControlPath.JSON.createArrayNode();
        if (existing != null && existing.isArray()) {
            statements.addAll((ArrayNode) existing);
        } else if (existing != null) {
            statements.add(existing);
        }
        ObjectNode deny = statements.addObject().put("Sid", sid).put("Effect", "Deny");
        deny.putObject("Principal").put("Service", "events.amazonaws.com");
        deny.put("Action", "sqs:SendMessage").put("Resource", queueArn);
        document.set("Statement", statements);
        return document.toString();
    }
}

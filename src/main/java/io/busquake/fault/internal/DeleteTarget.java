package io.busquake.fault.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.busquake.scenario.Fault;
import io.busquake.scenario.Topology;
import java.util.Map;
import java.util.Optional;

/**
 * delete-target: DeleteQueue on a target queue busquake created; deliveries fail NO_RESOURCE and go to the DLQ.
 * Undo recreates it with the attributes (Policy included) and tags read just before, journaled.
 */
final class DeleteTarget extends Injector {
    DeleteTarget(Fault fault, Context ctx) {
        super(fault, ctx);
    }

    @Override
    public String aspect() {
        return "the Policy and existence of queue " + target();
    }

    @Override
    public Optional<String> refusal() {
        if (topology().provision() != Topology.Provision.CREATE) {
            return Optional.of("queue " + target() + " was not created by busquake (topology.provision is existing),"
                    + " so it is not busquake's to delete and recreate; use deny-target, or provision: create");
        }
        return Optional.empty();
    }

    @Override
    public String plan() {
        return "DeleteQueue " + target() + ", so deliveries fail NO_RESOURCE and go to the DLQ (messages in it are"
                + " lost with it); undo: CreateQueue " + target() + " with the attributes, Policy and tags read just"
                + " before (journaled); on AWS: the same calls, but AWS refuses the name for 60 s after DeleteQueue,"
                + " so a fault shorter than 60 s is undone late";
    }

    @Override
    public void inject(Changes changes) {
        String url = queueUrl(target());
        Map<String, String> attributes = settable(ctx.target().sqs()
                .getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings("All")).attributesAsStrings());
        Map<String, String> tags = ctx.target().sqs().listQueueTags(b -> b.queueUrl(url)).tags();
        ObjectNode restore = ControlPath.JSON.createObjectNode().put("action", "queue").put("queueName", target());
        ObjectNode saved = restore.putObject("attributes");
        attributes.forEach(saved::put);
        ObjectNode savedTags = restore.putObject("tags");
        tags.forEach(savedTags::put);
        changes.make("queue " + target(), "deleted", restore,
                () -> ctx.target().sqs().deleteQueue(b -> b.queueUrl(url)));
    }
}

package io.busquake.fault.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.busquake.scenario.Fault;
import io.busquake.scenario.Scenario;
import io.busquake.scenario.Target;
import io.busquake.scenario.Topology;
import io.busquake.target.RunTarget;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * One fault's mechanism: what it refuses, the plan line, and the changes it makes. Each change is handed to
 * {@link Changes}, which journals it (with its restore spec) before applying it; undo is the {@link Restorer}'s.
 */
public abstract class Injector {
    /** Where an injector makes its changes. */
    public record Context(Scenario scenario, RunTarget target, ControlPath control, Hooks hooks) {
    }

    /** Records and applies changes: journal first, then the change. */
    public interface Changes {
        void make(String resource, String description, ObjectNode restore, Runnable apply);

        /** A change living in this process only (a hook); undone by {@code undo}, gone with the process. */
        void makeInProcess(String resource, String description, Runnable apply, Runnable undo);
    }

    protected final Fault fault;
    protected final Context ctx;

    Injector(Fault fault, Context ctx) {
        this.fault = fault;
        this.ctx = ctx;
    }

    public static Injector of(Fault fault, Context ctx) {
        return switch (fault.type()) {
            case DENY_TARGET, BREAK_DLQ -> new QueuePolicyFault(fault, ctx);
            case DELETE_TARGET -> new DeleteTarget(fault, ctx);
            case TARGET_ERRORS -> new TargetErrors(fault, ctx);
            case DISABLE_RULE -> new DisableRule(fault, ctx);
            case SQUEEZE_QUOTA -> new SqueezeQuota(fault, ctx);
            case SLOW_CONSUMER, CRASH_CONSUMER, PRODUCER_RETRIES, POISON_EVENTS -> new HookFault(fault, ctx);
        };
    }

    public Fault fault() {
        return fault;
    }

    /**
     * What this fault changes, as a key: two faults with the same key may not overlap in time, since undoing one
     * would undo (or be undone by) the other.
     */
    public abstract String aspect();

    /** Why the target cannot take this fault; empty when it can. Reads nothing that a run would change. */
    public Optional<String> refusal() {
        return Optional.empty();
    }

    /** What changes, on which resource, how it is undone, and how AWS would do it. */
    public abstract String plan();

    public abstract void inject(Changes changes);

    protected String target() {
        return fault.target().orElseThrow();
    }

    protected String queueUrl(String queue) {
        return ctx.target().sqs().getQueueUrl(b -> b.queueName(queue)).queueUrl();
    }

    protected String queueArn(String queueUrl) {
        return ctx.target().sqs().getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    protected boolean onAws() {
        return ctx.target().type() == Target.Type.AWS;
    }

    protected Optional<String> controlPathRefusal(String what) {
        if (onAws()) {
            return Optional.empty();
        }
        return ctx.control().unavailableReason().map(reason -> "the target " + ctx.target().endpoint()
                + " has no busquake fault-control API (" + reason + "), which " + what + " needs; use target.type"
                + " embedded or a `busquake emulator` endpoint");
    }

    static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }

    protected Topology topology() {
        return ctx.scenario().topology();
    }

    static Map<String, String> settable(Map<String, String> attributes) {
        Map<String, String> out = new LinkedHashMap<>(attributes);
        out.keySet().removeAll(Restorer.READ_ONLY_ATTRIBUTES);
        return out;
    }
}

package io.busquake.fault.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.busquake.scenario.Fault;
import java.time.Duration;
import java.util.Optional;

/**
 * target-errors: a fraction of deliveries to a queue fail retriably, time out, or slow down, set through the
 * endpoint's fault-control API. AWS has no such control for SQS targets, so on AWS the fault is refused.
 */
final class TargetErrors extends Injector {
    /** How long a timing-out delivery attempt hangs before it fails TIMEOUT (AWS documents 5 s for API destinations). */
    static final Duration TIMEOUT_AFTER = Duration.ofSeconds(5);

    TargetErrors(Fault fault, Context ctx) {
        super(fault, ctx);
    }

    @Override
    public String aspect() {
        return "the injected failures of queue " + target();
    }

    @Override
    public Optional<String> refusal() {
        if (onAws()) {
            return Optional.of("AWS has no way to make a fraction of EventBridge's deliveries to an SQS queue fail or"
                    + " slow down (AWS FIS has no such action); use deny-target or delete-target, which AWS can do");
        }
        return controlPathRefusal("target-errors");
    }

    private String effect() {
        double fraction = fault.fraction().orElse(1.0);
        String share = Restorer.plain(fraction * 100) + "% of deliveries";
        return switch (fault.mode().orElseThrow()) {
            case ERROR -> share + " fail retriably with ERROR_CODE " + fault.errorCode().orElseThrow();
            case TIMEOUT -> share + " time out after " + seconds(TIMEOUT_AFTER) + " (ERROR_CODE TIMEOUT, retried)";
            case SLOW -> share + " take " + seconds(fault.delay().orElseThrow()) + " longer";
        };
    }

    @Override
    public String plan() {
        return "on queue " + target() + " " + effect() + " (PUT " + ctx.control().uri() + "/targets); undo: the"
                + " queue's previous fault setting, read just before (journaled); on AWS: not available for SQS"
                + " targets, refused";
    }

    @Override
    public void inject(Changes changes) {
        String arn = queueArn(queueUrl(target()));
        ObjectNode restore = ControlPath.JSON.createObjectNode().put("action", "target-fault").put("arn", arn);
        restore.set("previous", ctx.control().targetFault(arn).orElse(null));
        double fraction = fault.fraction().orElse(1.0);
        ObjectNode setting = ControlPath.JSON.createObjectNode().put("fraction", fraction);
        switch (fault.mode().orElseThrow()) {
            case ERROR -> setting.put("errorCode", fault.errorCode().orElseThrow()).put("retriable", true);
            case TIMEOUT -> setting.put("timeout", true).put("latencyMillis", TIMEOUT_AFTER.toMillis());
            case SLOW -> setting.put("latencyMillis", fault.delay().orElseThrow().toMillis());
            default -> throw new IllegalStateException("unknown mode " + fault.mode());
        }
        changes.make("queue " + target(), effect(), restore, () -> ctx.control().setTargetFault(arn, setting));
    }
}

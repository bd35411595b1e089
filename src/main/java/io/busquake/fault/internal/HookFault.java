package io.busquake.fault.internal;

import io.busquake.scenario.Fault;

/**
 * The faults made in busquake's own consumers and load: slow-consumer, crash-consumer, producer-retries,
 * poison-events. They live in the run's process, so they end with it; AWS is not touched, the same hooks run there.
 */
final class HookFault extends Injector {
    HookFault(Fault fault, Context ctx) {
        super(fault, ctx);
    }

    @Override
    public String aspect() {
        return switch (fault.type()) {
            case SLOW_CONSUMER -> "the processing time of consumer " + target();
            case CRASH_CONSUMER -> "the crashes of consumer " + target();
            case PRODUCER_RETRIES -> "the producer's re-sends";
            default -> "the poison in the load";
        };
    }

    private String effect() {
        return switch (fault.type()) {
            case SLOW_CONSUMER -> "consumer " + target() + " holds each message " + seconds(fault.processingTime()
                    .orElseThrow()) + " before its side effect, past queue " + ctx.scenario().consumers().get(target())
                    .queue() + "'s visibility timeout, so SQS redelivers it (duplicate deliveries)";
            case CRASH_CONSUMER -> "a worker of consumer " + target() + " dies after " + percent()
                    + " of side effects, before DeleteMessage, so SQS redelivers (duplicate deliveries)";
            case PRODUCER_RETRIES -> "the producer re-sends " + percent() + " of accepted entries under the same"
                    + " idempotency key, as if it had lost the answer";
            default -> Restorer.plain(fault.rate().orElseThrow()) + " poison entries/s ("
                    + String.join(", ", fault.kinds().stream().map(Fault.PoisonKind::yamlName).toList())
                    + ") mixed into the load";
        };
    }

    private String percent() {
        return Restorer.plain(fault.fraction().orElseThrow() * 100) + "%";
    }

    @Override
    public String plan() {
        return effect() + "; undo: the hook is switched off; on AWS: the same, in busquake's own process";
    }

    @Override
    public void inject(Changes changes) {
        Hooks hooks = ctx.hooks();
        String resource = fault.target().map(c -> "consumer " + c).orElse("load");
        switch (fault.type()) {
            case SLOW_CONSUMER -> changes.makeInProcess(resource, effect(),
                    () -> hooks.slow(target(), fault.processingTime().orElseThrow()), () -> hooks.endSlow(target()));
            case CRASH_CONSUMER -> changes.makeInProcess(resource, effect(),
                    () -> hooks.crash(target(), fault.fraction().orElseThrow()), () -> hooks.endCrash(target()));
            case PRODUCER_RETRIES -> changes.makeInProcess(resource, effect(),
                    () -> hooks.resend(fault.fraction().orElseThrow()), hooks::endResend);
            case POISON_EVENTS -> changes.makeInProcess(resource, effect(),
                    () -> hooks.poison(fault.rate().orElseThrow(), fault.kinds()), hooks::endPoison);
            default -> throw new IllegalStateException("not a hook fault: " + fault.type());
        }
    }
}

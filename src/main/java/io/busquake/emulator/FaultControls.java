package io.busquake.emulator;

import io.busquake.emulator.internal.TokenBucket;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The endpoint's fault controls, for what has no resource-state form: per target, injected failures, added latency
 * and timeouts; per account, quota overrides. Settable while the endpoint runs, from Java or over HTTP on the
 * endpoint's {@code /_busquake/faults} path (see the README). Faults that have a resource-state form (a deleted
 * queue, a denying queue policy, a disabled rule) are made with the same SDK calls as on AWS instead.
 *
 * <pre>{@code
 * emulator.faults().target("arn:aws:sqs:us-east-1:000000000000:orders", TargetFault.failing("THROTTLING", true, 1.0));
 * emulator.faults().putEventsTps(50);
 * emulator.faults().clearAll();
 * }</pre>
 */
public final class FaultControls {
    private final Map<String, TargetFault> targets = new ConcurrentHashMap<>();
    private final Quotas defaults;
    private final TokenBucket putEvents;
    private final TokenBucket invocations;

    FaultControls(Quotas defaults, TokenBucket putEvents, TokenBucket invocations) {
        this.defaults = defaults;
        this.putEvents = putEvents;
        this.invocations = invocations;
    }

    /** Sets the fault on a target (or DLQ) ARN, replacing any fault it had. */
    public void target(String targetArn, TargetFault fault) {
        targets.put(targetArn, fault);
    }

    public void clearTarget(String targetArn) {
        targets.remove(targetArn);
    }

    public Optional<TargetFault> targetFault(String targetArn) {
        return Optional.ofNullable(targets.get(targetArn));
    }

    public Map<String, TargetFault> targetFaults() {
        return Map.copyOf(targets);
    }

    /** Overrides the PutEvents TPS quota (whole-request ThrottlingException above it). */
    public void putEventsTps(double tps) {
        positive(tps, "putEventsTps");
        putEvents.setRate(tps);
    }

    /** Overrides the invocations TPS quota (deliveries above it are delayed and counted in ThrottledRules). */
    public void invocationsTps(double tps) {
        positive(tps, "invocationsTps");
        invocations.setRate(tps);
    }

    public Quotas quotas() {
        return new Quotas(putEvents.rate(), invocations.rate());
    }

    public void resetQuotas() {
        putEvents.setRate(defaults.putEventsTps());
        invocations.setRate(defaults.invocationsTps());
    }

    /** Removes every target fault and restores the default quotas. */
    public void clearAll() {
        targets.clear();
        resetQuotas();
    }

    private static void positive(double tps, String name) {
        if (!(tps > 0)) {
            throw new IllegalArgumentException(name + " must be positive, but was " + tps);
        }
    }
}

package io.busquake.fault.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.busquake.scenario.Fault;
import java.util.Optional;

/**
 * squeeze-quota: the account's PutEvents TPS quota set below the offered rate, through the endpoint's fault-control
 * API; requests above it get ThrottlingException. AWS quotas cannot be lowered, so on AWS the same effect comes from
 * offering load above the account's quota, read from Service Quotas.
 */
final class SqueezeQuota extends Injector {
    SqueezeQuota(Fault fault, Context ctx) {
        super(fault, ctx);
    }

    private int tps() {
        return fault.tps().orElseThrow();
    }

    @Override
    public String aspect() {
        return "the account's PutEvents quota";
    }

    @Override
    public Optional<String> refusal() {
        if (onAws()) {
            return Optional.of("an AWS quota cannot be lowered; on AWS offer load above the account's PutEvents quota"
                    + " (Service Quotas: ServiceCode events, quota \"PutEvents throttle limit in transactions per"
                    + " second\") instead, which busquake does not run yet");
        }
        return controlPathRefusal("squeeze-quota");
    }

    @Override
    public String plan() {
        return "PutEvents quota of account " + ctx.target().account() + " down to " + tps() + " requests/s (PUT "
                + ctx.control().uri() + "/quotas), so requests above it get ThrottlingException; undo: the quota"
                + " read just before (journaled); on AWS: quotas cannot be lowered, so the load is offered above the"
                + " account's quota as read from Service Quotas (ListServiceQuotas, ServiceCode events)";
    }

    @Override
    public void inject(Changes changes) {
        double before = ctx.control().putEventsTps();
        ObjectNode restore = ControlPath.JSON.createObjectNode().put("action", "put-events-tps").put("tps", before);
        changes.make("account " + ctx.target().account(), "PutEvents quota " + tps() + " TPS (was "
                + Restorer.plain(before) + ")", restore, () -> ctx.control().setPutEventsTps(tps()));
    }
}

package io.busquake.fault.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.busquake.scenario.Fault;
import io.busquake.scenario.Topology;
import java.util.Optional;

/** disable-rule: DisableRule, then EnableRule on undo; MatchedEvents falls and nothing is delivered meanwhile. */
final class DisableRule extends Injector {
    DisableRule(Fault fault, Context ctx) {
        super(fault, ctx);
    }

    private Topology.Rule rule() {
        return topology().rules().get(target());
    }

    @Override
    public String aspect() {
        return "the state of rule " + target();
    }

    @Override
    public Optional<String> refusal() {
        if (rule() != null && "DISABLED".equals(rule().state())) {
            return Optional.of("rule " + target() + " is DISABLED in the topology already, so disabling it changes"
                    + " nothing; set its state: ENABLED or remove the fault");
        }
        return Optional.empty();
    }

    @Override
    public String plan() {
        return "DisableRule " + target() + " on bus " + rule().bus() + ", so it matches nothing (MatchedEvents falls,"
                + " no deliveries); undo: EnableRule; on AWS: the same calls";
    }

    @Override
    public void inject(Changes changes) {
        String bus = rule().bus();
        String state = ctx.target().eventBridge().describeRule(b -> b.name(target()).eventBusName(bus)).stateAsString();
        ObjectNode restore = ControlPath.JSON.createObjectNode().put("action", "rule-state").put("rule", target())
                .put("bus", bus).put("state", state);
        changes.make("rule " + target(), "DISABLED", restore,
                () -> ctx.target().eventBridge().disableRule(b -> b.name(target()).eventBusName(bus)));
    }
}

package io.busquake.emulator.internal.delivery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One event on its way to one target of one rule, with its attempts so far.
 *
 * @param event the event envelope as delivered without transformation
 */
public final class Invocation {
    final String eventId;
    final ObjectNode event;
    final String eventJson;
    final String busName;
    final String ruleName;
    final String ruleArn;
    final io.busquake.emulator.internal.events.TargetSpec target;
    final Instant ingestedAt;
    int attempts;
    boolean latencyServed;

    public Invocation(String eventId, ObjectNode event, String eventJson, String busName, String ruleName,
                      String ruleArn, io.busquake.emulator.internal.events.TargetSpec target, Instant ingestedAt) {
        this.eventId = eventId;
        this.event = event;
        this.eventJson = eventJson;
        this.busName = busName;
        this.ruleName = ruleName;
        this.ruleArn = ruleArn;
        this.target = target;
        this.ingestedAt = ingestedAt;
    }

    public String eventId() {
        return eventId;
    }

    public ObjectNode event() {
        return event;
    }

    public String eventJson() {
        return eventJson;
    }

    public String ruleArn() {
        return ruleArn;
    }

    public String ruleName() {
        return ruleName;
    }

    public io.busquake.emulator.internal.events.TargetSpec target() {
        return target;
    }

    public Instant ingestedAt() {
        return ingestedAt;
    }
}

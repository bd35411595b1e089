package io.busquake.emulator.internal.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A rule on an event bus. Targets are replaced as a whole, so delivery reads a consistent list without locks. */
public final class Rule {
    final String name;
    final String arn;
    final String busName;
    final Instant createdAt;
    volatile String eventPattern;
    volatile String scheduleExpression;
    volatile String state;
    volatile String description;
    volatile String roleArn;
    volatile String managedBy;
    final Map<String, String> tags = new LinkedHashMap<>();
    private volatile List<TargetSpec> targets = List.of();

    Rule(String name, String arn, String busName, Instant createdAt) {
        this.name = name;
        this.arn = arn;
        this.busName = busName;
        this.createdAt = createdAt;
    }

    public String name() {
        return name;
    }

    public String arn() {
        return arn;
    }

    public String busName() {
        return busName;
    }

    public boolean enabled() {
        return "ENABLED".equals(state);
    }

    public List<TargetSpec> targets() {
        return targets;
    }

    synchronized void putTargets(List<TargetSpec> added) {
        Map<String, TargetSpec> byId = new LinkedHashMap<>();
        targets.forEach(t -> byId.put(t.id(), t));
        added.forEach(t -> byId.put(t.id(), t));
        targets = List.copyOf(byId.values());
    }

    synchronized void removeTargets(List<String> ids) {
        targets = targets.stream().filter(t -> !ids.contains(t.id())).toList();
    }
}

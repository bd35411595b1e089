package io.busquake.emulator.internal.events;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.event.ruler.Machine;

/** An event bus, its rules, and the event-ruler machine that holds the patterns of its enabled rules. */
public final class EventBus {
    final String name;
    final String arn;
    final Instant createdAt;
    volatile Instant lastModified;
    volatile String description;
    volatile String policy;
    final Map<String, String> tags = new LinkedHashMap<>();
    final Map<String, Rule> rules = new ConcurrentHashMap<>();
    final Machine machine = Machine.builder().build();

    EventBus(String name, String arn, Instant createdAt) {
        this.name = name;
        this.arn = arn;
        this.createdAt = createdAt;
        this.lastModified = createdAt;
    }

    public String name() {
        return name;
    }

    public String arn() {
        return arn;
    }

    public boolean isDefault() {
        return "default".equals(name);
    }

    public Rule rule(String ruleName) {
        return rules.get(ruleName);
    }

    /** Puts the rule's pattern into the machine, or takes it out, after any change of pattern or state. */
    synchronized void reindex(Rule rule, String oldPattern, boolean wasIndexed) {
        try {
            if (wasIndexed && oldPattern != null) {
                machine.deleteRule(rule.name, oldPattern);
            }
            if (rule.enabled() && rule.eventPattern != null && rules.get(rule.name) == rule) {
                machine.addRule(rule.name, rule.eventPattern);
            }
        } catch (IOException e) {
            throw new IllegalStateException("a pattern that passed validation did not compile: " + rule.eventPattern, e);
        }
    }
}

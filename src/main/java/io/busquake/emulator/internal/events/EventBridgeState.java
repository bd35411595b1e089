package io.busquake.emulator.internal.events;

import io.busquake.emulator.internal.AwsException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Every event bus of the account, starting with {@code default}. */
public final class EventBridgeState {
    public static final String DEFAULT_BUS = "default";

    final String region;
    final String account;
    final Clock clock;
    final Map<String, EventBus> buses = new ConcurrentHashMap<>();

    public EventBridgeState(String region, String account, Clock clock) {
        this.region = region;
        this.account = account;
        this.clock = clock;
        buses.put(DEFAULT_BUS, new EventBus(DEFAULT_BUS, busArn(DEFAULT_BUS), clock.instant()));
    }

    public String region() {
        return region;
    }

    public String account() {
        return account;
    }

    public String busArn(String name) {
        return "arn:aws:events:" + region + ":" + account + ":event-bus/" + name;
    }

    public String ruleArn(String busName, String ruleName) {
        return "arn:aws:events:" + region + ":" + account + ":rule/"
                + (DEFAULT_BUS.equals(busName) ? "" : busName + "/") + ruleName;
    }

    /** A bus name from a name or an ARN; null and empty mean the default bus. */
    public String busName(String nameOrArn) {
        if (nameOrArn == null || nameOrArn.isEmpty()) {
            return DEFAULT_BUS;
        }
        if (nameOrArn.startsWith("arn:")) {
            int slash = nameOrArn.indexOf(":event-bus/");
            return slash < 0 ? nameOrArn : nameOrArn.substring(slash + ":event-bus/".length());
        }
        return nameOrArn;
    }

    /** The bus, or null. */
    public EventBus findBus(String nameOrArn) {
        return buses.get(busName(nameOrArn));
    }

    public EventBus bus(String nameOrArn) {
        EventBus bus = findBus(nameOrArn);
        if (bus == null) {
            throw AwsException.notFound("Event bus " + busName(nameOrArn) + " does not exist.");
        }
        return bus;
    }

    public Rule rule(String busNameOrArn, String ruleName) {
        EventBus bus = bus(busNameOrArn);
        Rule rule = bus.rule(ruleName);
        if (rule == null) {
            throw AwsException.notFound("Rule " + ruleName + " does not exist on EventBus " + bus.name + ".");
        }
        return rule;
    }
}

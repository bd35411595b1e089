package io.busquake.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.busquake.ledger.Ledger;
import io.busquake.load.PutEventsCall;
import io.busquake.scenario.Scenario;
import io.busquake.scenario.Topology;
import io.busquake.target.RunTarget;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.event.ruler.Machine;

/**
 * Records, for each accepted entry, the target queues it should reach: the entry is turned into the event EventBridge
 * would make of it and matched with event-ruler (the library EventBridge's patterns come from) against the enabled
 * rules of the load's bus, independently of the endpoint.
 */
final class ExpectedMatches {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Machine machine = Machine.builder().build();
    private final Map<String, List<String>> queuesByRule = new HashMap<>();
    private final String account;
    private final String region;

    private ExpectedMatches(Scenario scenario, RunTarget target) {
        this.account = target.account();
        this.region = target.region().id();
        for (Topology.Rule rule : scenario.topology().rules().values()) {
            if (!rule.bus().equals(scenario.load().bus()) || !"ENABLED".equals(rule.state())) {
                continue;
            }
            List<String> queues = new ArrayList<>();
            rule.targets().forEach(t -> t.queue().ifPresent(queues::add));
            if (queues.isEmpty()) {
                continue;
            }
            try {
                machine.addRule(rule.name(), rule.eventPatternJson());
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("rule " + rule.name() + ": event-ruler refuses its pattern "
                        + rule.eventPatternJson() + ": " + e.getMessage(), e);
            }
            queuesByRule.put(rule.name(), queues);
        }
    }

    static ExpectedMatches of(Scenario scenario, RunTarget target) {
        return new ExpectedMatches(scenario, target);
    }

    /** Records {@code entry} as accepted and as expected at every queue its matching rules target. */
    void accepted(PutEventsCall.Entry entry, Ledger ledger, Instant now) {
        ledger.recordAccepted(entry.seq());
        List<String> matched;
        try {
            matched = machine.rulesForJSONEvent(event(entry, now));
        } catch (Exception e) {
            // An entry the bus accepted is valid JSON; anything else cannot match a rule either.
            return;
        }
        for (String rule : matched) {
            for (String queue : queuesByRule.getOrDefault(rule, List.of())) {
                ledger.target(queue).recordExpected(entry.seq());
            }
        }
    }

    private String event(PutEventsCall.Entry entry, Instant now) throws IOException {
        JsonNode in = JSON.readTree(entry.entryJson());
        ObjectNode event = JSON.createObjectNode().put("version", "0").put("id", "00000000-0000-0000-0000-000000000000")
                .put("detail-type", in.path("DetailType").asText()).put("source", in.path("Source").asText())
                .put("account", account)
                .put("time", in.has("Time") ? Instant.ofEpochSecond(in.path("Time").asLong()).toString()
                        : now.toString())
                .put("region", region);
        event.set("resources", in.has("Resources") ? in.get("Resources") : JSON.createArrayNode());
        event.set("detail", JSON.readTree(in.path("Detail").asText("{}")));
        return JSON.writeValueAsString(event);
    }
}

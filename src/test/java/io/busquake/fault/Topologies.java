package io.busquake.fault;

import io.busquake.target.RunTarget;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.eventbridge.model.Rule;

/** Reads a whole topology over the wire, attribute by attribute, to compare it before a fault and after its undo. */
final class Topologies {
    /**
     * Attributes SQS changes by itself (message counts) or on any write (timestamps; a recreated queue is new):
     * left out of the comparison, everything else must be equal.
     */
    static final Set<String> VOLATILE = Set.of("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
            "ApproximateNumberOfMessagesDelayed", "CreatedTimestamp", "LastModifiedTimestamp");

    private Topologies() {
    }

    static Map<String, String> snapshot(RunTarget target, String bus) {
        Map<String, String> state = new TreeMap<>();
        for (String url : target.sqs().listQueues().queueUrls()) {
            target.sqs().getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings("All"))
                    .attributesAsStrings().forEach((name, value) -> {
                        if (!VOLATILE.contains(name)) {
                            state.put("queue " + url + " " + name, value);
                        }
                    });
            state.put("queue " + url + " tags", target.sqs().listQueueTags(b -> b.queueUrl(url)).tags().toString());
        }
        for (Rule rule : target.eventBridge().listRules(b -> b.eventBusName(bus)).rules()) {
            state.put("rule " + rule.name(), rule.toString());
            state.put("rule " + rule.name() + " targets", target.eventBridge()
                    .listTargetsByRule(b -> b.rule(rule.name()).eventBusName(bus)).targets().toString());
        }
        state.put("fault controls", controls(target.endpoint()));
        return state;
    }

    static String controls(URI endpoint) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint + "/_busquake/faults"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

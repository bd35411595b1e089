package io.busquake.emulator.internal.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.busquake.emulator.internal.AwsException;
import io.busquake.emulator.internal.Ids;
import io.busquake.emulator.internal.Json;
import io.busquake.emulator.internal.TokenBucket;
import io.busquake.emulator.internal.delivery.DeliveryEngine;
import io.busquake.emulator.internal.delivery.Invocation;
import io.busquake.emulator.internal.metrics.EventsMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * PutEvents as AWS does it: 1 to 10 entries, per-entry errors inside a 200 answer in request order, the entry-size
 * rule, whole-request ThrottlingException above the PutEvents TPS quota, and each accepted entry matched against
 * the bus's rules and handed to delivery.
 */
public final class PutEvents {
    /** The 1 MB limit on the entries of one request, as AWS computes their size (eventbridge-facts §2). */
    public static final int MAX_REQUEST_ENTRY_BYTES = 1_048_576;

    private final EventBridgeState state;
    private final DeliveryEngine delivery;
    private final EventsMetrics metrics;
    private final TokenBucket quota;

    public PutEvents(EventBridgeState state, DeliveryEngine delivery, EventsMetrics metrics, TokenBucket quota) {
        this.state = state;
        this.delivery = delivery;
        this.metrics = metrics;
        this.quota = quota;
    }

    /** Handles one PutEvents request whose body was {@code requestBytes} long. */
    public ObjectNode handle(JsonNode request, int requestBytes) {
        long startNanos = System.nanoTime();
        JsonNode entries = request.get("Entries");
        int count = entries == null || !entries.isArray() ? 0 : entries.size();
        metrics.accountCount("PutEventsApproximateCallCount", 1);
        try {
            if (count < 1) {
                throw AwsException.validation("1 validation error detected: Value '[]' at 'entries' failed to satisfy "
                        + "constraint: Member must have length greater than or equal to 1");
            }
            if (count > 10) {
                throw AwsException.validation("1 validation error detected: Value '" + describeEntries(entries)
                        + "' at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10");
            }
            long size = 0;
            for (JsonNode entry : entries) {
                size += entrySize(entry);
            }
            if (size > MAX_REQUEST_ENTRY_BYTES) {
                throw AwsException.validation("Total size of the entries in the request is over the limit.");
            }
            if (!quota.tryTake(1) || !delivery.hasRoomFor(count * 5)) {
                metrics.accountCount("PutEventsApproximateThrottledCount", 1);
                throw AwsException.throttling();
            }
        } catch (AwsException e) {
            metrics.accountCount("PutEventsApproximateFailedCount", 1);
            throw e;
        }
        ObjectNode response = Json.object();
        ArrayNode results = response.putArray("Entries");
        int failed = 0;
        Instant now = state.clock.instant();
        EventsMetrics.Tally tally = metrics.tally();
        for (JsonNode entry : entries) {
            ObjectNode result = results.addObject();
            String error = ingest(entry, now, result, tally);
            if (error != null) {
                failed++;
            }
        }
        response.put("FailedEntryCount", failed);
        tally.accountCount("PutEventsApproximateSuccessCount", 1);
        tally.accountCount("PutEventsEntriesCount", count);
        if (failed > 0) {
            tally.accountCount("PutEventsFailedEntriesCount", failed);
        }
        tally.flush();
        metrics.accountSample("PutEventsRequestSize", "Bytes", requestBytes);
        metrics.accountSample("PutEventsLatency", "Milliseconds", (System.nanoTime() - startNanos) / 1e6);
        return response;
    }

    /** Validates and ingests one entry; fills {@code result} with its EventId or error and answers the error code. */
    private String ingest(JsonNode entry, Instant now, ObjectNode result, EventsMetrics.Tally tally) {
        String source = text(entry, "Source");
        String detailType = text(entry, "DetailType");
        String detailText = text(entry, "Detail");
        String missing = source == null ? "Source" : detailType == null ? "DetailType" : detailText == null ? "Detail" : null;
        if (missing != null) {
            return reject(result, "InvalidArgument",
                    "Parameter " + missing + " is not valid. Reason: " + missing + " is a required argument.");
        }
        JsonNode detail;
        try {
            detail = Json.MAPPER.readTree(detailText);
        } catch (Exception e) {
            detail = null;
        }
        if (detail == null || !detail.isObject()) {
            return reject(result, "MalformedDetail", "Detail is malformed.");
        }
        if (source.startsWith("aws.")) {
            return reject(result, "NotAuthorizedForSourceException", "Not authorized for the source.");
        }
        if (detailType.length() > 128) {
            return reject(result, "InvalidArgument", "Parameter DetailType is not valid. Reason: DetailType is longer "
                    + "than 128 characters.");
        }
        Instant time = now;
        JsonNode t = entry.get("Time");
        if (t != null && t.isNumber()) {
            time = Instant.ofEpochMilli((long) (t.asDouble() * 1000));
        }
        String eventId = Ids.uuid();
        ObjectNode event = Json.object();
        event.put("version", "0");
        event.put("id", eventId);
        event.put("detail-type", detailType);
        event.put("source", source);
        event.put("account", state.account);
        event.put("time", isoSecond(time));
        event.put("region", state.region);
        ArrayNode resources = event.putArray("resources");
        JsonNode r = entry.get("Resources");
        if (r != null && r.isArray()) {
            r.forEach(resources::add);
        }
        event.set("detail", detail);
        result.put("EventId", eventId);
        EventBus bus = state.findBus(text(entry, "EventBusName"));
        if (bus != null) {
            route(bus, event, eventId, now, tally);
        }
        return null;
    }

    /** Matches an event against a bus's enabled rules and hands one invocation per target to delivery. */
    void route(EventBus bus, ObjectNode event, String eventId, Instant ingestedAt, EventsMetrics.Tally tally) {
        List<String> matched = bus.machine.rulesForJSONEvent(event);
        if (matched.isEmpty()) {
            return;
        }
        String eventJson = Json.write(event);
        List<String> triggered = new ArrayList<>(matched.size());
        for (String ruleName : matched) {
            Rule rule = bus.rules.get(ruleName);
            if (rule == null || !rule.enabled()) {
                continue;
            }
            triggered.add(ruleName);
            for (TargetSpec target : rule.targets()) {
                delivery.submit(new Invocation(eventId, event, eventJson, bus.name, rule.name, rule.arn, target,
                        ingestedAt));
                tally.accountCount("InvocationsCreated", 1);
            }
        }
        if (!triggered.isEmpty()) {
            tally.matched(bus.name, triggered, triggered.size());
        }
    }

    /** Puts a delivered event onto another bus of this account, as a rule whose target is a bus does. */
    public String forward(String targetBusArn, Invocation invocation) {
        EventBus bus = state.findBus(targetBusArn);
        if (bus == null) {
            return "NO_RESOURCE";
        }
        EventsMetrics.Tally tally = metrics.tally();
        route(bus, invocation.event(), invocation.eventId(), state.clock.instant(), tally);
        tally.flush();
        return null;
    }

    /** The last second formatted, since a busy bus stamps thousands of events with the same one. */
    private volatile FormattedSecond lastSecond = new FormattedSecond(Long.MIN_VALUE, "");

    private record FormattedSecond(long epochSecond, String text) {
    }

    /** {@code time} to the second in ISO-8601 UTC, as the envelope's {@code time} field has it. */
    private String isoSecond(Instant time) {
        FormattedSecond last = lastSecond;
        if (last.epochSecond() == time.getEpochSecond()) {
            return last.text();
        }
        String text = DateTimeFormatter.ISO_INSTANT.format(time.truncatedTo(ChronoUnit.SECONDS));
        lastSecond = new FormattedSecond(time.getEpochSecond(), text);
        return text;
    }

    private static String reject(ObjectNode result, String code, String message) {
        result.put("ErrorCode", code);
        result.put("ErrorMessage", message);
        return code;
    }

    private static String text(JsonNode entry, String field) {
        JsonNode v = entry.get(field);
        return v == null || v.isNull() || (v.isTextual() && v.asText().isEmpty()) ? null : v.asText();
    }

    /** An entry's size as AWS computes it: Time is 14 bytes; Source, DetailType, Detail and Resources their UTF-8 bytes. */
    static long entrySize(JsonNode entry) {
        long size = entry.hasNonNull("Time") ? 14 : 0;
        for (String field : new String[] {"Source", "DetailType", "Detail"}) {
            JsonNode v = entry.get(field);
            if (v != null && v.isTextual()) {
                size += v.asText().getBytes(StandardCharsets.UTF_8).length;
            }
        }
        JsonNode resources = entry.get("Resources");
        if (resources != null && resources.isArray()) {
            for (JsonNode res : resources) {
                size += res.asText().getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return size;
    }

    /** The entries as AWS's Java front end prints them in a validation message. */
    private static String describeEntries(JsonNode entries) {
        List<String> parts = new ArrayList<>();
        for (JsonNode e : entries) {
            parts.add("PutEventsRequestEntry(time=" + orNull(e, "Time") + ", source=" + orNull(e, "Source")
                    + ", resources=" + (e.has("Resources") ? e.get("Resources").toString() : "null")
                    + ", detailType=" + orNull(e, "DetailType") + ", detail=" + orNull(e, "Detail")
                    + ", eventBusName=" + orNull(e, "EventBusName") + ", traceHeader=" + orNull(e, "TraceHeader")
                    + ", kmsKeyIdentifier=null, internalMetadata=null)");
        }
        return "[" + String.join(", ", parts) + "]";
    }

    private static String orNull(JsonNode e, String field) {
        JsonNode v = e.get(field);
        return v == null || v.isNull() ? "null" : v.asText();
    }
}

package io.busquake.emulator.internal.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.busquake.emulator.internal.Json;
import io.busquake.emulator.internal.delivery.DeliveryEngine;
import io.busquake.emulator.internal.delivery.Invocation;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * What a target receives: the whole event, a fixed {@code Input}, the part {@code InputPath} selects, or the text
 * an {@code InputTransformer} makes of the event (eventbridge-facts §6).
 */
public final class InputShaping implements DeliveryEngine.InputShaper {
    /** The variables every InputTemplate may use without an InputPathsMap entry. */
    static final java.util.Set<String> RESERVED_VARIABLES = java.util.Set.of("aws.events.rule-arn",
            "aws.events.rule-name", "aws.events.event.ingestion-time", "aws.events.event", "aws.events.event.json");

    @Override
    public String shape(Invocation invocation) {
        TargetSpec target = invocation.target();
        if (target.input() != null) {
            return target.input();
        }
        if (target.inputPath() != null) {
            JsonNode selected = JsonPaths.select(invocation.event(), target.inputPath());
            return selected == null ? "" : Json.write(selected);
        }
        if (target.hasTransformer()) {
            return transform(invocation, target.inputPathsMap(), target.inputTemplate());
        }
        return invocation.eventJson();
    }

    static String transform(Invocation invocation, Map<String, String> paths, String template) {
        ObjectNode event = invocation.event();
        StringBuilder out = new StringBuilder(template.length() + 64);
        boolean jsonTemplate = looksLikeJson(template);
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '<') {
                int end = template.indexOf('>', i);
                if (end > i) {
                    String name = template.substring(i + 1, end);
                    String replacement = variable(invocation, event, paths, name, jsonTemplate,
                            insideQuotes(template, i));
                    if (replacement != null) {
                        out.append(replacement);
                        i = end + 1;
                        continue;
                    }
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    private static String variable(Invocation invocation, ObjectNode event, Map<String, String> paths, String name,
                                   boolean jsonTemplate, boolean quoted) {
        JsonNode value;
        switch (name) {
            case "aws.events.rule-arn" -> value = TextNode.valueOf(invocation.ruleArn());
            case "aws.events.rule-name" -> value = TextNode.valueOf(invocation.ruleName());
            case "aws.events.event.ingestion-time" -> value = TextNode.valueOf(
                    DateTimeFormatter.ISO_INSTANT.format(invocation.ingestedAt().truncatedTo(ChronoUnit.SECONDS)));
            case "aws.events.event" -> value = envelopeWithoutDetail(event);
            case "aws.events.event.json" -> value = event;
            default -> {
                if (paths == null || !paths.containsKey(name)) {
                    return null;
                }
                value = JsonPaths.select(event, paths.get(name));
            }
        }
        if (!jsonTemplate) {
            // A string template holds values as text: objects and lists lose their quotes, as AWS renders them.
            return value == null || value.isNull() ? "" : unquoted(value);
        }
        if (quoted) {
            if (value == null || value.isNull()) {
                return "";
            }
            if (value.isTextual()) {
                String encoded = Json.write(value);
                return encoded.substring(1, encoded.length() - 1);
            }
            // An object or list inside quotes makes the output invalid JSON; AWS then does not deliver it.
            return Json.write(value);
        }
        return value == null ? "\"\"" : Json.write(value);
    }

    /** {@code <aws.events.event>}: the envelope without detail, and with detail-type spelled detailType. */
    private static ObjectNode envelopeWithoutDetail(ObjectNode event) {
        ObjectNode out = Json.object();
        event.fields().forEachRemaining(e -> {
            if ("detail-type".equals(e.getKey())) {
                out.set("detailType", e.getValue());
            } else if (!"detail".equals(e.getKey())) {
                out.set(e.getKey(), e.getValue());
            }
        });
        return out;
    }

    /** A value as a string template shows it: text as is, objects and lists in JSON's shape without quotes. */
    private static String unquoted(JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isObject()) {
            StringBuilder out = new StringBuilder("{");
            value.fields().forEachRemaining(e -> {
                if (out.length() > 1) {
                    out.append(',');
                }
                out.append(e.getKey()).append(':').append(unquoted(e.getValue()));
            });
            return out.append('}').toString();
        }
        if (value.isArray()) {
            StringBuilder out = new StringBuilder("[");
            for (JsonNode item : value) {
                if (out.length() > 1) {
                    out.append(',');
                }
                out.append(unquoted(item));
            }
            return out.append(']').toString();
        }
        return Json.write(value);
    }

    private static boolean looksLikeJson(String template) {
        String t = template.strip();
        return t.startsWith("{") || t.startsWith("[");
    }

    private static boolean insideQuotes(String template, int at) {
        boolean inside = false;
        for (int i = 0; i < at; i++) {
            char c = template.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                inside = !inside;
            }
        }
        return inside;
    }
}

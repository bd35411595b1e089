package io.busquake.emulator.internal.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
            case "aws.events.rule-arn" -> {
                return invocation.ruleArn();
            }
            case "aws.events.rule-name" -> {
                return invocation.ruleName();
            }
            case "aws.events.event.ingestion-time" -> {
                return DateTimeFormatter.ISO_INSTANT.format(invocation.ingestedAt().truncatedTo(ChronoUnit.MILLIS));
            }
            case "aws.events.event" -> {
                ObjectNode copy = event.deepCopy();
                copy.remove("detail");
                value = copy;
            }
            case "aws.events.event.json" -> value = event;
            default -> {
                if (paths == null || !paths.containsKey(name)) {
                    return null;
                }
                value = JsonPaths.select(event, paths.get(name));
            }
        }
        if (value == null || value.isMissingNode()) {
            return jsonTemplate && !quoted ? "null" : "";
        }
        if (value.isTextual()) {
            String text = value.asText();
            if (jsonTemplate && quoted) {
                String encoded = Json.write(value);
                return encoded.substring(1, encoded.length() - 1);
            }
            return jsonTemplate ? Json.write(value) : text;
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

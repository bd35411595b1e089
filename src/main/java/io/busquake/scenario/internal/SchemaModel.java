package io.busquake.scenario.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Reads scenario.schema.json as data: what a field allows, its unit and fix hints (the {@code x-allowed},
 * {@code x-unit} and {@code x-fix} annotations), and which schema applies at a path. One source of truth for
 * validation messages, overrides' value types and defaults.
 */
public final class SchemaModel {
    /** The schema's classpath resource. */
    public static final String RESOURCE = "/io/busquake/scenario/scenario.schema.json";

    private static final SchemaModel INSTANCE = new SchemaModel(load());

    private final JsonNode root;

    private SchemaModel(JsonNode root) {
        this.root = root;
    }

    public static SchemaModel get() {
        return INSTANCE;
    }

    private static JsonNode load() {
        try (InputStream in = SchemaModel.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("scenario schema " + RESOURCE + " is missing from the classpath");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the scenario schema " + RESOURCE, e);
        }
    }

    public JsonNode root() {
        return root;
    }

    /** The schema node at a JSON pointer into the schema document (the fragment of a schema location). */
    public JsonNode at(String schemaPointer) {
        return root.at(schemaPointer);
    }

    /** {@code schema} with its {@code $ref} followed; the referring node's own keywords win over the target's. */
    public JsonNode resolve(JsonNode schema) {
        JsonNode current = schema;
        if (current == null || !current.has("$ref")) {
            return current;
        }
        JsonNode target = resolve(root.at(current.get("$ref").asText().substring(1)));
        ObjectNode merged = target.deepCopy();
        Iterator<Map.Entry<String, JsonNode>> fields = current.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getKey().equals("$ref")) {
                merged.set(field.getKey(), field.getValue());
            }
        }
        return merged;
    }

    /** The schemas a value may be checked against: the schema itself plus its then/else branches. */
    private List<JsonNode> branches(JsonNode schema) {
        List<JsonNode> branches = new ArrayList<>();
        JsonNode resolved = resolve(schema);
        branches.add(resolved);
        for (String branch : List.of("then", "else")) {
            if (resolved.has(branch)) {
                branches.add(resolve(resolved.get(branch)));
            }
        }
        return branches;
    }

    /** The schema of member {@code key} of an object described by {@code schema}, if the schema allows it. */
    public Optional<JsonNode> member(JsonNode schema, String key) {
        for (JsonNode branch : branches(schema)) {
            JsonNode properties = branch.path("properties");
            if (properties.has(key)) {
                return Optional.of(resolve(properties.get(key)));
            }
        }
        for (JsonNode branch : branches(schema)) {
            JsonNode additional = branch.get("additionalProperties");
            if (additional != null && additional.isObject()) {
                return Optional.of(resolve(additional));
            }
        }
        return Optional.empty();
    }

    /** The schema of the items of a list described by {@code schema}. */
    public Optional<JsonNode> items(JsonNode schema) {
        return branches(schema).stream().filter(branch -> branch.has("items")).findFirst()
                .map(branch -> resolve(branch.get("items")));
    }

    /** Whether the object described by {@code schema} is a map keyed by user-chosen names. */
    public boolean isNamedMap(JsonNode schema) {
        return branches(schema).stream().anyMatch(branch -> branch.path("additionalProperties").isObject());
    }

    /** The keys the object described by {@code schema} declares. */
    public List<String> declaredKeys(JsonNode schema) {
        return branches(schema).stream().flatMap(branch -> StreamSupport.stream(
                        ((Iterable<String>) () -> branch.path("properties").fieldNames()).spliterator(), false))
                .distinct().toList();
    }

    /** The JSON types the schema accepts; empty when it accepts any. */
    public List<String> types(JsonNode schema) {
        List<String> types = new ArrayList<>();
        for (JsonNode branch : branches(schema)) {
            JsonNode type = branch.get("type");
            if (type != null && type.isArray()) {
                type.forEach(each -> types.add(each.asText()));
            } else if (type != null) {
                types.add(type.asText());
            } else if (branch.has("const") || branch.has("enum")) {
                types.add("string");
            }
        }
        return types.stream().distinct().toList();
    }

    /** What a value may be, in words: the x-allowed text, the enum, or the type with its range and unit. */
    public String allowed(JsonNode schema, Document document) {
        JsonNode resolved = resolve(schema);
        if (resolved.has("x-allowed")) {
            return resolved.get("x-allowed").asText();
        }
        if (resolved.has("enum")) {
            return StreamSupport.stream(resolved.get("enum").spliterator(), false).map(JsonNode::asText)
                    .collect(Collectors.joining(", "));
        }
        if (resolved.has("const")) {
            return resolved.get("const").asText();
        }
        List<String> types = types(resolved);
        if (types.contains("integer") || types.contains("number")) {
            return range(resolved, document);
        }
        if (types.equals(List.of("boolean"))) {
            return "true or false";
        }
        if (types.equals(List.of("string"))) {
            return resolved.has("maxLength") ? "a string of " + resolved.path("minLength").asInt(0) + " to "
                    + resolved.get("maxLength").asInt() + " characters" : "a string";
        }
        if (types.equals(List.of("array"))) {
            return "a list";
        }
        if (types.contains("object")) {
            return "a mapping of keys to values";
        }
        return "any value";
    }

    /** The numeric range of a schema, e.g. "1..1000000 events/s" or "more than 0, up to 1". */
    public String range(JsonNode schema, Document document) {
        JsonNode resolved = resolve(schema);
        String kind = types(resolved).contains("integer") ? "an integer" : "a number";
        String max = resolved.has("maximum") ? number(resolved.get("maximum")) : null;
        String text;
        if (resolved.has("exclusiveMinimum")) {
            text = "more than " + number(resolved.get("exclusiveMinimum")) + (max == null ? "" : ", up to " + max);
        } else if (resolved.has("minimum")) {
            text = number(resolved.get("minimum")) + ".." + (max == null ? "" : max);
        } else {
            text = kind;
        }
        return unit(resolved, document).map(unit -> text + " " + unit).orElse(text);
    }

    /** The unit annotation, with {@code {load.unit}} replaced by the scenario's load unit. */
    public Optional<String> unit(JsonNode schema, Document document) {
        JsonNode resolved = resolve(schema);
        if (!resolved.has("x-unit")) {
            return Optional.empty();
        }
        String unit = resolved.get("x-unit").asText();
        if (unit.equals("{load.unit}")) {
            JsonNode given = document.at("/load/unit");
            return Optional.of(given.isTextual() ? given.asText() : "events/s");
        }
        return Optional.of(unit);
    }

    /** The schema's own fix hint, if it has one. */
    public Optional<String> fix(JsonNode schema) {
        JsonNode resolved = resolve(schema);
        return resolved.has("x-fix") ? Optional.of(resolved.get("x-fix").asText()) : Optional.empty();
    }

    public static String number(JsonNode value) {
        return value.decimalValue().stripTrailingZeros().toPlainString();
    }
}

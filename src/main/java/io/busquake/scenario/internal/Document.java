package io.busquake.scenario.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.busquake.scenario.Problem;
import io.busquake.scenario.ScenarioException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A scenario's YAML tree with the file position of every key and value (keyed by JSON pointer), and the problems
 * found in it so far.
 */
public final class Document {
    private static final YAMLFactory YAML = new YAMLFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String source;
    private final ObjectNode root;
    private final Map<String, Location> values = new HashMap<>();
    private final Map<String, Location> keys = new HashMap<>();
    private final List<Problem> problems = new ArrayList<>();

    private Document(String source, ObjectNode root) {
        this.source = source;
        this.root = root;
    }

    /** Parses {@code yaml}; a file that is not YAML, or not a mapping at the top, fails at once. */
    public static Document parse(String source, String yaml) {
        Document document = new Document(source, NODES.objectNode());
        try (JsonParser parser = YAML.createParser(yaml)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new ScenarioException(List.of(new Problem(source, 1, 1, "(the file)", "the file is empty",
                        "a YAML mapping with at least a load block", "start from scenarios/smoke.yaml")));
            }
            if (first != JsonToken.START_OBJECT) {
                Location at = document.at(parser.currentTokenLocation());
                throw new ScenarioException(List.of(new Problem(source, at.line(), at.column(), "(the file)",
                        "the file is " + (first == JsonToken.START_ARRAY ? "a list" : "a single value")
                                + ", not a mapping",
                        "a YAML mapping of keys such as target, topology, load", "start from scenarios/smoke.yaml")));
            }
            document.values.put("", new Location(source, 1, 1));
            document.readObjectInto(parser, "", document.root);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            int line = at == null ? 1 : Math.max(1, at.getLineNr());
            int column = at == null ? 1 : Math.max(1, at.getColumnNr());
            throw new ScenarioException(List.of(new Problem(source, line, column, "(the file)",
                    "is not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""),
                    "", "correct the YAML syntax at this position (indentation, quotes, colons)")));
        } catch (IOException e) {
            throw new ScenarioException(List.of(new Problem(source, 0, 0, "(the file)",
                    "cannot be read: " + e.getMessage(), "", "check the path and permissions")));
        }
        return document;
    }

    private Location at(JsonLocation location) {
        return new Location(source, location.getLineNr(), location.getColumnNr());
    }

    private void readObjectInto(JsonParser parser, String pointer, ObjectNode object) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            String child = Pointers.child(pointer, name);
            Location keyLocation = at(parser.currentTokenLocation());
            parser.nextToken();
            JsonNode value = read(parser, child);
            if (object.has(name)) {
                problem(keyLocation, Pointers.field(root, child), "appears twice in the same block", "",
                        "keep one \"" + name + "\" key (YAML keeps only the last)");
            } else {
                keys.put(child, keyLocation);
            }
            object.set(name, value);
        }
    }

    private JsonNode read(JsonParser parser, String pointer) throws IOException {
        values.put(pointer, at(parser.currentTokenLocation()));
        switch (parser.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                readObjectInto(parser, pointer, object);
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(read(parser, Pointers.child(pointer, array.size())));
                }
                return array;
            }
            case VALUE_STRING -> {
                return NODES.textNode(parser.getText());
            }
            case VALUE_NUMBER_INT -> {
                return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? NODES.numberNode(parser.getBigIntegerValue()) : NODES.numberNode(parser.getLongValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(parser.getDecimalValue());
            }
            case VALUE_TRUE -> {
                return NODES.booleanNode(true);
            }
            case VALUE_FALSE -> {
                return NODES.booleanNode(false);
            }
            default -> {
                return NODES.nullNode();
            }
        }
    }

    public String source() {
        return source;
    }

    /** The tree; overrides and defaults change it in place. */
    public ObjectNode root() {
        return root;
    }

    /** The node at {@code pointer}, or a missing node. */
    public JsonNode at(String pointer) {
        return root.at(pointer);
    }

    /** The field path users read, e.g. {@code load.phases[0].rate}. */
    public String field(String pointer) {
        return Pointers.field(root, pointer);
    }

    /** Where the value at {@code pointer} is, or its closest ancestor's when it has none (a default). */
    public Location valueLocation(String pointer) {
        String current = pointer;
        while (true) {
            Location location = values.get(current);
            if (location != null) {
                return location;
            }
            if (current.isEmpty()) {
                return new Location(source, 1, 1);
            }
            current = Pointers.parent(current);
        }
    }

    /** Where the key of the member at {@code pointer} is, else where its value is. */
    public Location keyLocation(String pointer) {
        Location key = keys.get(pointer);
        return key != null ? key : valueLocation(pointer);
    }

    /** Records that an override set the value at {@code pointer}, replacing everything below it. */
    public void overridden(String pointer, Location location) {
        values.keySet().removeIf(known -> known.startsWith(pointer + "/"));
        keys.keySet().removeIf(known -> known.startsWith(pointer + "/"));
        values.put(pointer, location);
        keys.put(pointer, location);
    }

    /** A problem with the value at {@code pointer}. */
    public void valueProblem(String pointer, String message, String allowed, String fix) {
        problem(valueLocation(pointer), field(pointer), message, allowed, fix);
    }

    /** A problem with the key of the member at {@code pointer} (an unknown or missing key). */
    public void keyProblem(String pointer, String message, String allowed, String fix) {
        problem(keyLocation(pointer), field(pointer), message, allowed, fix);
    }

    public void problem(Location location, String field, String message, String allowed, String fix) {
        problems.add(new Problem(location.source(), location.line(), location.column(), field, message, allowed, fix));
    }

    public List<Problem> problems() {
        return problems;
    }

    /** Throws every problem found so far, if any. */
    public void failIfProblems() {
        if (!problems.isEmpty()) {
            throw new ScenarioException(List.copyOf(problems));
        }
    }

    /** A value as a message shows it: numbers and booleans plain, strings quoted, blocks as short JSON. */
    public static String show(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "(nothing)";
        }
        if (value.isNull()) {
            return "null (an empty value)";
        }
        if (value.isNumber()) {
            return value.decimalValue().stripTrailingZeros().toPlainString();
        }
        String text = value.toString();
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    /** What kind of value a node is, for type errors. */
    public static String kind(JsonNode value) {
        if (value.isTextual()) {
            return "a string";
        }
        if (value.isIntegralNumber()) {
            return "an integer";
        }
        if (value.isNumber()) {
            return "a number";
        }
        if (value.isBoolean()) {
            return "a boolean";
        }
        if (value.isArray()) {
            return "a list";
        }
        return "a mapping";
    }
}

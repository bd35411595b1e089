package io.busquake.scenario.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code -Dset=<path>=<value>[,<path>=<value>...]}: dotted paths with list indexes in brackets (and
 * {@code ["key.with.dots"]} for names with dots), values typed per the schema, applied to the tree before validation.
 */
public final class Overrides {
    static final String SYNTAX = "-Dset=<path>=<value>[,<path>=<value>...], e.g. -Dset=load.phases[0].rate=500";
    private static final Pattern NEXT_ASSIGNMENT = Pattern.compile("^\\s*[A-Za-z_][A-Za-z0-9_.\\-]*(\\[[^\\]]*\\]"
            + "[A-Za-z0-9_.\\-]*)*\\s*=.*", Pattern.DOTALL);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final SchemaModel model = SchemaModel.get();

    /** Splits the text of {@code -Dset} into single assignments, keeping commas inside brackets and parentheses. */
    public static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return parts;
        }
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '[' || c == '{' || c == '(') {
                depth++;
            } else if ((c == ']' || c == '}' || c == ')') && depth > 0) {
                depth--;
            } else if (c == ',' && depth == 0 && NEXT_ASSIGNMENT.matcher(text.substring(i + 1)).matches()) {
                parts.add(text.substring(start, i).trim());
                start = i + 1;
            }
        }
        parts.add(text.substring(start).trim());
        return parts;
    }

    /** Applies every assignment in {@code text} to {@code document}; a bad one becomes a problem and is skipped. */
    public void apply(Document document, String text) {
        for (String assignment : split(text)) {
            apply(document, assignment, Location.override(assignment));
        }
    }

    private void apply(Document document, String assignment, Location at) {
        int equals = assignment.indexOf('=');
        String pathText = equals < 0 ? assignment : assignment.substring(0, equals).trim();
        if (equals <= 0) {
            document.problem(at, pathText.isEmpty() ? "(override)" : pathText, "has no \"=<value>\"", SYNTAX,
                    "write the override as <path>=<value>");
            return;
        }
        String valueText = assignment.substring(equals + 1).trim();
        List<Object> path;
        try {
            path = parsePath(pathText);
        } catch (IllegalArgumentException e) {
            document.problem(at, pathText, "is not a valid path: " + e.getMessage(), SYNTAX,
                    "write dotted keys with list indexes in brackets, e.g. load.phases[0].rate");
            return;
        }
        JsonNode parent = document.root();
        JsonNode schema = model.root();
        String pointer = "";
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < path.size(); i++) {
            Object segment = path.get(i);
            boolean last = i == path.size() - 1;
            if (segment instanceof Integer index) {
                field.append('[').append(index).append(']');
                Optional<JsonNode> items = model.items(schema);
                if (items.isEmpty() || !parent.isArray()) {
                    document.problem(at, field.toString(), "is not a list, so [" + index + "] does not apply", "",
                            "index only lists, such as load.phases[0]");
                    return;
                }
                if (index >= parent.size()) {
                    document.problem(at, field.toString(), "index " + index + " is out of range; the list has "
                                    + parent.size() + (parent.size() == 1 ? " item" : " items"), parent.isEmpty() ? "no index (the list is empty)"
                                    : "0.." + (parent.size() - 1),
                            "use an existing index, or add the item in the file");
                    return;
                }
                schema = items.get();
                pointer = Pointers.child(pointer, index);
                if (last) {
                    set(document, (ArrayNode) parent, index, pointer, field.toString(), schema, valueText, at);
                    return;
                }
                parent = parent.get(index);
            } else {
                String key = (String) segment;
                field.append(field.length() == 0 ? "" : ".").append(key);
                Optional<JsonNode> member = model.member(schema, key);
                if (member.isEmpty() || !(parent.isObject() || parent.isMissingNode() || parent.isNull())) {
                    List<String> known = model.declaredKeys(schema);
                    document.problem(at, field.toString(), "unknown key \"" + key + "\"",
                            String.join(", ", known), Suggestions.didYouMean(key, known,
                                    "use a path the scenario format has (see docs/scenario-format.md)"));
                    return;
                }
                if (model.isNamedMap(schema) && !parent.has(key)) {
                    List<String> names = new ArrayList<>();
                    parent.fieldNames().forEachRemaining(names::add);
                    Optional<String> close = Suggestions.closest(key, names);
                    if (close.isPresent() && !last) {
                        document.problem(at, field.toString(), "\"" + key + "\" is not defined in the file",
                                String.join(", ", names), "did you mean \"" + close.get() + "\"?");
                        return;
                    }
                }
                schema = member.get();
                pointer = Pointers.child(pointer, key);
                ObjectNode object = (ObjectNode) parent;
                if (last) {
                    set(document, object, key, pointer, field.toString(), schema, valueText, at);
                    return;
                }
                JsonNode next = object.get(key);
                if (next == null || next.isNull()) {
                    boolean existed = next != null;
                    next = path.get(i + 1) instanceof Integer ? NODES.arrayNode() : NODES.objectNode();
                    object.set(key, next);
                    if (!existed) {
                        document.overridden(pointer, at);
                    }
                }
                parent = next;
            }
        }
    }

    private void set(Document document, JsonNode container, Object segment, String pointer, String field,
                     JsonNode schema, String valueText, Location at) {
        Optional<JsonNode> value = typed(valueText, model.types(schema));
        if (value.isEmpty()) {
            String allowed = model.allowed(schema, document);
            document.problem(at, field, "\"" + valueText + "\" is not " + describe(model.types(schema)), allowed,
                    "write " + field + "=<" + allowed + ">");
            return;
        }
        if (container instanceof ArrayNode array) {
            array.set((Integer) segment, value.get());
        } else {
            ((ObjectNode) container).set((String) segment, value.get());
        }
        document.overridden(pointer, at);
    }

    private static String describe(List<String> types) {
        if (types.size() == 1) {
            return switch (types.get(0)) {
                case "integer" -> "an integer";
                case "number" -> "a number";
                case "boolean" -> "true or false";
                case "array" -> "a list such as [a, b]";
                case "object" -> "a mapping such as {key: value}";
                default -> "a string";
            };
        }
        return "a valid value";
    }

    // Types the value as the schema says; where the schema allows several types (or any), YAML decides.
    private static Optional<JsonNode> typed(String text, List<String> types) {
        if (types.size() == 1) {
            switch (types.get(0)) {
                case "string" -> {
                    return Optional.of(NODES.textNode(text));
                }
                case "integer" -> {
                    try {
                        return Optional.of(NODES.numberNode(new BigDecimal(text).toBigIntegerExact()));
                    } catch (ArithmeticException | NumberFormatException e) {
                        return Optional.empty();
                    }
                }
                case "number" -> {
                    try {
                        return Optional.of(NODES.numberNode(new BigDecimal(text)));
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                }
                case "boolean" -> {
                    return text.equals("true") || text.equals("false")
                            ? Optional.of(NODES.booleanNode(Boolean.parseBoolean(text))) : Optional.empty();
                }
                default -> {
                    Optional<JsonNode> parsed = yaml(text);
                    return parsed.filter(node -> types.get(0).equals("array") ? node.isArray() : node.isObject());
                }
            }
        }
        return yaml(text);
    }

    private static Optional<JsonNode> yaml(String text) {
        try {
            JsonNode node = YAML.readTree(text);
            return Optional.of(node == null || node.isMissingNode() ? NODES.textNode(text) : node);
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    /** {@code a.b[0]["c.d"].e} as [a, b, 0, c.d, e]. */
    static List<Object> parsePath(String text) {
        List<Object> segments = new ArrayList<>();
        StringBuilder key = new StringBuilder();
        boolean afterBracket = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '.') {
                if (key.length() == 0 && !afterBracket) {
                    throw new IllegalArgumentException("it has an empty key before a \".\"");
                }
                addKey(key, segments);
                afterBracket = false;
                i++;
            } else if (c == '[') {
                addKey(key, segments);
                int close = text.indexOf(']', i);
                if (close < 0) {
                    throw new IllegalArgumentException("\"[\" without \"]\"");
                }
                String inside = text.substring(i + 1, close).trim();
                if (inside.length() >= 2 && (inside.startsWith("\"") && inside.endsWith("\"")
                        || inside.startsWith("'") && inside.endsWith("'"))) {
                    segments.add(inside.substring(1, inside.length() - 1));
                } else if (inside.matches("[0-9]{1,9}")) {
                    segments.add(Integer.parseInt(inside));
                } else {
                    throw new IllegalArgumentException("[" + inside + "] is neither an index nor a quoted key");
                }
                afterBracket = true;
                i = close + 1;
            } else {
                key.append(c);
                afterBracket = false;
                i++;
            }
        }
        if (key.length() == 0 && !afterBracket) {
            throw new IllegalArgumentException(text.isEmpty() ? "the path is empty" : "it ends with \".\"");
        }
        addKey(key, segments);
        return segments;
    }

    private static void addKey(StringBuilder key, List<Object> segments) {
        if (key.length() > 0) {
            segments.add(key.toString());
            key.setLength(0);
        }
    }
}

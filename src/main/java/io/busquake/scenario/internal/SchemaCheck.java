package io.busquake.scenario.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;
import com.networknt.schema.path.PathType;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Validates a scenario tree against scenario.schema.json and words each error for a person. */
public final class SchemaCheck {
    private static final Schema SCHEMA = compile();

    private final SchemaModel model = SchemaModel.get();

    private static Schema compile() {
        // Our annotations carry the words of error messages; declare them so the validator knows they are not typos.
        Dialect dialect = Dialect.builder(Dialects.getDraft202012())
                .keyword(new AnnotationKeyword("x-allowed"))
                .keyword(new AnnotationKeyword("x-unit"))
                .keyword(new AnnotationKeyword("x-fix"))
                .build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(dialect, builder -> builder.schemaRegistryConfig(
                SchemaRegistryConfig.builder().pathType(PathType.JSON_POINTER).build()));
        return registry.getSchema(SchemaModel.get().root());
    }

    /** Adds a problem to {@code document} for each schema violation. */
    public void check(Document document) {
        Set<String> seen = new HashSet<>();
        for (Error error : SCHEMA.validate(document.root())) {
            String pointer = pointer(error.getInstanceLocation().toString());
            if (seen.add(pointer + " " + error.getKeyword() + " " + error.getProperty())) {
                report(document, error, pointer);
            }
        }
    }

    private static String pointer(String instanceLocation) {
        return instanceLocation.equals("/") ? "" : instanceLocation;
    }

    private void report(Document document, Error error, String pointer) {
        String schemaLocation = error.getSchemaLocation().toString();
        String keywordPointer = schemaLocation.substring(schemaLocation.indexOf('#') + 1);
        JsonNode subschema = model.at(Pointers.parent(keywordPointer));
        JsonNode value = document.at(pointer);
        String shown = Document.show(value);
        switch (error.getKeyword()) {
            case "type" -> {
                String allowed = model.allowed(subschema, document);
                document.valueProblem(pointer, value.isNull() ? "is empty" : shown + " is " + Document.kind(value)
                        + ", of the wrong type", allowed, "write " + allowed);
            }
            case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum" -> {
                String allowed = model.range(subschema, document);
                document.valueProblem(pointer, shown + " is out of range", allowed,
                        model.fix(subschema).orElse("set " + document.field(pointer) + " within " + allowed));
            }
            case "enum", "const" -> {
                String allowed = model.allowed(subschema, document);
                List<String> choices = List.of(allowed.split(", "));
                document.valueProblem(pointer, shown + " is not an allowed value", allowed,
                        value.isTextual() ? Suggestions.didYouMean(value.asText(), choices, "use one of: " + allowed)
                                : "use one of: " + allowed);
            }
            case "pattern" -> {
                String allowed = model.allowed(subschema, document);
                document.valueProblem(pointer, shown + " is not of the expected form", allowed,
                        model.fix(subschema).orElse("write " + allowed));
            }
            case "propertyNames" -> reportBadName(document, error, pointer);
            case "additionalProperties" -> {
                String key = error.getProperty();
                List<String> known = model.declaredKeys(subschema);
                document.keyProblem(Pointers.child(pointer, key), "unknown key \"" + key + "\"",
                        known.isEmpty() ? "no keys here" : String.join(", ", known),
                        Suggestions.didYouMean(key, known, "remove \"" + key + "\" or move it to where it belongs"));
            }
            case "required" -> {
                String key = error.getProperty();
                JsonNode keySchema = declaringSchema(keywordPointer, key).path("properties").path(key);
                String allowed = model.allowed(keySchema, document);
                Location at = document.keyLocation(pointer);
                String parent = pointer.isEmpty() ? "" : document.field(pointer) + ".";
                document.problem(at, parent + key, "is missing (required" + requiredWhen(keywordPointer) + ")", allowed,
                        "add " + key + ": <" + allowed + ">");
            }
            case "minItems", "maxItems" -> {
                String allowed = subschema.path("minItems").asInt(0) + ".."
                        + (subschema.has("maxItems") ? subschema.get("maxItems").asText() : "") + " items";
                document.valueProblem(pointer, "has " + value.size() + " items", allowed,
                        error.getKeyword().equals("minItems") ? "add items" : "remove items down to the maximum");
            }
            case "minLength", "maxLength" -> {
                String allowed = model.allowed(subschema, document);
                document.valueProblem(pointer, shown + " is " + value.asText().length() + " characters long", allowed,
                        error.getKeyword().equals("minLength") ? "write a non-empty value" : "shorten it");
            }
            case "minProperties" -> document.valueProblem(pointer, "is empty", "at least "
                    + subschema.get("minProperties").asInt() + " key", "add at least one key");
            case "maxProperties" -> document.valueProblem(pointer, "has " + value.size() + " keys",
                    "at most " + subschema.get("maxProperties").asInt() + " keys", "remove keys");
            case "uniqueItems" -> document.valueProblem(pointer, shown + " lists an item twice", "each item once",
                    "remove the repeated item");
            default -> document.valueProblem(pointer, error.getMessage(), "", "see docs/scenario-format.md");
        }
    }

    // Keys required only for one type (phases) are declared in an allOf of if/then: name the condition.
    private String requiredWhen(String keywordPointer) {
        int then = keywordPointer.lastIndexOf("/then/");
        if (then < 0) {
            return "";
        }
        JsonNode condition = model.at(keywordPointer.substring(0, then) + "/if/properties");
        var names = condition.fieldNames();
        if (!names.hasNext()) {
            return "";
        }
        String name = names.next();
        return " when " + name + " is " + condition.get(name).path("const").asText();
    }

    // Keys required by an if/then branch are declared by the enclosing schema: walk up until one declares it.
    private JsonNode declaringSchema(String keywordPointer, String key) {
        String current = Pointers.parent(keywordPointer);
        while (!current.isEmpty() && !model.at(current).path("properties").has(key)) {
            current = Pointers.parent(current);
        }
        return model.at(current);
    }

    // A map key (a queue, rule or bus name) that breaks the naming rules: point at the key itself.
    private void reportBadName(Document document, Error error, String pointer) {
        String key = error.getProperty();
        String schemaLocation = error.getSchemaLocation().toString();
        JsonNode names = model.at(schemaLocation.substring(schemaLocation.indexOf('#') + 1));
        String allowed = model.allowed(names, document);
        document.keyProblem(Pointers.child(pointer, key), "the name \"" + key + "\" is not allowed", allowed,
                "rename it using " + allowed);
    }
}

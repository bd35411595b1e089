package io.busquake.scenario.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Fills in the defaults the schema declares ({@code default}), so they live in one place that editors show too,
 * after turning shorthands into their full form ({@code noLoss: true}, a queue or bus with no attributes).
 * Defaults that depend on other fields are the binder's.
 */
public final class Defaults {
    private final SchemaModel model = SchemaModel.get();

    public void apply(Document document) {
        ObjectNode root = document.root();
        expandShorthands(root);
        fill(root, model.root());
    }

    private static void expandShorthands(ObjectNode root) {
        JsonNode expect = root.get("expect");
        if (expect instanceof ObjectNode block && block.path("noLoss").isBoolean()) {
            ObjectNode full = JsonNodeFactory.instance.objectNode();
            full.put("enabled", block.get("noLoss").asBoolean());
            block.set("noLoss", full);
        }
        for (String map : List.of("buses", "queues")) {
            JsonNode members = root.path("topology").path(map);
            if (members instanceof ObjectNode object) {
                List<String> empty = new ArrayList<>();
                object.fields().forEachRemaining(field -> {
                    if (field.getValue().isNull()) {
                        empty.add(field.getKey());
                    }
                });
                empty.forEach(name -> object.set(name, JsonNodeFactory.instance.objectNode()));
            }
        }
    }

    private static boolean isBlockWithOnlyOptionalKeys(JsonNode schema) {
        return schema.path("type").asText().equals("object") && schema.has("properties") && !schema.has("required");
    }

    private void fill(JsonNode node, JsonNode schema) {
        JsonNode resolved = model.resolve(schema);
        if (node instanceof ObjectNode object) {
            for (JsonNode branch : List.of(resolved, model.resolve(resolved.path("else")))) {
                Iterator<Map.Entry<String, JsonNode>> properties = branch.path("properties").fields();
                while (properties.hasNext()) {
                    Map.Entry<String, JsonNode> property = properties.next();
                    JsonNode declared = model.resolve(property.getValue());
                    if (!object.has(property.getKey()) && declared.has("default")) {
                        object.set(property.getKey(), declared.get("default").deepCopy());
                    } else if (!object.has(property.getKey()) && isBlockWithOnlyOptionalKeys(declared)) {
                        // An absent block such as load.producerRetry is the block with all its defaults.
                        object.set(property.getKey(), JsonNodeFactory.instance.objectNode());
                    }
                }
            }
            List<String> keys = new ArrayList<>();
            object.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                model.member(resolved, key).ifPresent(member -> fill(object.get(key), member));
            }
        } else if (node.isArray()) {
            model.items(resolved).ifPresent(items -> node.forEach(item -> fill(item, items)));
        }
    }
}

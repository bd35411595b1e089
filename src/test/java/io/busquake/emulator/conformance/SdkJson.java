package io.busquake.emulator.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.core.traits.TraitType;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * Calls an EventBridge operation of the real SDK v2 client from a corpus request written in the wire's JSON shape,
 * and turns the SDK's response back into that shape, using the SDK's own field model (so member names are AWS's).
 */
final class SdkJson {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String MODEL = "software.amazon.awssdk.services.eventbridge.model.";

    private SdkJson() {
    }

    /** Calls {@code operation} (e.g. "PutRule") with {@code request}; answers the response as JSON. */
    static JsonNode call(EventBridgeClient client, String operation, JsonNode request) {
        try {
            Class<?> requestClass = Class.forName(MODEL + operation + "Request");
            SdkPojo builder = (SdkPojo) requestClass.getMethod("builder").invoke(null);
            Object built = build(builder, request);
            Method method = EventBridgeClient.class.getMethod(
                    Character.toLowerCase(operation.charAt(0)) + operation.substring(1), requestClass);
            return toJson((SdkPojo) method.invoke(client, built));
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("the SDK has no EventBridge operation " + operation, e);
        }
    }

    private static Object build(SdkPojo builder, JsonNode json) {
        for (SdkField<?> field : builder.sdkFields()) {
            JsonNode value = json.get(field.locationName());
            if (value != null && !value.isNull()) {
                field.set(builder, fromJson(field, value));
            }
        }
        return ((SdkBuilder<?, ?>) builder).build();
    }

    private static Object fromJson(SdkField<?> field, JsonNode v) {
        MarshallingType<?> type = field.marshallingType();
        if (type == MarshallingType.STRING) {
            return v.isTextual() ? v.asText() : v.toString();
        } else if (type == MarshallingType.INTEGER) {
            return v.asInt();
        } else if (type == MarshallingType.LONG) {
            return v.asLong();
        } else if (type == MarshallingType.BOOLEAN) {
            return v.asBoolean();
        } else if (type == MarshallingType.DOUBLE) {
            return v.asDouble();
        } else if (type == MarshallingType.INSTANT) {
            return v.isNumber() ? Instant.ofEpochMilli((long) (v.asDouble() * 1000)) : Instant.parse(v.asText());
        } else if (type == MarshallingType.SDK_POJO) {
            return build(field.constructor().get(), v);
        } else if (type == MarshallingType.LIST) {
            SdkField<?> member = field.getTrait(ListTrait.class, TraitType.LIST_TRAIT).memberFieldInfo();
            List<Object> list = new ArrayList<>();
            v.forEach(item -> list.add(fromJson(member, item)));
            return list;
        } else if (type == MarshallingType.MAP) {
            SdkField<?> member = field.getTrait(MapTrait.class, TraitType.MAP_TRAIT).valueFieldInfo();
            Map<String, Object> map = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = v.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                map.put(e.getKey(), fromJson(member, e.getValue()));
            }
            return map;
        }
        throw new IllegalArgumentException("no JSON conversion for " + field.locationName() + " of type " + type);
    }

    static ObjectNode toJson(SdkPojo pojo) {
        ObjectNode out = MAPPER.createObjectNode();
        for (SdkField<?> field : pojo.sdkFields()) {
            Object value = field.getValueOrDefault(pojo);
            if (value != null && !(value instanceof SdkAutoConstructList) && !(value instanceof SdkAutoConstructMap)) {
                out.set(field.locationName(), valueToJson(field, value));
            }
        }
        return out;
    }

    private static JsonNode valueToJson(SdkField<?> field, Object value) {
        if (value instanceof SdkPojo pojo) {
            return toJson(pojo);
        }
        if (value instanceof List<?> list) {
            SdkField<?> member = field.getTrait(ListTrait.class, TraitType.LIST_TRAIT).memberFieldInfo();
            ArrayNode array = MAPPER.createArrayNode();
            list.forEach(item -> array.add(valueToJson(member, item)));
            return array;
        }
        if (value instanceof Map<?, ?> map) {
            SdkField<?> member = field.getTrait(MapTrait.class, TraitType.MAP_TRAIT).valueFieldInfo();
            ObjectNode object = MAPPER.createObjectNode();
            map.forEach((k, v) -> object.set(String.valueOf(k), valueToJson(member, v)));
            return object;
        }
        if (value instanceof Instant instant) {
            return MAPPER.getNodeFactory().textNode(instant.toString());
        }
        return MAPPER.valueToTree(value);
    }
}

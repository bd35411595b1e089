package io.busquake.emulator.internal.cloudwatch;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import io.busquake.emulator.internal.http.ApiRequest;
import io.busquake.emulator.internal.http.ApiResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;

/**
 * CloudWatch's three wire protocols, all decoded into and encoded from one Jackson tree, so each operation is
 * written once. In output trees a timestamp is a {@link POJONode} holding an {@link Instant}: CBOR writes it as tag 1
 * with epoch seconds, JSON as epoch seconds, the query protocol as ISO 8601.
 */
enum Wire {
    /** Smithy RPC v2 CBOR: what the Java SDK v2 (2.40.6 and later) and botocore 1.42+ send. */
    CBOR,
    /** AWS JSON 1.0 with X-Amz-Target GraniteServiceVersion20100801.Op. */
    JSON,
    /** The query protocol: Action=Op form parameters in, XML out. */
    QUERY;

    static final String TARGET_PREFIX = "GraniteServiceVersion20100801.";
    static final String RPC_PATH = "/service/GraniteServiceVersion20100801/operation/";
    private static final String XMLNS = "http://monitoring.amazonaws.com/doc/2010-08-01/";
    private static final String SHAPE_NAMESPACE = "com.amazonaws.cloudwatch#";
    private static final CBORFactory CBOR_FACTORY = new CBORFactory();
    private static final ObjectMapper CBOR_MAPPER = new ObjectMapper(CBOR_FACTORY);
    private static final ObjectMapper JSON_MAPPER = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A request decoded: which protocol, which operation, and its input. */
    record Call(Wire wire, String operation, ObjectNode input) {
    }

    static Call decode(ApiRequest request) {
        if (request.path().startsWith(RPC_PATH)) {
            String op = request.path().substring(RPC_PATH.length());
            return new Call(CBOR, op, readTree(CBOR_MAPPER, request.body()));
        }
        String target = request.header("x-amz-target");
        if (target != null && target.startsWith(TARGET_PREFIX)) {
            return new Call(JSON, target.substring(TARGET_PREFIX.length()), readTree(JSON_MAPPER, request.body()));
        }
        Map<String, String> params = request.formParameters();
        String action = params.get("Action");
        if (action == null) {
            throw CloudWatchException.missingParameter("Action");
        }
        ObjectNode input = NODES.objectNode();
        params.forEach((key, value) -> {
            if (!key.equals("Action") && !key.equals("Version")) {
                insert(input, key.split("\\."), 0, value);
            }
        });
        return new Call(QUERY, action, input);
    }

    private static ObjectNode readTree(ObjectMapper mapper, byte[] body) {
        if (body == null || body.length == 0) {
            return NODES.objectNode();
        }
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || node.isMissingNode() || node.isNull()) {
                return NODES.objectNode();
            }
            if (!node.isObject()) {
                throw CloudWatchException.invalidParameter("the request body must be a map, but was " + node.getNodeType());
            }
            return (ObjectNode) node;
        } catch (IOException e) {
            throw CloudWatchException.invalidParameter("the request body could not be parsed: " + e.getMessage());
        }
    }

    /** Query parameters such as {@code MetricData.member.2.Dimensions.member.1.Name} into the tree. */
    private static void insert(ObjectNode into, String[] path, int at, String value) {
        String key = path[at];
        boolean list = at + 2 < path.length && path[at + 1].equals("member") && path[at + 2].matches("\\d+");
        if (list) {
            ArrayNode array = into.has(key) && into.get(key).isArray() ? (ArrayNode) into.get(key) : into.putArray(key);
            int index = Integer.parseInt(path[at + 2]) - 1;
            while (array.size() <= index) {
                array.add(NODES.objectNode());
            }
            if (at + 3 == path.length) {
                array.set(index, NODES.textNode(value));
            } else {
                JsonNode slot = array.get(index);
                ObjectNode child = slot.isObject() ? (ObjectNode) slot : NODES.objectNode();
                array.set(index, child);
                insert(child, path, at + 3, value);
            }
        } else if (at + 1 == path.length) {
            into.put(key, value);
        } else {
            JsonNode existing = into.get(key);
            ObjectNode child = existing != null && existing.isObject() ? (ObjectNode) existing : into.putObject(key);
            insert(child, path, at + 1, value);
        }
    }

    /** A timestamp input member: epoch seconds (CBOR, JSON, may be fractional) or ISO 8601 (query). */
    static Instant timestamp(JsonNode node, String member) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isNumber()) {
            return Instant.ofEpochMilli(Math.round(node.asDouble() * 1000));
        }
        String text = node.asText();
        try {
            return Instant.ofEpochMilli(Math.round(Double.parseDouble(text) * 1000));
        } catch (NumberFormatException notNumeric) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                try {
                    return Instant.parse(text + (text.endsWith("Z") ? "" : "Z"));
                } catch (DateTimeParseException again) {
                    throw CloudWatchException.invalidParameter("The parameter " + member + " must be an ISO 8601 "
                            + "timestamp or epoch seconds, but was '" + text + "'.");
                }
            }
        }
    }

    static POJONode timestampNode(Instant at) {
        return new POJONode(at);
    }

    ApiResponse encode(String operation, ObjectNode output) {
        return switch (this) {
            case CBOR -> ApiResponse.of(200, "application/cbor", cbor(output)).withHeader("smithy-protocol", "rpc-v2-cbor");
            case JSON -> ApiResponse.of(200, "application/x-amz-json-1.0", json(output));
            case QUERY -> ApiResponse.text(200, "text/xml", xmlResponse(operation, output));
        };
    }

    ApiResponse encodeError(CloudWatchException e) {
        String queryError = e.queryCode() + ";" + (e.senderFault() ? "Sender" : "Receiver");
        ObjectNode body = NODES.objectNode();
        body.put("__type", SHAPE_NAMESPACE + e.shape());
        body.put("message", e.getMessage());
        return switch (this) {
            case CBOR -> ApiResponse.of(e.httpStatus(), "application/cbor", cbor(body))
                    .withHeader("smithy-protocol", "rpc-v2-cbor").withHeader("x-amzn-query-error", queryError);
            case JSON -> ApiResponse.of(e.httpStatus(), "application/x-amz-json-1.0", json(body))
                    .withHeader("x-amzn-query-error", queryError);
            case QUERY -> ApiResponse.text(e.httpStatus(), "text/xml", "<ErrorResponse xmlns=\"" + XMLNS + "\"><Error>"
                    + "<Type>" + (e.senderFault() ? "Sender" : "Receiver") + "</Type><Code>" + escape(e.queryCode())
                    + "</Code><Message>" + escape(e.getMessage()) + "</Message></Error><RequestId>"
                    + UUID.randomUUID() + "</RequestId></ErrorResponse>");
        };
    }

    private static byte[] cbor(ObjectNode node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator gen = CBOR_FACTORY.createGenerator(out)) {
            write(gen, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Writes a response tree in either wire form. Timestamps (Instants in POJO nodes) become epoch seconds, tagged
     * 1 in CBOR; CBOR scalars are written by kind so integers stay integers.
     */
    private static void write(JsonGenerator gen, JsonNode node) throws IOException {
        boolean cbor = gen instanceof CBORGenerator;
        if (node instanceof POJONode pojo && pojo.getPojo() instanceof Instant at) {
            if (cbor) {
                ((CBORGenerator) gen).writeTag(1);
            }
            gen.writeNumber(at.toEpochMilli() / 1000.0);
        } else if (node.isObject()) {
            gen.writeStartObject();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                gen.writeFieldName(field.getKey());
                write(gen, field.getValue());
            }
            gen.writeEndObject();
        } else if (node.isArray()) {
            gen.writeStartArray();
            for (JsonNode item : node) {
                write(gen, item);
            }
            gen.writeEndArray();
        } else if (!cbor) {
            gen.writeTree(node);
        } else if (node.isTextual()) {
            gen.writeString(node.asText());
        } else if (node.isIntegralNumber()) {
            gen.writeNumber(node.asLong());
        } else if (node.isNumber()) {
            gen.writeNumber(node.asDouble());
        } else if (node.isBoolean()) {
            gen.writeBoolean(node.asBoolean());
        } else {
            gen.writeNull();
        }
    }

    private static byte[] json(ObjectNode node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator gen = JSON_MAPPER.getFactory().createGenerator(out)) {
            write(gen, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String xmlResponse(String operation, ObjectNode output) {
        StringBuilder xml = new StringBuilder(256);
        xml.append("<").append(operation).append("Response xmlns=\"").append(XMLNS).append("\">");
        if (output.size() > 0) {
            xml.append("<").append(operation).append("Result>");
            writeXmlFields(xml, output);
            xml.append("</").append(operation).append("Result>");
        }
        xml.append("<ResponseMetadata><RequestId>").append(UUID.randomUUID()).append("</RequestId></ResponseMetadata>");
        xml.append("</").append(operation).append("Response>");
        return xml.toString();
    }

    private static void writeXmlFields(StringBuilder xml, JsonNode object) {
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            xml.append('<').append(field.getKey()).append('>');
            writeXmlValue(xml, field.getValue());
            xml.append("</").append(field.getKey()).append('>');
        }
    }

    private static void writeXmlValue(StringBuilder xml, JsonNode node) {
        if (node instanceof POJONode pojo && pojo.getPojo() instanceof Instant at) {
            xml.append(at);
        } else if (node.isObject()) {
            writeXmlFields(xml, node);
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                xml.append("<member>");
                writeXmlValue(xml, item);
                xml.append("</member>");
            }
        } else {
            xml.append(escape(node.asText()));
        }
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}

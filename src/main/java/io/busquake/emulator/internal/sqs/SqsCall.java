package io.busquake.emulator.internal.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.busquake.emulator.internal.Json;
import io.busquake.emulator.internal.http.ApiRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What an SQS request says about a queue's policy, read from either wire form: AWS JSON 1.0
 * ({@code X-Amz-Target: AmazonSQS.<Action>}) or the query protocol ({@code Action=...} form parameters).
 *
 * @param policy the Policy attribute the request sets, or null
 */
record SqsCall(String action, String queueName, String policy, boolean wantsPolicy, boolean json) {

    static SqsCall of(ApiRequest request) {
        String target = request.header("x-amz-target");
        if (target != null && target.startsWith("AmazonSQS.")) {
            String action = target.substring("AmazonSQS.".length());
            JsonNode body;
            try {
                body = request.body().length == 0 ? Json.object() : Json.MAPPER.readTree(request.body());
            } catch (Exception e) {
                return new SqsCall(action, null, null, false, true);
            }
            String name = body.hasNonNull("QueueName") ? body.get("QueueName").asText()
                    : nameFromUrl(body.path("QueueUrl").asText(null));
            String policy = body.path("Attributes").hasNonNull("Policy")
                    ? body.path("Attributes").get("Policy").asText() : null;
            boolean wants = false;
            for (JsonNode n : body.path("AttributeNames")) {
                wants |= "Policy".equals(n.asText()) || "All".equals(n.asText());
            }
            return new SqsCall(action, name, policy, wants, true);
        }
        Map<String, String> params = request.formParameters();
        String action = params.getOrDefault("Action", "");
        String name = params.containsKey("QueueName") ? params.get("QueueName")
                : nameFromUrl(params.containsKey("QueueUrl") ? params.get("QueueUrl") : request.path());
        String policy = null;
        boolean wants = false;
        for (Map.Entry<String, String> p : params.entrySet()) {
            String key = p.getKey();
            if (key.matches("Attribute\\.\\d+\\.Name") && "Policy".equals(p.getValue())) {
                policy = params.get(key.replace(".Name", ".Value"));
            }
            if (key.matches("AttributeName(\\.\\d+)?") && ("Policy".equals(p.getValue()) || "All".equals(p.getValue()))) {
                wants = true;
            }
        }
        return new SqsCall(action, name, policy, wants, false);
    }

    private static String nameFromUrl(String url) {
        if (url == null || url.isEmpty() || "/".equals(url)) {
            return null;
        }
        String path = url.contains("://") ? java.net.URI.create(url).getPath() : url;
        String[] segments = path.split("/");
        return segments.length == 0 ? null : segments[segments.length - 1];
    }

    /** How many results an answer lists: the size of a JSON array field, or how often an XML element occurs. */
    static int countResults(byte[] body, boolean json, String jsonField, String xmlElement) {
        if (json) {
            try {
                return Json.MAPPER.readTree(body).path(jsonField).size();
            } catch (Exception e) {
                return 0;
            }
        }
        String xml = new String(body, StandardCharsets.UTF_8);
        int n = 0;
        for (int at = xml.indexOf(xmlElement); at >= 0; at = xml.indexOf(xmlElement, at + 1)) {
            n++;
        }
        return n;
    }

    /** The GetQueueAttributes answer with the kept Policy added. */
    byte[] withPolicy(byte[] body, String policy) {
        if (json) {
            try {
                ObjectNode parsed = (ObjectNode) Json.MAPPER.readTree(body);
                ObjectNode attributes = parsed.has("Attributes") ? (ObjectNode) parsed.get("Attributes")
                        : parsed.putObject("Attributes");
                attributes.put("Policy", policy);
                return Json.write(parsed).getBytes(StandardCharsets.UTF_8);
            } catch (Exception e) {
                return body;
            }
        }
        String xml = new String(body, StandardCharsets.UTF_8);
        int at = xml.indexOf("</GetQueueAttributesResult>");
        if (at < 0) {
            return body;
        }
        String attribute = "<Attribute><Name>Policy</Name><Value>" + escapeXml(policy) + "</Value></Attribute>";
        return (xml.substring(0, at) + attribute + xml.substring(at)).getBytes(StandardCharsets.UTF_8);
    }

    private static String escapeXml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

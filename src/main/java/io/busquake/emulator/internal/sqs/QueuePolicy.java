package io.busquake.emulator.internal.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import io.busquake.emulator.internal.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The part of IAM policy evaluation that decides whether EventBridge may send to a queue: a queue policy must allow
 * {@code sqs:SendMessage} to the {@code events.amazonaws.com} service principal, optionally conditioned on the rule's
 * ARN ({@code aws:SourceArn}) or account ({@code aws:SourceAccount}). An explicit Deny wins; no Allow means no.
 */
public final class QueuePolicy {
    public static final String EVENTS_PRINCIPAL = "events.amazonaws.com";

    private final JsonNode document;

    private QueuePolicy(JsonNode document) {
        this.document = document;
    }

    /** Parses a policy document; a missing or blank policy allows nothing. */
    public static QueuePolicy parse(String policyJson) {
        if (policyJson == null || policyJson.isBlank()) {
            return new QueuePolicy(null);
        }
        try {
            return new QueuePolicy(Json.MAPPER.readTree(policyJson));
        } catch (Exception e) {
            return new QueuePolicy(null);
        }
    }

    /** Whether the events service may call {@code action} on {@code resourceArn} on behalf of {@code sourceArn}. */
    public boolean allows(String action, String resourceArn, String sourceArn, String sourceAccount) {
        if (document == null) {
            return false;
        }
        boolean allowed = false;
        for (JsonNode statement : list(document.get("Statement"))) {
            if (!matchesPrincipal(statement.get("Principal"))
                    || !matchesAny(statement.get("Action"), action, true)
                    || !matchesResource(statement, resourceArn)
                    || !conditionsHold(statement.get("Condition"), sourceArn, sourceAccount)) {
                continue;
            }
            if ("Deny".equals(statement.path("Effect").asText())) {
                return false;
            }
            if ("Allow".equals(statement.path("Effect").asText())) {
                allowed = true;
            }
        }
        return allowed;
    }

    private static boolean matchesPrincipal(JsonNode principal) {
        if (principal == null) {
            return false;
        }
        if (principal.isTextual()) {
            return "*".equals(principal.asText());
        }
        for (JsonNode aws : list(principal.get("AWS"))) {
            if ("*".equals(aws.asText())) {
                return true;
            }
        }
        for (JsonNode service : list(principal.get("Service"))) {
            if (EVENTS_PRINCIPAL.equals(service.asText())) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesResource(JsonNode statement, String resourceArn) {
        JsonNode resource = statement.get("Resource");
        // A queue policy's statement without Resource applies to the queue it is attached to.
        return resource == null || matchesAny(resource, resourceArn, false);
    }

    private static boolean conditionsHold(JsonNode condition, String sourceArn, String sourceAccount) {
        if (condition == null || condition.isEmpty()) {
            return true;
        }
        Iterator<Map.Entry<String, JsonNode>> operators = condition.fields();
        while (operators.hasNext()) {
            Map.Entry<String, JsonNode> op = operators.next();
            Iterator<Map.Entry<String, JsonNode>> keys = op.getValue().fields();
            while (keys.hasNext()) {
                Map.Entry<String, JsonNode> key = keys.next();
                String actual = switch (key.getKey().toLowerCase(java.util.Locale.ROOT)) {
                    case "aws:sourcearn" -> sourceArn;
                    case "aws:sourceaccount" -> sourceAccount;
                    default -> null;
                };
                if (!holds(op.getKey(), key.getValue(), actual)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean holds(String operator, JsonNode expected, String actual) {
        boolean ifExists = operator.endsWith("IfExists");
        String op = ifExists ? operator.substring(0, operator.length() - "IfExists".length()) : operator;
        if (actual == null) {
            return ifExists || op.startsWith("StringNot") || op.startsWith("ArnNot");
        }
        boolean like = op.contains("Like");
        boolean negated = op.startsWith("StringNot") || op.startsWith("ArnNot");
        boolean ignoreCase = op.contains("IgnoreCase");
        boolean any = false;
        for (JsonNode value : list(expected)) {
            String v = value.asText();
            boolean match = like ? glob(v, actual) : ignoreCase ? v.equalsIgnoreCase(actual) : v.equals(actual);
            any |= match;
        }
        return negated != any;
    }

    private static boolean matchesAny(JsonNode patterns, String value, boolean ignoreCase) {
        for (JsonNode p : list(patterns)) {
            String pattern = p.asText();
            if (ignoreCase ? glob(pattern.toLowerCase(java.util.Locale.ROOT), value.toLowerCase(java.util.Locale.ROOT))
                    : glob(pattern, value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean glob(String pattern, String value) {
        if (!pattern.contains("*") && !pattern.contains("?")) {
            return pattern.equals(value);
        }
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return value.matches(regex.toString());
    }

    private static List<JsonNode> list(JsonNode node) {
        List<JsonNode> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(out::add);
        } else {
            out.add(node);
        }
        return out;
    }
}

package io.busquake.emulator.internal.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.busquake.emulator.internal.AwsException;
import io.busquake.emulator.internal.Json;
import io.busquake.emulator.internal.http.ApiRequest;
import io.busquake.emulator.internal.http.ApiResponse;
import io.busquake.emulator.internal.http.ServiceHandler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.event.ruler.JsonRuleCompiler;
import software.amazon.event.ruler.Machine;
import software.amazon.event.ruler.MachineComplexityEvaluator;

/** The EventBridge API over AWS JSON 1.1 ({@code X-Amz-Target: AWSEvents.<Operation>}). */
public final class EventsApi implements ServiceHandler {
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final Pattern NAME = Pattern.compile("[.\\-_A-Za-z0-9]+");
    private static final Pattern PLACEHOLDER = Pattern.compile("<([A-Za-z0-9_.\\-]+)>");
    private static final int MAX_TARGETS_PER_RULE = 5;
    /**
     * AWS does not publish its wildcard-complexity limit; 10 (event-ruler's MachineComplexityEvaluator measure) is
     * the largest value that rejects every pattern AWS rejected in the conformance corpus and accepts every other.
     */
    private static final int MAX_WILDCARD_COMPLEXITY = 10;

    private final EventBridgeState state;
    private final PutEvents putEvents;

    public EventsApi(EventBridgeState state, PutEvents putEvents) {
        this.state = state;
        this.putEvents = putEvents;
    }

    @Override
    public ApiResponse handle(ApiRequest request) throws Exception {
        String target = request.header("x-amz-target");
        String operation = target == null ? "" : target.substring(target.indexOf('.') + 1);
        JsonNode body = request.body().length == 0 ? Json.object() : Json.MAPPER.readTree(request.body());
        if (body == null || !body.isObject()) {
            throw new AwsException("SerializationException", 400, "Start of structure or map found where not expected.");
        }
        ObjectNode result = switch (operation) {
            case "PutEvents" -> putEvents.handle(body, request.body().length);
            case "CreateEventBus" -> createEventBus(body);
            case "DeleteEventBus" -> deleteEventBus(body);
            case "DescribeEventBus" -> describeEventBus(body);
            case "ListEventBuses" -> listEventBuses(body);
            case "PutRule" -> putRule(body);
            case "DescribeRule" -> describeRule(body);
            case "DeleteRule" -> deleteRule(body);
            case "ListRules" -> listRules(body);
            case "EnableRule" -> setRuleState(body, "ENABLED");
            case "DisableRule" -> setRuleState(body, "DISABLED");
            case "PutTargets" -> putTargets(body);
            case "RemoveTargets" -> removeTargets(body);
            case "ListTargetsByRule" -> listTargetsByRule(body);
            case "TestEventPattern" -> testEventPattern(body);
            case "PutPermission" -> putPermission(body);
            case "RemovePermission" -> removePermission(body);
            case "TagResource" -> tagResource(body);
            case "UntagResource" -> untagResource(body);
            case "ListTagsForResource" -> listTagsForResource(body);
            default -> throw new AwsException("UnknownOperationException", 400,
                    "busquake does not implement the EventBridge operation " + operation);
        };
        return ApiResponse.text(200, CONTENT_TYPE, Json.write(result));
    }

    // ---- buses

    private ObjectNode createEventBus(JsonNode body) {
        String name = required(body, "Name");
        validateName(name, "name", 256);
        if (body.hasNonNull("EventSourceName")) {
            throw AwsException.validation("busquake does not emulate partner event sources.");
        }
        if (name.contains("/")) {
            throw AwsException.validation("Event bus name must not contain '/'.");
        }
        EventBus bus = new EventBus(name, state.busArn(name), state.clock.instant());
        bus.description = text(body, "Description");
        copyTags(body.get("Tags"), bus.tags);
        if (state.buses.putIfAbsent(name, bus) != null) {
            throw new AwsException("ResourceAlreadyExistsException", 400, "Event bus " + name + " already exists.");
        }
        ObjectNode out = Json.object().put("EventBusArn", bus.arn);
        if (bus.description != null) {
            out.put("Description", bus.description);
        }
        return out;
    }

    private ObjectNode deleteEventBus(JsonNode body) {
        String name = required(body, "Name");
        if (EventBridgeState.DEFAULT_BUS.equals(name)) {
            throw AwsException.validation("Cannot delete event bus default.");
        }
        EventBus bus = state.buses.get(name);
        if (bus != null && !bus.rules.isEmpty()) {
            throw AwsException.validation("Cannot delete event bus because it has rules.");
        }
        state.buses.remove(name);
        return Json.object();
    }

    private ObjectNode describeEventBus(JsonNode body) {
        EventBus bus = state.bus(text(body, "Name"));
        return busJson(bus);
    }

    private ObjectNode busJson(EventBus bus) {
        ObjectNode out = Json.object().put("Name", bus.name).put("Arn", bus.arn);
        if (bus.description != null) {
            out.put("Description", bus.description);
        }
        if (bus.policy != null) {
            out.put("Policy", bus.policy);
        }
        out.put("CreationTime", epoch(bus.createdAt));
        out.put("LastModifiedTime", epoch(bus.lastModified));
        return out;
    }

    private ObjectNode listEventBuses(JsonNode body) {
        String prefix = text(body, "NamePrefix");
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("EventBuses");
        state.buses.values().stream().filter(b -> prefix == null || b.name.startsWith(prefix))
                .sorted((a, b) -> a.name.compareTo(b.name)).forEach(b -> list.add(busJson(b)));
        return out;
    }

    // ---- rules

    private ObjectNode putRule(JsonNode body) {
        String name = required(body, "Name");
        validateName(name, "name", 64);
        EventBus bus = state.bus(text(body, "EventBusName"));
        String pattern = text(body, "EventPattern");
        String schedule = text(body, "ScheduleExpression");
        if (pattern == null && schedule == null) {
            throw AwsException.validation("Parameter(s) EventPattern or ScheduleExpression must be specified.");
        }
        if (pattern != null) {
            validatePattern(pattern);
        }
        if (schedule != null && !bus.isDefault()) {
            throw AwsException.validation("ScheduleExpression is supported only on the default event bus.");
        }
        if (schedule != null && !ScheduleExpressions.isValid(schedule)) {
            throw AwsException.validation("Parameter ScheduleExpression is not valid.");
        }
        String stateValue = text(body, "State");
        if (stateValue != null && !List.of("ENABLED", "DISABLED").contains(stateValue)) {
            throw AwsException.validation("1 validation error detected: Value '" + stateValue + "' at 'state' failed "
                    + "to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED]");
        }
        synchronized (bus) {
            Rule rule = bus.rules.get(name);
            boolean wasIndexed = rule != null && rule.enabled();
            String oldPattern = rule == null ? null : rule.eventPattern;
            if (rule == null) {
                rule = new Rule(name, state.ruleArn(bus.name, name), bus.name, state.clock.instant());
                bus.rules.put(name, rule);
            }
            rule.eventPattern = pattern;
            rule.scheduleExpression = schedule;
            rule.state = stateValue == null ? "ENABLED" : stateValue;
            rule.description = text(body, "Description");
            rule.roleArn = text(body, "RoleArn");
            copyTags(body.get("Tags"), rule.tags);
            bus.reindex(rule, oldPattern, wasIndexed);
            return Json.object().put("RuleArn", rule.arn);
        }
    }

    static void validatePattern(String pattern) {
        String error;
        try {
            JsonNode parsed = Json.MAPPER.readTree(pattern);
            if (parsed == null || !parsed.isObject()) {
                throw new AwsException("InvalidEventPatternException", 400,
                        "Event pattern is not valid. Reason: Filter is not an object");
            }
            error = JsonRuleCompiler.check(pattern);
        } catch (AwsException e) {
            throw e;
        } catch (Exception e) {
            error = e.getMessage();
        }
        if (error == null && pattern.contains("wildcard") && wildcardComplexity(pattern) > MAX_WILDCARD_COMPLEXITY) {
            error = "Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences "
                    + "after a wildcard character";
        }
        if (error != null) {
            // AWS appends Jackson's parser location on further lines; its first line is the stable reason.
            String firstLine = error.lines().findFirst().orElse(error);
            throw new AwsException("InvalidEventPatternException", 400, "Event pattern is not valid. Reason: " + firstLine);
        }
    }

    /** event-ruler's measure of how many wildcard states one event byte can reach at once. */
    private static int wildcardComplexity(String pattern) {
        Machine machine = Machine.builder().build();
        try {
            machine.addRule("complexity", pattern);
        } catch (java.io.IOException e) {
            return 0;
        }
        return machine.evaluateComplexity(new MachineComplexityEvaluator(MAX_WILDCARD_COMPLEXITY * 10));
    }

    private ObjectNode describeRule(JsonNode body) {
        Rule rule = state.rule(text(body, "EventBusName"), required(body, "Name"));
        return ruleJson(rule);
    }

    private ObjectNode ruleJson(Rule rule) {
        return ruleJson(rule, true);
    }

    /** A rule as DescribeRule shows it; ListRules shows the same without CreatedBy. */
    private ObjectNode ruleJson(Rule rule, boolean withCreatedBy) {
        ObjectNode out = Json.object().put("Name", rule.name).put("Arn", rule.arn);
        if (rule.eventPattern != null) {
            out.put("EventPattern", rule.eventPattern);
        }
        if (rule.scheduleExpression != null) {
            out.put("ScheduleExpression", rule.scheduleExpression);
        }
        out.put("State", rule.state);
        if (rule.description != null) {
            out.put("Description", rule.description);
        }
        if (rule.roleArn != null) {
            out.put("RoleArn", rule.roleArn);
        }
        out.put("EventBusName", rule.busName);
        if (withCreatedBy) {
            out.put("CreatedBy", state.account);
        }
        return out;
    }

    private ObjectNode deleteRule(JsonNode body) {
        EventBus bus = state.bus(text(body, "EventBusName"));
        String name = required(body, "Name");
        synchronized (bus) {
            Rule rule = bus.rules.get(name);
            if (rule == null) {
                return Json.object();
            }
            if (!rule.targets().isEmpty()) {
                throw AwsException.validation("Rule can't be deleted since it has targets.");
            }
            bus.rules.remove(name);
            if (rule.enabled() && rule.eventPattern != null) {
                try {
                    bus.machine.deleteRule(rule.name, rule.eventPattern);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Json.object();
    }

    private ObjectNode listRules(JsonNode body) {
        EventBus bus = state.bus(text(body, "EventBusName"));
        String prefix = text(body, "NamePrefix");
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("Rules");
        bus.rules.values().stream().filter(r -> prefix == null || r.name.startsWith(prefix))
                .sorted((a, b) -> a.name.compareTo(b.name)).forEach(r -> list.add(ruleJson(r, false)));
        return out;
    }

    private ObjectNode setRuleState(JsonNode body, String newState) {
        EventBus bus = state.bus(text(body, "EventBusName"));
        synchronized (bus) {
            Rule rule = state.rule(bus.name, required(body, "Name"));
            boolean wasIndexed = rule.enabled();
            rule.state = newState;
            bus.reindex(rule, rule.eventPattern, wasIndexed);
        }
        return Json.object();
    }

    // ---- targets

    private ObjectNode putTargets(JsonNode body) {
        String ruleName = required(body, "Rule");
        JsonNode targets = body.get("Targets");
        if (targets == null || !targets.isArray() || targets.isEmpty()) {
            throw AwsException.validation("1 validation error detected: Value null at 'targets' failed to satisfy "
                    + "constraint: Member must not be null");
        }
        // AWS checks the request's shape (ids, transformer) before it looks the rule up.
        List<TargetSpec> specs = new ArrayList<>();
        int index = 1;
        for (JsonNode t : targets) {
            specs.add(target(t, index++));
        }
        Rule rule = state.rule(text(body, "EventBusName"), ruleName);
        long distinctAfter = java.util.stream.Stream.concat(rule.targets().stream().map(TargetSpec::id),
                specs.stream().map(TargetSpec::id)).distinct().count();
        if (distinctAfter > MAX_TARGETS_PER_RULE) {
            throw new AwsException("LimitExceededException", 400,
                    "The requested resource exceeds the maximum number allowed.");
        }
        rule.putTargets(specs);
        ObjectNode out = Json.object().put("FailedEntryCount", 0);
        out.putArray("FailedEntries");
        return out;
    }

    private static TargetSpec target(JsonNode t, int index) {
        String id = required(t, "Id");
        String idField = "targets." + index + ".member.id";
        if (id.length() > 64) {
            throw AwsException.validation("1 validation error detected: Value '" + id + "' at '" + idField
                    + "' failed to satisfy constraint: Member must have length less than or equal to 64");
        }
        if (!NAME.matcher(id).matches()) {
            throw AwsException.validation("1 validation error detected: Value '" + id + "' at '" + idField
                    + "' failed to satisfy constraint: Member must satisfy regular expression pattern: "
                    + "[\\.\\-_A-Za-z0-9]+");
        }
        String arn = required(t, "Arn");
        String input = text(t, "Input");
        String inputPath = text(t, "InputPath");
        JsonNode transformer = t.get("InputTransformer");
        int options = (input != null ? 1 : 0) + (inputPath != null ? 1 : 0) + (transformer != null ? 1 : 0);
        if (options > 1) {
            throw AwsException.validation("Only one of Input, InputPath, or InputTransformer must be provided for "
                    + "target " + id + ".");
        }
        if (input != null) {
            try {
                Json.MAPPER.readTree(input);
            } catch (Exception e) {
                throw AwsException.validation("Target " + id + " has invalid Input: the Input must be valid JSON.");
            }
        }
        Map<String, String> pathsMap = null;
        String template = null;
        if (transformer != null) {
            template = required(transformer, "InputTemplate");
            pathsMap = new LinkedHashMap<>();
            JsonNode paths = transformer.get("InputPathsMap");
            if (paths != null) {
                Iterator<Map.Entry<String, JsonNode>> it = paths.fields();
                while (it.hasNext()) {
                    var e = it.next();
                    pathsMap.put(e.getKey(), e.getValue().asText());
                }
            }
            Matcher placeholder = PLACEHOLDER.matcher(template);
            while (placeholder.find()) {
                String name = placeholder.group(1);
                if (!pathsMap.containsKey(name) && !InputShaping.RESERVED_VARIABLES.contains(name)) {
                    throw AwsException.validation("InputTemplate for target " + id + " contains invalid placeholder "
                            + name + ".");
                }
            }
        }
        int maxRetries = TargetSpec.DEFAULT_MAXIMUM_RETRY_ATTEMPTS;
        int maxAge = TargetSpec.DEFAULT_MAXIMUM_EVENT_AGE_SECONDS;
        JsonNode retry = t.get("RetryPolicy");
        if (retry != null) {
            if (retry.has("MaximumRetryAttempts")) {
                maxRetries = retry.get("MaximumRetryAttempts").asInt();
                if (maxRetries < 0 || maxRetries > 185) {
                    throw AwsException.validation("1 validation error detected: Value '" + maxRetries + "' at "
                            + "'targets.1.member.retryPolicy.maximumRetryAttempts' failed to satisfy constraint: "
                            + "Member must have value less than or equal to 185");
                }
            }
            if (retry.has("MaximumEventAgeInSeconds")) {
                maxAge = retry.get("MaximumEventAgeInSeconds").asInt();
                if (maxAge < 60 || maxAge > 86_400) {
                    throw AwsException.validation("1 validation error detected: Value '" + maxAge + "' at "
                            + "'targets.1.member.retryPolicy.maximumEventAgeInSeconds' failed to satisfy constraint: "
                            + "Member must have value " + (maxAge < 60 ? "greater than or equal to 60"
                            : "less than or equal to 86400"));
                }
            }
        }
        String dlq = t.path("DeadLetterConfig").hasNonNull("Arn") ? t.path("DeadLetterConfig").get("Arn").asText() : null;
        return new TargetSpec(id, arn, text(t, "RoleArn"), input, inputPath, pathsMap, template, maxRetries, maxAge,
                dlq, retry != null);
    }

    private ObjectNode removeTargets(JsonNode body) {
        Rule rule = state.rule(text(body, "EventBusName"), required(body, "Rule"));
        List<String> ids = new ArrayList<>();
        body.path("Ids").forEach(id -> ids.add(id.asText()));
        rule.removeTargets(ids);
        ObjectNode out = Json.object().put("FailedEntryCount", 0);
        out.putArray("FailedEntries");
        return out;
    }

    private ObjectNode listTargetsByRule(JsonNode body) {
        Rule rule = state.rule(text(body, "EventBusName"), required(body, "Rule"));
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("Targets");
        for (TargetSpec t : rule.targets()) {
            ObjectNode o = list.addObject().put("Id", t.id()).put("Arn", t.arn());
            if (t.roleArn() != null) {
                o.put("RoleArn", t.roleArn());
            }
            if (t.input() != null) {
                o.put("Input", t.input());
            }
            if (t.inputPath() != null) {
                o.put("InputPath", t.inputPath());
            }
            if (t.hasTransformer()) {
                ObjectNode tr = o.putObject("InputTransformer");
                ObjectNode paths = tr.putObject("InputPathsMap");
                t.inputPathsMap().forEach(paths::put);
                tr.put("InputTemplate", t.inputTemplate());
            }
            if (t.retryPolicySet()) {
                o.putObject("RetryPolicy").put("MaximumRetryAttempts", t.maximumRetryAttempts())
                        .put("MaximumEventAgeInSeconds", t.maximumEventAgeSeconds());
            }
            if (t.deadLetterArn() != null) {
                o.putObject("DeadLetterConfig").put("Arn", t.deadLetterArn());
            }
        }
        return out;
    }

    // ---- patterns

    private ObjectNode testEventPattern(JsonNode body) {
        String pattern = required(body, "EventPattern");
        String eventText = required(body, "Event");
        validatePattern(pattern);
        JsonNode event;
        try {
            event = Json.MAPPER.readTree(eventText);
        } catch (Exception e) {
            throw AwsException.validation("Parameter Event is not valid.");
        }
        for (String field : List.of("id", "account", "source", "time", "region", "detail-type")) {
            if (event == null || !event.has(field)) {
                throw AwsException.validation("Parameter Event is not valid.");
            }
        }
        Machine machine = Machine.builder().build();
        try {
            machine.addRule("test", pattern);
            return Json.object().put("Result", !machine.rulesForJSONEvent(event).isEmpty());
        } catch (java.io.IOException e) {
            throw new AwsException("InvalidEventPatternException", 400, "Event pattern is not valid. Reason: "
                    + e.getMessage());
        }
    }

    // ---- permissions

    private ObjectNode putPermission(JsonNode body) {
        EventBus bus = state.bus(text(body, "EventBusName"));
        String policy = text(body, "Policy");
        synchronized (bus) {
            if (policy != null) {
                bus.policy = policy;
            } else {
                String sid = required(body, "StatementId");
                ObjectNode doc = currentPolicy(bus);
                ArrayNode statements = (ArrayNode) doc.get("Statement");
                ObjectNode st = Json.object().put("Sid", sid).put("Effect", "Allow");
                String principal = required(body, "Principal");
                st.putObject("Principal").put("AWS", "*".equals(principal) ? "*"
                        : "arn:aws:iam::" + principal + ":root");
                st.put("Action", required(body, "Action"));
                st.put("Resource", bus.arn);
                if (body.has("Condition")) {
                    JsonNode c = body.get("Condition");
                    st.putObject("Condition").putObject(c.path("Type").asText("StringEquals"))
                            .put(c.path("Key").asText(), c.path("Value").asText());
                }
                for (int i = 0; i < statements.size(); i++) {
                    if (sid.equals(statements.get(i).path("Sid").asText())) {
                        statements.remove(i);
                        break;
                    }
                }
                statements.add(st);
                bus.policy = Json.write(doc);
            }
            bus.lastModified = state.clock.instant();
        }
        return Json.object();
    }

    private static ObjectNode currentPolicy(EventBus bus) {
        if (bus.policy != null) {
            try {
                JsonNode parsed = Json.MAPPER.readTree(bus.policy);
                if (parsed.isObject() && parsed.get("Statement") instanceof ArrayNode) {
                    return (ObjectNode) parsed;
                }
            } catch (Exception e) {
                // An unreadable policy is replaced, as a fresh PutPermission would.
            }
        }
        ObjectNode doc = Json.object().put("Version", "2012-10-17");
        doc.putArray("Statement");
        return doc;
    }

    private ObjectNode removePermission(JsonNode body) {
        EventBus bus = state.bus(text(body, "EventBusName"));
        synchronized (bus) {
            if (body.path("RemoveAllPermissions").asBoolean(false)) {
                bus.policy = null;
                return Json.object();
            }
            String sid = required(body, "StatementId");
            ObjectNode doc = currentPolicy(bus);
            ArrayNode statements = (ArrayNode) doc.get("Statement");
            boolean removed = false;
            for (int i = 0; i < statements.size(); i++) {
                if (sid.equals(statements.get(i).path("Sid").asText())) {
                    statements.remove(i);
                    removed = true;
                    break;
                }
            }
            if (!removed) {
                throw AwsException.notFound("Statement with the provided id does not exist.");
            }
            bus.policy = statements.isEmpty() ? null : Json.write(doc);
        }
        return Json.object();
    }

    // ---- tags

    private Map<String, String> tagsOf(String arn) {
        if (arn == null) {
            throw AwsException.validation("Parameter ResourceARN is not valid.");
        }
        if (arn.contains(":event-bus/")) {
            return state.bus(arn.substring(arn.indexOf(":event-bus/") + ":event-bus/".length())).tags;
        }
        int ruleAt = arn.indexOf(":rule/");
        if (ruleAt >= 0) {
            String path = arn.substring(ruleAt + ":rule/".length());
            int slash = path.indexOf('/');
            String bus = slash < 0 ? EventBridgeState.DEFAULT_BUS : path.substring(0, slash);
            return state.rule(bus, slash < 0 ? path : path.substring(slash + 1)).tags;
        }
        throw AwsException.notFound("Resource " + arn + " does not exist.");
    }

    private ObjectNode tagResource(JsonNode body) {
        Map<String, String> tags = tagsOf(text(body, "ResourceARN"));
        synchronized (tags) {
            copyTags(body.get("Tags"), tags);
        }
        return Json.object();
    }

    private ObjectNode untagResource(JsonNode body) {
        Map<String, String> tags = tagsOf(text(body, "ResourceARN"));
        synchronized (tags) {
            body.path("TagKeys").forEach(k -> tags.remove(k.asText()));
        }
        return Json.object();
    }

    private ObjectNode listTagsForResource(JsonNode body) {
        Map<String, String> tags = tagsOf(text(body, "ResourceARN"));
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("Tags");
        synchronized (tags) {
            tags.forEach((k, v) -> list.addObject().put("Key", k).put("Value", v));
        }
        return out;
    }

    // ---- helpers

    private static void copyTags(JsonNode tags, Map<String, String> into) {
        if (tags != null && tags.isArray()) {
            tags.forEach(t -> into.put(t.path("Key").asText(), t.path("Value").asText()));
        }
    }

    private static void validateName(String name, String field, int max) {
        if (name.length() > max || !NAME.matcher(name).matches()) {
            throw AwsException.validation("1 validation error detected: Value '" + name + "' at '" + field
                    + "' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+");
        }
    }

    static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String required(JsonNode body, String field) {
        String v = text(body, field);
        if (v == null) {
            throw AwsException.validation("1 validation error detected: Value null at '"
                    + Character.toLowerCase(field.charAt(0)) + field.substring(1)
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return v;
    }

    private static double epoch(Instant instant) {
        return instant.getEpochSecond() + instant.getNano() / 1e9;
    }
}

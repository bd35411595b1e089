package io.busquake.scenario.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks a schema cannot make: references between blocks, exclusive options, time budgets. Written to run on
 * a tree that may also have schema errors: a check looks only at values of the type it expects, so no problem is
 * reported twice.
 */
public final class Semantics {
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern RANDOM_INT = Pattern.compile("randomInt\\(\\s*(-?[0-9]{1,18})\\s*,\\s*(-?[0-9]{1,18})\\s*\\)");
    private static final Pattern CHOICE = Pattern.compile("choice\\((.*)\\)");
    private static final List<String> GENERATORS = List.of("seq", "uuid", "now", "randomInt(a,b)", "choice(a,b,...)");
    private static final Duration WEEK = Duration.ofDays(7);
    private static final Duration DAY = Duration.ofDays(1);
    private static final Map<String, Set<String>> FAULT_PARAMS = Map.of(
            "deny-target", Set.of(), "delete-target", Set.of(),
            "target-errors", Set.of("fraction", "mode", "errorCode", "delay"),
            "break-dlq", Set.of(), "disable-rule", Set.of(), "squeeze-quota", Set.of("tps"),
            "slow-consumer", Set.of("processingTime"), "crash-consumer", Set.of("fraction"),
            "producer-retries", Set.of("fraction"), "poison-events", Set.of("rate", "kinds"));
    private static final Map<String, String> FAULT_REQUIRED = Map.of(
            "squeeze-quota", "tps", "slow-consumer", "processingTime", "poison-events", "rate");
    private static final Set<String> FAULT_COMMON = Set.of("name", "type", "target", "startAfter", "duration");

    private final Document doc;
    private final JsonNode root;
    private final Set<String> buses = new LinkedHashSet<>();
    private final Set<String> rules = new LinkedHashSet<>();
    private final Set<String> queues = new LinkedHashSet<>();
    private final Set<String> targetQueues = new LinkedHashSet<>();
    private final Set<String> deadLetterQueues = new LinkedHashSet<>();
    private final Set<String> consumers = new LinkedHashSet<>();
    private final List<String> faultNames;

    public Semantics(Document doc) {
        this.doc = doc;
        this.root = doc.root();
        buses.add("default");
        root.path("topology").path("buses").fieldNames().forEachRemaining(buses::add);
        root.path("topology").path("rules").fieldNames().forEachRemaining(rules::add);
        root.path("topology").path("queues").fieldNames().forEachRemaining(queues::add);
        root.path("consumers").fieldNames().forEachRemaining(consumers::add);
        root.path("topology").path("rules").forEach(rule -> rule.path("targets").forEach(target -> {
            if (target.path("queue").isTextual()) {
                targetQueues.add(target.get("queue").asText());
            }
            if (target.path("deadLetterQueue").isTextual()) {
                deadLetterQueues.add(target.get("deadLetterQueue").asText());
            }
        }));
        faultNames = FaultNames.of(root.path("faults"));
    }

    public void check() {
        checkTarget();
        checkTopology();
        checkLoad();
        checkFaults();
        checkConsumers();
        checkAlarms();
        checkExpect();
    }

    private void checkTarget() {
        JsonNode target = root.path("target");
        String type = target.path("type").asText("embedded");
        if (type.equals("endpoint") && !target.has("endpoint")) {
            doc.problem(doc.keyLocation("/target/type"), "target.endpoint", "is missing (required when type is endpoint)",
                    "an http:// or https:// URL", "add endpoint: http://127.0.0.1:<port> under target");
        }
        if (!type.equals("endpoint") && target.has("endpoint")) {
            doc.keyProblem("/target/endpoint", "applies only when target.type is endpoint, but it is " + type, "",
                    "remove target.endpoint, or set target.type: endpoint");
        }
        if (type.equals("aws") && !target.has("account")) {
            doc.problem(doc.keyLocation("/target/type"), "target.account", "is missing (required when type is aws)",
                    "12 digits", "add account: <the 12-digit account id the game day may touch> under target");
        }
        JsonNode credentials = target.path("credentials");
        String source = credentials.path("type").asText("");
        if (source.equals("profile") && !credentials.has("profile")) {
            doc.problem(doc.keyLocation("/target/credentials/type"), "target.credentials.profile",
                    "is missing (required when type is profile)", "a profile name", "add profile: <name>");
        }
        if (!source.equals("profile") && credentials.has("profile")) {
            doc.keyProblem("/target/credentials/profile", "applies only when credentials.type is profile", "",
                    "remove it, or set target.credentials.type: profile");
        }
        if (type.equals("aws") && (source.equals("none") || source.equals("test"))) {
            doc.valueProblem("/target/credentials/type", "\"" + source + "\" cannot sign requests to AWS",
                    "default-chain, profile", "use default-chain or profile");
        }
    }

    private void checkTopology() {
        JsonNode topology = root.path("topology");
        if (topology.path("buses").has("default")) {
            doc.keyProblem("/topology/buses/default", "\"default\" is the bus every account has", "custom bus names",
                    "remove it; rules and load use bus: default without declaring it");
        }
        topology.path("queues").fields().forEachRemaining(entry -> {
            String pointer = "/topology/queues/" + escape(entry.getKey());
            JsonNode queue = entry.getValue();
            boolean fifo = queue.path("fifo").asBoolean(false);
            boolean fifoName = entry.getKey().endsWith(".fifo");
            if (fifo != fifoName) {
                doc.keyProblem(pointer, fifo ? "is FIFO but its name does not end in .fifo"
                                : "ends in .fifo but is not FIFO", "FIFO queues, and only they, end in .fifo",
                        fifo ? "rename it to " + entry.getKey() + ".fifo" : "add fifo: true, or drop .fifo from the name");
            }
            if (!fifo && queue.path("contentBasedDeduplication").asBoolean(false)) {
                doc.valueProblem(pointer + "/contentBasedDeduplication", "true applies only to FIFO queues", "false",
                        "remove contentBasedDeduplication, or make the queue FIFO");
            }
        });
        topology.path("rules").fields().forEachRemaining(entry -> {
            String pointer = "/topology/rules/" + escape(entry.getKey());
            JsonNode rule = entry.getValue();
            reference(pointer + "/bus", buses, "bus", "topology.buses");
            Set<String> ids = new HashSet<>();
            JsonNode targets = list(rule.path("targets"));
            for (int i = 0; i < targets.size(); i++) {
                checkRuleTarget(pointer + "/targets/" + i, targets.get(i), ids);
            }
        });
    }

    private void checkRuleTarget(String pointer, JsonNode target, Set<String> ids) {
        boolean queue = target.has("queue");
        boolean bus = target.has("bus");
        if (queue == bus) {
            doc.valueProblem(pointer, queue ? "names both a queue and a bus" : "names neither a queue nor a bus",
                    "exactly one of queue or bus", queue ? "keep one of queue and bus" : "add queue: <name> or bus: <name>");
        }
        reference(pointer + "/queue", queues, "queue", "topology.queues");
        reference(pointer + "/bus", buses, "bus", "topology.buses");
        reference(pointer + "/deadLetterQueue", queues, "queue", "topology.queues");
        JsonNode dlq = target.path("deadLetterQueue");
        if (dlq.isTextual() && root.path("topology").path("queues").path(dlq.asText()).path("fifo").asBoolean(false)) {
            doc.valueProblem(pointer + "/deadLetterQueue", "\"" + dlq.asText() + "\" is a FIFO queue",
                    "a standard (non-FIFO) queue; EventBridge does not support FIFO dead-letter queues",
                    "point deadLetterQueue at a standard queue");
        }
        List<String> inputs = new ArrayList<>();
        for (String option : List.of("input", "inputPath", "inputTransformer")) {
            if (target.has(option)) {
                inputs.add(option);
            }
        }
        if (inputs.size() > 1) {
            doc.keyProblem(pointer + "/" + inputs.get(1), "cannot be combined with " + inputs.get(0),
                    "at most one of input, inputPath, inputTransformer", "keep one of " + String.join(", ", inputs));
        }
        JsonNode queueName = target.path("queue");
        if (queueName.isTextual() && queues.contains(queueName.asText())) {
            boolean fifo = root.path("topology").path("queues").path(queueName.asText()).path("fifo").asBoolean(false);
            if (fifo && !target.has("messageGroupId")) {
                doc.valueProblem(pointer + "/queue", "\"" + queueName.asText() + "\" is a FIFO queue, which needs a"
                        + " message group", "a FIFO target with messageGroupId", "add messageGroupId: <group> to the target");
            }
            if (!fifo && target.has("messageGroupId")) {
                doc.keyProblem(pointer + "/messageGroupId", "applies only to FIFO target queues", "",
                        "remove messageGroupId");
            }
        }
        String id = target.path("id").asText(target.path("queue").asText(target.path("bus").asText("")));
        if (!id.isEmpty() && !ids.add(id)) {
            doc.valueProblem(target.has("id") ? pointer + "/id" : pointer, "target id \"" + id
                    + "\" is used twice in this rule", "ids unique within a rule", "give the target its own id: <name>");
        }
    }

    private void checkLoad() {
        JsonNode load = root.path("load");
        reference("/load/bus", buses, "bus", "topology.buses");
        JsonNode phases = list(load.path("phases"));
        Duration total = Duration.ZERO;
        for (int i = 0; i < phases.size(); i++) {
            String pointer = "/load/phases/" + i;
            JsonNode phase = phases.get(i);
            Optional<Duration> duration = positive(pointer + "/duration");
            total = total.plus(duration.orElse(Duration.ZERO));
            checkPhase(pointer, phase, duration);
        }
        Optional<Duration> runDuration = positive("/duration");
        if (runDuration.isPresent() && runDuration.get().compareTo(total) < 0) {
            doc.valueProblem("/duration", Durations.format(runDuration.get()) + " is shorter than the load phases, which"
                    + " sum to " + Durations.format(total), "at least " + Durations.format(total),
                    "set duration to at least " + Durations.format(total) + ", or shorten the phases");
        }
        JsonNode mix = list(load.path("mix"));
        for (int i = 0; i < mix.size(); i++) {
            JsonNode source = mix.get(i).path("source");
            if (source.isTextual() && source.asText().startsWith("aws.")) {
                doc.valueProblem("/load/mix/" + i + "/source", "\"" + source.asText() + "\" starts with aws., which"
                        + " AWS rejects for custom events (NotAuthorizedForSourceException)", "a source that does not"
                        + " start with \"aws.\"", "use your own source, e.g. com.example.orders; to test aws. rejections use"
                        + " the poison-events fault");
            }
            checkTemplate("/load/mix/" + i + "/detail", mix.get(i).path("detail"));
        }
        checkTemplate("/load/detail/template", load.path("detail").path("template"));
        positive("/load/requestTimeout");
        Optional<Duration> initial = duration("/load/producerRetry/backoff/initial");
        Optional<Duration> max = duration("/load/producerRetry/backoff/max");
        if (initial.isPresent() && max.isPresent() && initial.get().compareTo(max.get()) > 0) {
            doc.valueProblem("/load/producerRetry/backoff/initial", Durations.format(initial.get())
                    + " is above backoff.max " + Durations.format(max.get()), "at most " + Durations.format(max.get()),
                    "lower initial or raise max");
        }
    }

    private void checkPhase(String pointer, JsonNode phase, Optional<Duration> duration) {
        String type = phase.path("type").asText("");
        Set<String> applies = switch (type) {
            case "constant" -> Set.of("rate");
            case "ramp" -> Set.of("from", "to");
            case "spike" -> Set.of("rate", "peakRate", "peakDuration");
            case "stairs" -> Set.of("from", "to", "steps");
            default -> null;
        };
        if (applies == null) {
            return;
        }
        phase.fieldNames().forEachRemaining(key -> {
            if (!key.equals("type") && !key.equals("duration") && !applies.contains(key)) {
                doc.keyProblem(pointer + "/" + key, "does not apply to a " + type + " phase",
                        String.join(", ", applies.stream().sorted().toList()) + ", duration",
                        "remove " + key + ", or change the phase's type");
            }
        });
        String unit = root.path("load").path("unit").asText("events/s");
        if (type.equals("constant") && phase.path("rate").isNumber() && phase.get("rate").doubleValue() == 0) {
            doc.valueProblem(pointer + "/rate", "0 sends nothing", "more than 0, up to 1000000 " + unit,
                    "set a positive rate");
        }
        if ((type.equals("ramp") || type.equals("stairs")) && phase.path("from").isNumber()
                && phase.path("to").isNumber() && phase.get("from").doubleValue() == phase.get("to").doubleValue()) {
            doc.valueProblem(pointer + "/to", Document.show(phase.get("to")) + " equals from, so the " + type
                    + " never changes rate", "a rate other than from", "use a constant phase, or change to");
        }
        if (type.equals("spike") && phase.path("peakRate").isNumber() && phase.path("rate").isNumber()
                && phase.get("peakRate").doubleValue() <= phase.get("rate").doubleValue()) {
            doc.valueProblem(pointer + "/peakRate", Document.show(phase.get("peakRate")) + " is not above the baseline"
                    + " rate " + Document.show(phase.get("rate")), "more than " + Document.show(phase.get("rate"))
                    + " " + unit, "raise peakRate above rate");
        }
        Optional<Duration> peak = type.equals("spike") ? positive(pointer + "/peakDuration") : Optional.empty();
        if (peak.isPresent() && duration.isPresent() && peak.get().compareTo(duration.get()) > 0) {
            doc.valueProblem(pointer + "/peakDuration", Durations.format(peak.get()) + " is longer than the phase ("
                    + Durations.format(duration.get()) + ")", "at most " + Durations.format(duration.get()),
                    "shorten peakDuration or lengthen the phase");
        }
    }

    private void checkTemplate(String pointer, JsonNode template) {
        if (template.isTextual()) {
            Matcher matcher = EXPRESSION.matcher(template.asText());
            while (matcher.find()) {
                checkExpression(pointer, matcher.group(1).trim());
            }
        } else if (template.isObject()) {
            template.fields().forEachRemaining(field ->
                    checkTemplate(Pointers.child(pointer, field.getKey()), field.getValue()));
        } else if (template.isArray()) {
            for (int i = 0; i < template.size(); i++) {
                checkTemplate(Pointers.child(pointer, i), template.get(i));
            }
        }
    }

    private void checkExpression(String pointer, String expression) {
        if (expression.equals("seq") || expression.equals("uuid") || expression.equals("now")) {
            return;
        }
        Matcher randomInt = RANDOM_INT.matcher(expression);
        if (randomInt.matches()) {
            if (Long.parseLong(randomInt.group(1)) > Long.parseLong(randomInt.group(2))) {
                doc.valueProblem(pointer, "${" + expression + "} has its bounds the wrong way round",
                        "randomInt(low,high) with low <= high", "swap the bounds");
            }
            return;
        }
        Matcher choice = CHOICE.matcher(expression);
        if (choice.matches()) {
            if (choice.group(1).isBlank()) {
                doc.valueProblem(pointer, "${" + expression + "} has nothing to choose from", "choice(a,b,...)",
                        "list at least one value");
            }
            return;
        }
        String name = expression.replaceAll("\\(.*", "");
        doc.valueProblem(pointer, "${" + expression + "} is not a generated field", String.join(", ", GENERATORS),
                Suggestions.closest(name, List.of("seq", "uuid", "now", "randomInt", "choice"))
                        .map(match -> "did you mean ${" + match + (match.equals("randomInt") ? "(a,b)"
                                : match.equals("choice") ? "(a,b)" : "") + "}?")
                        .orElse("use one of: " + String.join(", ", GENERATORS)));
    }

    private void checkFaults() {
        JsonNode faults = list(root.path("faults"));
        Duration phases = Duration.ZERO;
        boolean phasesKnown = true;
        for (JsonNode phase : root.path("load").path("phases")) {
            Optional<Duration> each = Durations.parse(phase.path("duration").asText(""));
            phasesKnown &= each.isPresent();
            phases = phases.plus(each.orElse(Duration.ZERO));
        }
        Optional<Duration> run = duration("/duration");
        if (run.isEmpty() && phasesKnown) {
            run = Optional.of(phases);
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < faults.size(); i++) {
            String pointer = "/faults/" + i;
            JsonNode fault = faults.get(i);
            String name = faultNames.get(i);
            if (!names.add(name)) {
                doc.valueProblem(fault.has("name") ? pointer + "/name" : pointer, "fault name \"" + name
                        + "\" is used twice", "unique fault names", "give this fault its own name: <name>");
            }
            String type = fault.path("type").asText("");
            if (!FAULT_PARAMS.containsKey(type)) {
                continue;
            }
            checkFaultParams(pointer, fault, type);
            checkFaultTarget(pointer, fault, type);
            Optional<Duration> start = duration(pointer + "/startAfter");
            Optional<Duration> length = positive(pointer + "/duration");
            if (start.isPresent() && length.isPresent() && run.isPresent()
                    && start.get().plus(length.get()).compareTo(run.get()) > 0) {
                doc.valueProblem(pointer + "/duration", "the fault ends at " + Durations.format(start.get()
                                .plus(length.get())) + ", after the run's " + Durations.format(run.get()),
                        "startAfter + duration <= " + Durations.format(run.get()),
                        "shorten the fault, start it earlier, or lengthen duration");
            }
            if (type.equals("squeeze-quota") && fault.path("tps").isNumber()) {
                double peak = peakRequestsPerSecond();
                if (peak > 0 && fault.get("tps").doubleValue() >= peak) {
                    doc.valueProblem(pointer + "/tps", Document.show(fault.get("tps")) + " requests/s is not below the"
                                    + " load's peak of " + plain(peak) + " requests/s, so"
                                    + " nothing would be throttled", "less than " + plain(peak) + " requests/s",
                            "lower tps below the offered request rate");
                }
            }
            if (type.equals("target-errors")) {
                String mode = fault.path("mode").asText("error");
                if (fault.has("errorCode") && !mode.equals("error")) {
                    doc.keyProblem(pointer + "/errorCode", "applies only to mode error, but mode is " + mode, "",
                            "remove errorCode, or set mode: error");
                }
                if (mode.equals("slow") != fault.has("delay")) {
                    if (fault.has("delay")) {
                        doc.keyProblem(pointer + "/delay", "applies only to mode slow, but mode is " + mode, "",
                                "remove delay, or set mode: slow");
                    } else {
                        doc.problem(doc.keyLocation(pointer + "/mode"), doc.field(pointer) + ".delay",
                                "is missing (required when mode is slow)", "a duration such as 500ms",
                                "add delay: <duration>");
                    }
                }
            }
        }
    }

    private double peakRequestsPerSecond() {
        double peak = 0;
        for (JsonNode phase : root.path("load").path("phases")) {
            for (String key : List.of("rate", "from", "to", "peakRate")) {
                peak = Math.max(peak, phase.path(key).asDouble(0));
            }
        }
        boolean requests = root.path("load").path("unit").asText("events/s").equals("requests/s");
        return requests ? peak : peak / Math.max(1, root.path("load").path("entriesPerRequest").asInt(10));
    }

    private void checkFaultParams(String pointer, JsonNode fault, String type) {
        Set<String> applies = FAULT_PARAMS.get(type);
        fault.fieldNames().forEachRemaining(key -> {
            if (!FAULT_COMMON.contains(key) && !applies.contains(key)) {
                doc.keyProblem(pointer + "/" + key, "does not apply to a " + type + " fault",
                        applies.isEmpty() ? "no parameters" : String.join(", ", applies.stream().sorted().toList()),
                        "remove " + key);
            }
        });
        String required = FAULT_REQUIRED.get(type);
        if (required != null && !fault.has(required)) {
            doc.problem(doc.keyLocation(pointer + "/type"), doc.field(pointer) + "." + required,
                    "is missing (required for " + type + ")", SchemaModel.get().allowed(
                            SchemaModel.get().member(SchemaModel.get().at("/$defs/fault"), required).orElseThrow(), doc),
                    "add " + required + ": <value>");
        }
    }

    private void checkFaultTarget(String pointer, JsonNode fault, String type) {
        JsonNode target = fault.path("target");
        boolean takesTarget = !type.equals("squeeze-quota") && !type.equals("producer-retries")
                && !type.equals("poison-events");
        if (!takesTarget) {
            if (fault.has("target")) {
                doc.keyProblem(pointer + "/target", "does not apply: " + type + " acts on "
                        + (type.equals("squeeze-quota") ? "the account's PutEvents quota" : "the load"), "",
                        "remove target");
            }
            return;
        }
        if (!fault.has("target")) {
            doc.problem(doc.keyLocation(pointer + "/type"), doc.field(pointer) + ".target",
                    "is missing (required for " + type + ")", kindOf(type), "add target: <name>");
            return;
        }
        if (!target.isTextual()) {
            return;
        }
        String name = target.asText();
        Set<String> candidates = switch (type) {
            case "break-dlq" -> deadLetterQueues;
            case "disable-rule" -> rules;
            case "slow-consumer", "crash-consumer" -> consumers;
            default -> targetQueues;
        };
        if (!candidates.contains(name)) {
            String why = switch (type) {
                case "break-dlq" -> queues.contains(name) ? "is not any target's dead-letter queue" : "is not defined";
                case "disable-rule" -> "is not a rule in topology.rules";
                case "slow-consumer", "crash-consumer" -> "is not a consumer in consumers";
                default -> queues.contains(name) ? "is not any rule's target queue" : "is not defined";
            };
            doc.valueProblem(pointer + "/target", "\"" + name + "\" " + why,
                    candidates.isEmpty() ? "none defined (" + kindOf(type) + ")" : String.join(", ", candidates),
                    Suggestions.didYouMean(name, candidates, "target " + kindOf(type)));
            return;
        }
        if (type.equals("delete-target") && root.path("topology").path("provision").asText("create").equals("existing")) {
            doc.valueProblem(pointer + "/target", "\"" + name + "\" was not created by busquake (topology.provision is"
                    + " existing), so it cannot be deleted and recreated", "delete-target only on topologies busquake"
                    + " creates", "use deny-target, or set topology.provision: create");
        }
        if (type.equals("slow-consumer")) {
            String queue = root.path("consumers").path(name).path("queue").asText("");
            int visibility = root.path("topology").path("queues").path(queue).path("visibilityTimeoutSeconds").asInt(30);
            Optional<Duration> hold = duration(pointer + "/processingTime");
            if (hold.isPresent() && hold.get().compareTo(Duration.ofSeconds(visibility)) <= 0) {
                doc.valueProblem(pointer + "/processingTime", Durations.format(hold.get()) + " does not exceed queue "
                                + queue + "'s visibility timeout of " + visibility + "s, so nothing is redelivered",
                        "more than " + visibility + "s", "set processingTime above " + visibility
                                + "s, or lower the queue's visibilityTimeoutSeconds");
            }
        }
    }

    private static String kindOf(String type) {
        return switch (type) {
            case "break-dlq" -> "a dead-letter queue of some target";
            case "disable-rule" -> "a rule";
            case "slow-consumer", "crash-consumer" -> "a consumer";
            default -> "a queue that is some rule's target";
        };
    }

    private void checkConsumers() {
        root.path("consumers").fields().forEachRemaining(entry -> {
            String pointer = "/consumers/" + escape(entry.getKey());
            reference(pointer + "/queue", queues, "queue", "topology.queues");
            Optional<Duration> wait = duration(pointer + "/waitTime");
            if (wait.isPresent() && wait.get().compareTo(Duration.ofSeconds(20)) > 0) {
                doc.valueProblem(pointer + "/waitTime", Durations.format(wait.get()) + " is out of range",
                        "0s..20s (SQS long polling)", "set waitTime to at most 20s");
            }
            positive(pointer + "/idempotencyExpiry");
        });
    }

    private void checkAlarms() {
        JsonNode alarms = root.path("alarms");
        if (!alarms.isArray()) {
            return;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < alarms.size(); i++) {
            String pointer = "/alarms/" + i;
            JsonNode alarm = alarms.get(i);
            if (alarm.path("name").isTextual() && !names.add(alarm.get("name").asText())) {
                doc.valueProblem(pointer + "/name", "alarm name \"" + alarm.get("name").asText() + "\" is used twice",
                        "unique alarm names", "rename one of them");
            }
            if (alarm.has("statistic") && alarm.has("extendedStatistic")) {
                doc.keyProblem(pointer + "/extendedStatistic", "cannot be combined with statistic",
                        "one of statistic or extendedStatistic", "keep statistic or extendedStatistic");
            }
            Optional<Duration> period = positive(pointer + "/period");
            long seconds = period.map(Duration::getSeconds).orElse(60L);
            if (period.isPresent() && (period.get().toMillis() % 1000 != 0
                    || !(seconds == 10 || seconds == 20 || seconds == 30 || seconds % 60 == 0))) {
                doc.valueProblem(pointer + "/period", Durations.format(period.get()) + " is not a CloudWatch alarm"
                        + " period", "10s, 20s, 30s or a multiple of 60s", "use 10s, 20s, 30s or whole minutes");
            }
            int evaluations = alarm.path("evaluationPeriods").asInt(1);
            if (alarm.path("datapointsToAlarm").isIntegralNumber() && alarm.get("datapointsToAlarm").asInt() > evaluations) {
                doc.valueProblem(pointer + "/datapointsToAlarm", alarm.get("datapointsToAlarm").asInt()
                                + " is more than evaluationPeriods (" + evaluations + ")", "1.." + evaluations,
                        "lower datapointsToAlarm or raise evaluationPeriods");
            }
            Duration window = Duration.ofSeconds(seconds * evaluations);
            Duration limit = seconds < 3600 ? DAY : WEEK;
            if (period.isPresent() && window.compareTo(limit) > 0) {
                doc.valueProblem(pointer + "/evaluationPeriods", evaluations + " periods of " + Durations.format(
                                period.get()) + " span " + Durations.format(window), "period x evaluationPeriods <= "
                                + Durations.format(limit) + (seconds < 3600 ? " when period < 1h" : ""),
                        "lower evaluationPeriods or use a longer period");
            }
            checkDimensions(pointer + "/dimensions", alarm.path("dimensions"));
        }
    }

    private void checkDimensions(String pointer, JsonNode dimensions) {
        for (Map.Entry<String, Set<String>> known : Map.of("RuleName", rules, "EventBusName", buses,
                "QueueName", queues).entrySet()) {
            reference(Pointers.child(pointer, known.getKey()), known.getValue(),
                    known.getKey().replace("Name", "").toLowerCase().replace("eventbus", "bus"),
                    known.getKey().equals("QueueName") ? "topology.queues"
                            : known.getKey().equals("RuleName") ? "topology.rules" : "topology.buses");
        }
    }

    private void checkExpect() {
        JsonNode expect = root.path("expect");
        JsonNode alarms = list(expect.path("alarms"));
        Set<String> faults = new LinkedHashSet<>(faultNames);
        for (int i = 0; i < alarms.size(); i++) {
            reference("/expect/alarms/" + i + "/fault", faults, "fault", "faults");
        }
        JsonNode dlq = list(expect.path("dlq"));
        for (int i = 0; i < dlq.size(); i++) {
            JsonNode queue = dlq.get(i).path("queue");
            if (queue.isTextual() && !deadLetterQueues.contains(queue.asText())) {
                doc.valueProblem("/expect/dlq/" + i + "/queue", "\"" + queue.asText() + "\" is not any target's"
                                + " dead-letter queue", deadLetterQueues.isEmpty() ? "none defined"
                                : String.join(", ", deadLetterQueues),
                        Suggestions.didYouMean(queue.asText(), deadLetterQueues,
                                "set deadLetterQueue on a rule target, then name that queue here"));
            }
        }
        JsonNode allowLoss = list(expect.path("noLoss").path("allowLossDuring"));
        for (int i = 0; i < allowLoss.size(); i++) {
            reference("/expect/noLoss/allowLossDuring/" + i, faults, "fault", "faults");
        }
        expect.path("latency").fields().forEachRemaining(entry -> {
            String pointer = "/expect/latency/" + escape(entry.getKey());
            if (!targetQueues.contains(entry.getKey())) {
                doc.keyProblem(pointer, "\"" + entry.getKey() + "\" is not any rule's target queue",
                        targetQueues.isEmpty() ? "none defined" : String.join(", ", targetQueues),
                        Suggestions.didYouMean(entry.getKey(), targetQueues, "key latency budgets by target queue"));
            }
            checkBudget(pointer);
        });
        checkBudget("/expect/putEventsLatency");
    }

    private void checkBudget(String pointer) {
        Duration previous = Duration.ZERO;
        String previousName = null;
        for (String percentile : List.of("p50", "p90", "p99", "max")) {
            Optional<Duration> value = duration(pointer + "/" + percentile);
            if (value.isEmpty()) {
                continue;
            }
            if (previousName != null && value.get().compareTo(previous) < 0) {
                doc.valueProblem(pointer + "/" + percentile, Durations.format(value.get()) + " is below " + previousName
                        + " (" + Durations.format(previous) + ")", "at least " + Durations.format(previous),
                        "budgets must not fall as the percentile rises: raise " + percentile);
            }
            previous = value.get();
            previousName = percentile;
        }
    }

    /** Checks that the string at {@code pointer}, if there is one, names one of {@code known}. */
    private void reference(String pointer, Set<String> known, String kind, String block) {
        JsonNode value = doc.at(pointer);
        if (!value.isTextual() || known.contains(value.asText())) {
            return;
        }
        String name = value.asText();
        List<String> choices = kind.equals("bus") ? new ArrayList<>(known) : List.copyOf(known);
        doc.valueProblem(pointer, kind + " \"" + name + "\" is not defined",
                choices.isEmpty() ? "none defined in " + block : String.join(", ", choices),
                Suggestions.didYouMean(name, choices, "define " + name + " in " + block + ", or name one that is"));
    }

    private Optional<Duration> duration(String pointer) {
        JsonNode value = doc.at(pointer);
        return value.isTextual() ? Durations.parse(value.asText()) : Optional.empty();
    }

    /** The duration at {@code pointer}; a zero one is reported. */
    private Optional<Duration> positive(String pointer) {
        Optional<Duration> value = duration(pointer);
        if (value.isPresent() && value.get().isZero()) {
            doc.valueProblem(pointer, "\"" + doc.at(pointer).asText() + "\" is zero", "a positive duration",
                    "set a positive duration such as 30s");
            return Optional.empty();
        }
        return value;
    }

    // Only a list is walked by index; anything else has already been reported by the schema check.
    private static JsonNode list(JsonNode node) {
        return node.isArray() ? node : MissingNode.getInstance();
    }

    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}

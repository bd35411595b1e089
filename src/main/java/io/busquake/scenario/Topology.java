package io.busquake.scenario;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Buses, rules with their targets, and queues.
 *
 * @param provision create (busquake creates and tears down) or existing (left alone)
 * @param buses     custom buses by name; the default bus always exists and is not listed
 * @param rules     rules by name, in file order
 * @param queues    SQS queues by name, in file order
 */
public record Topology(Provision provision, Map<String, Bus> buses, Map<String, Rule> rules, Map<String, Queue> queues) {

    /** The name of the bus every account has. */
    public static final String DEFAULT_BUS = "default";

    public Topology {
        Objects.requireNonNull(provision, "provision");
        buses = ordered(buses);
        rules = ordered(rules);
        queues = ordered(queues);
    }

    static <V> Map<String, V> ordered(Map<String, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(map)));
    }

    /** Whether busquake creates the topology or finds it there. */
    public enum Provision {
        CREATE("create"), EXISTING("existing");

        private final String yamlName;

        Provision(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }

        public static Provision fromYaml(String name) {
            return Yaml.find(values(), Provision::yamlName, name);
        }
    }

    /** A custom event bus. */
    public record Bus(String name, String description) {
        public Bus {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
        }
    }

    /**
     * A rule.
     *
     * @param eventPatternJson the EventPattern as compact JSON, as PutRule takes it
     * @param state            ENABLED or DISABLED
     */
    public record Rule(String name, String bus, String description, String state, String eventPatternJson,
                       List<RuleTarget> targets) {
        public Rule {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(bus, "bus");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(eventPatternJson, "eventPatternJson");
            targets = List.copyOf(targets);
        }
    }

    /**
     * A rule target: a queue or another bus.
     *
     * @param id                target Id, unique within its rule
     * @param queue             the target queue's name, or empty when the target is a bus
     * @param bus               the target bus's name, or empty when the target is a queue
     * @param deadLetterQueue   the DLQ's queue name
     * @param inputJson         Input: fixed JSON text sent instead of the event
     * @param inputPath         InputPath
     * @param inputTransformer  InputTransformer; at most one of the three input options is present
     * @param messageGroupId    SqsParameters.MessageGroupId, for FIFO target queues
     */
    public record RuleTarget(String id, Optional<String> queue, Optional<String> bus, RetryPolicy retryPolicy,
                             Optional<String> deadLetterQueue, Optional<String> inputJson, Optional<String> inputPath,
                             Optional<InputTransformer> inputTransformer, Optional<String> messageGroupId) {
        public RuleTarget {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(retryPolicy, "retryPolicy");
            if (queue.isPresent() == bus.isPresent()) {
                throw new IllegalArgumentException("target " + id + " needs exactly one of queue or bus");
            }
            int inputs = (inputJson.isPresent() ? 1 : 0) + (inputPath.isPresent() ? 1 : 0)
                    + (inputTransformer.isPresent() ? 1 : 0);
            if (inputs > 1) {
                throw new IllegalArgumentException("target " + id + ": input, inputPath and inputTransformer are exclusive");
            }
            Objects.requireNonNull(deadLetterQueue, "deadLetterQueue");
            Objects.requireNonNull(messageGroupId, "messageGroupId");
        }
    }

    /** RetryPolicy: AWS allows 0..185 attempts and 60..86400 seconds; defaults 185 and 86400. */
    public record RetryPolicy(int maximumRetryAttempts, int maximumEventAgeSeconds) {
        public static final RetryPolicy AWS_DEFAULT = new RetryPolicy(185, 86_400);

        public RetryPolicy {
            if (maximumRetryAttempts < 0 || maximumRetryAttempts > 185) {
                throw new IllegalArgumentException("maximumRetryAttempts " + maximumRetryAttempts + " is outside 0..185");
            }
            if (maximumEventAgeSeconds < 60 || maximumEventAgeSeconds > 86_400) {
                throw new IllegalArgumentException("maximumEventAgeSeconds " + maximumEventAgeSeconds + " is outside 60..86400");
            }
        }
    }

    /** InputTransformer: InputPathsMap (variable to JSONPath) and InputTemplate. */
    public record InputTransformer(Map<String, String> inputPathsMap, String inputTemplate) {
        public InputTransformer {
            inputPathsMap = ordered(inputPathsMap);
            Objects.requireNonNull(inputTemplate, "inputTemplate");
        }
    }

    /**
     * An SQS queue with its attributes.
     *
     * @param policyJson the queue Policy; empty means busquake grants the topology's rules sqs:SendMessage
     */
    public record Queue(String name, boolean fifo, boolean contentBasedDeduplication, int visibilityTimeoutSeconds,
                        int messageRetentionSeconds, int delaySeconds, int receiveMessageWaitTimeSeconds,
                        int maximumMessageSizeBytes, Optional<String> policyJson) {
        public Queue {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(policyJson, "policyJson");
            if (fifo != name.endsWith(".fifo")) {
                throw new IllegalArgumentException("queue " + name + ": a FIFO queue's name ends in .fifo, and only a FIFO queue's");
            }
        }
    }

    /** The names of every queue that is some target's dead-letter queue. */
    public List<String> deadLetterQueues() {
        return rules.values().stream().flatMap(rule -> rule.targets().stream())
                .flatMap(target -> target.deadLetterQueue().stream()).distinct().toList();
    }
}

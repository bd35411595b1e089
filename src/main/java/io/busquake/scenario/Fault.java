package io.busquake.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * A fault on the timeline. Parameters that do not apply to the fault's type are empty; those that apply
 * carry the file's value or the type's default.
 *
 * @param name           unique among the scenario's faults
 * @param target         the queue, rule or consumer broken; empty for account-wide and load faults
 * @param startAfter     offset from the start of the load
 * @param duration       how long the fault lasts before it is undone
 * @param fraction       target-errors, crash-consumer, producer-retries: the fraction affected
 * @param mode           target-errors: how deliveries fail
 * @param errorCode      target-errors in mode error: the failure's error code
 * @param delay          target-errors in mode slow: the added latency
 * @param tps            squeeze-quota: the PutEvents requests/s quota imposed
 * @param processingTime slow-consumer: how long the consumer holds each message
 * @param rate           poison-events: poison entries per second
 * @param kinds          poison-events: the kinds of poison mixed in (empty for other types)
 */
public record Fault(String name, Type type, Optional<String> target, Duration startAfter, Duration duration,
                    OptionalDouble fraction, Optional<TargetErrorMode> mode, Optional<String> errorCode,
                    Optional<Duration> delay, OptionalInt tps, Optional<Duration> processingTime,
                    OptionalDouble rate, List<PoisonKind> kinds) {
    public Fault {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(startAfter, "startAfter");
        Objects.requireNonNull(duration, "duration");
        if (target.isPresent() != (type.targetKind() != TargetKind.NONE)) {
            throw new IllegalArgumentException("fault " + name + " (" + type.yamlName() + ") "
                    + (target.isPresent() ? "takes no target" : "needs a target"));
        }
        kinds = List.copyOf(kinds);
    }

    /** When the fault is undone, from the start of the load. */
    public Duration endsAfter() {
        return startAfter.plus(duration);
    }

    /** What kind of resource a fault type breaks. */
    public enum TargetKind {
        /** A queue that is some rule's target. */
        TARGET_QUEUE,
        /** A queue that is some target's dead-letter queue. */
        DEAD_LETTER_QUEUE,
        RULE,
        CONSUMER,
        /** Account-wide or the load itself. */
        NONE
    }

    /** The fault types of issue 5. */
    public enum Type {
        DENY_TARGET("deny-target", TargetKind.TARGET_QUEUE),
        DELETE_TARGET("delete-target", TargetKind.TARGET_QUEUE),
        TARGET_ERRORS("target-errors", TargetKind.TARGET_QUEUE),
        BREAK_DLQ("break-dlq", TargetKind.DEAD_LETTER_QUEUE),
        DISABLE_RULE("disable-rule", TargetKind.RULE),
        SQUEEZE_QUOTA("squeeze-quota", TargetKind.NONE),
        SLOW_CONSUMER("slow-consumer", TargetKind.CONSUMER),
        CRASH_CONSUMER("crash-consumer", TargetKind.CONSUMER),
        PRODUCER_RETRIES("producer-retries", TargetKind.NONE),
        POISON_EVENTS("poison-events", TargetKind.NONE);

        private final String yamlName;
        private final TargetKind targetKind;

        Type(String yamlName, TargetKind targetKind) {
            this.yamlName = yamlName;
            this.targetKind = targetKind;
        }

        public String yamlName() {
            return yamlName;
        }

        public TargetKind targetKind() {
            return targetKind;
        }

        public static Type fromYaml(String name) {
            return Yaml.find(values(), Type::yamlName, name);
        }
    }

    /** How target-errors makes deliveries fail. */
    public enum TargetErrorMode {
        ERROR("error"), TIMEOUT("timeout"), SLOW("slow");

        private final String yamlName;

        TargetErrorMode(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }

        public static TargetErrorMode fromYaml(String name) {
            return Yaml.find(values(), TargetErrorMode::yamlName, name);
        }
    }

    /** The poison entries poison-events mixes into the load. */
    public enum PoisonKind {
        MALFORMED_DETAIL("malformed-detail"), OVERSIZE("oversize"), AWS_SOURCE("aws-source");

        private final String yamlName;

        PoisonKind(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }

        public static PoisonKind fromYaml(String name) {
            return Yaml.find(values(), PoisonKind::yamlName, name);
        }
    }
}

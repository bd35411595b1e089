package io.busquake.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The PutEvents load.
 *
 * @param bus               the bus PutEvents sends to
 * @param unit              the unit of every phase rate
 * @param entriesPerRequest 1..10 entries per PutEvents request
 * @param requestTimeout    per-request timeout
 * @param phases            the phases, one after another
 * @param mix               the weighted mix of sources and detail-types
 * @param detail            the detail template and its target size
 * @param producerRetry     how rejected or timed-out entries are re-sent
 */
public record Load(String bus, RateUnit unit, int entriesPerRequest, Duration requestTimeout, List<Phase> phases,
                   List<EventKind> mix, Detail detail, ProducerRetry producerRetry) {
    public Load {
        Objects.requireNonNull(bus, "bus");
        Objects.requireNonNull(unit, "unit");
        if (entriesPerRequest < 1 || entriesPerRequest > 10) {
            throw new IllegalArgumentException("entriesPerRequest " + entriesPerRequest + " is outside 1..10");
        }
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        phases = List.copyOf(phases);
        mix = List.copyOf(mix);
        if (phases.isEmpty() || mix.isEmpty()) {
            throw new IllegalArgumentException("a load needs at least one phase and one event kind");
        }
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(producerRetry, "producerRetry");
    }

    /** The sum of the phases' durations. */
    public Duration totalDuration() {
        return phases.stream().map(Phase::duration).reduce(Duration.ZERO, Duration::plus);
    }

    /** The highest rate any phase reaches, in {@link #unit()}. */
    public double peakRate() {
        return phases.stream().mapToDouble(Phase::peakRate).max().orElse(0);
    }

    /** The highest offered PutEvents request rate, in requests/s. */
    public double peakRequestsPerSecond() {
        return unit == RateUnit.REQUESTS_PER_SECOND ? peakRate() : peakRate() / entriesPerRequest;
    }

    /** Whether phase rates count events or PutEvents requests. */
    public enum RateUnit {
        EVENTS_PER_SECOND("events/s"), REQUESTS_PER_SECOND("requests/s");

        private final String yamlName;

        RateUnit(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }

        public static RateUnit fromYaml(String name) {
            return Yaml.find(values(), RateUnit::yamlName, name);
        }
    }

    /** A load phase; rates are in the load's unit. */
    public sealed interface Phase permits Constant, Ramp, Spike, Stairs {
        Duration duration();

        /** The highest rate the phase reaches. */
        double peakRate();
    }

    /** A steady rate. */
    public record Constant(double rate, Duration duration) implements Phase {
        public Constant {
            requirePositive(duration);
        }

        @Override
        public double peakRate() {
            return rate;
        }
    }

    /** A linear ramp from one rate to another. */
    public record Ramp(double from, double to, Duration duration) implements Phase {
        public Ramp {
            requirePositive(duration);
        }

        @Override
        public double peakRate() {
            return Math.max(from, to);
        }
    }

    /** A baseline rate with a jump to {@code peakRate} for {@code peakDuration} in the middle of the phase. */
    public record Spike(double rate, double peakRate, Duration peakDuration, Duration duration) implements Phase {
        public Spike {
            requirePositive(duration);
            requirePositive(peakDuration);
            if (peakDuration.compareTo(duration) > 0) {
                throw new IllegalArgumentException("a spike's peakDuration cannot exceed its duration");
            }
        }

        /** When the peak starts, from the start of the phase. */
        public Duration peakStartsAfter() {
            return duration.minus(peakDuration).dividedBy(2);
        }
    }

    /** Equal steps from one rate to another. */
    public record Stairs(double from, double to, int steps, Duration duration) implements Phase {
        public Stairs {
            requirePositive(duration);
            if (steps < 2) {
                throw new IllegalArgumentException("stairs need at least 2 steps, got " + steps);
            }
        }

        @Override
        public double peakRate() {
            return Math.max(from, to);
        }

        /** The rate of step {@code index} (0-based). */
        public double stepRate(int index) {
            return from + (to - from) * index / (steps - 1);
        }
    }

    private static void requirePositive(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("a phase duration must be positive, got " + duration);
        }
    }

    /**
     * One kind of event in the mix.
     *
     * @param detailTemplateJson this kind's own detail template, or the load's when the file gives none
     */
    public record EventKind(String source, String detailType, int weight, String detailTemplateJson) {
        public EventKind {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(detailType, "detailType");
            Objects.requireNonNull(detailTemplateJson, "detailTemplateJson");
            if (weight < 1) {
                throw new IllegalArgumentException("weight must be at least 1, got " + weight);
            }
        }
    }

    /**
     * The detail template.
     *
     * @param templateJson the template object as JSON; string values may hold ${seq}, ${uuid}, ${now},
     *                     ${randomInt(a,b)} and ${choice(a,b,...)}
     * @param sizeBytes    pad each detail to about this many bytes; 0 leaves it as rendered
     */
    public record Detail(String templateJson, int sizeBytes) {
        public Detail {
            Objects.requireNonNull(templateJson, "templateJson");
            if (sizeBytes < 0 || sizeBytes > 1_048_576) {
                throw new IllegalArgumentException("sizeBytes " + sizeBytes + " is outside 0..1048576");
            }
        }
    }

    /**
     * The producer-retry model.
     *
     * @param maxAttempts attempts per entry including the first
     * @param retryOn     what is retried
     */
    public record ProducerRetry(int maxAttempts, Set<RetryCause> retryOn, Backoff backoff) {
        public ProducerRetry {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
            }
            retryOn = Set.copyOf(retryOn);
            Objects.requireNonNull(backoff, "backoff");
        }
    }

    /** What a producer retries. */
    public enum RetryCause {
        THROTTLING_EXCEPTION("ThrottlingException"), INTERNAL_FAILURE("InternalFailure"), TIMEOUT("Timeout");

        private final String yamlName;

        RetryCause(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }

        public static RetryCause fromYaml(String name) {
            return Yaml.find(values(), RetryCause::yamlName, name);
        }
    }

    /** Exponential backoff between producer attempts. */
    public record Backoff(Duration initial, Duration max, double multiplier, Jitter jitter) {
        public Backoff {
            Objects.requireNonNull(initial, "initial");
            Objects.requireNonNull(max, "max");
            Objects.requireNonNull(jitter, "jitter");
            if (initial.compareTo(max) > 0) {
                throw new IllegalArgumentException("backoff initial " + initial + " exceeds max " + max);
            }
        }
    }

    /** Backoff jitter, as the AWS SDKs apply it. */
    public enum Jitter {
        FULL("full"), EQUAL("equal"), NONE("none");

        private final String yamlName;

        Jitter(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }

        public static Jitter fromYaml(String name) {
            return Yaml.find(values(), Jitter::yamlName, name);
        }
    }
}

package io.busquake.load;

import io.busquake.scenario.Load;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The scenario's phases as a list of steps in PutEvents requests per second, the form both the Gatling injection
 * profile and the run's timeline are made from, so the two agree.
 *
 * <p>A warm-up ramp is put in front when the first phase starts above {@link #WARM_UP_ABOVE_REQUESTS_PER_SECOND}: an
 * open-model injection that starts cold at 10,000 requests/s opened connections faster than they were reused and
 * hit the open-files limit here. The warm-up is extra time before the phases; the phases' own times are unchanged.
 *
 * @param steps every step in order, warm-up and idle tail included
 */
public record LoadPlan(List<Step> steps) {
    /** The first phase's starting rate above which a warm-up ramp is added. */
    public static final double WARM_UP_ABOVE_REQUESTS_PER_SECOND = 100;
    /** The warm-up's ramp lasts one second per this many requests/s of the starting rate, within 5 s..60 s. */
    private static final double WARM_UP_REQUESTS_PER_SECOND_PER_SECOND = 500;

    public LoadPlan {
        steps = List.copyOf(steps);
    }

    /**
     * One step of constant or linearly changing rate.
     *
     * @param event  the timeline event this step starts: {@code warm-up}, {@code phase} or {@code idle}; empty for
     *               a step inside a phase (a spike's peak, a stair)
     * @param detail what the timeline says about it
     */
    public record Step(String event, String detail, double fromRequestsPerSecond, double toRequestsPerSecond,
                       Duration duration) {
        public Step {
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(duration, "duration");
            if (fromRequestsPerSecond < 0 || toRequestsPerSecond < 0) {
                throw new IllegalArgumentException("a rate cannot be negative, but was " + fromRequestsPerSecond
                        + " -> " + toRequestsPerSecond);
            }
        }

        public boolean constant() {
            return fromRequestsPerSecond == toRequestsPerSecond;
        }
    }

    /** The plan for {@code load}, lasting {@code runDuration} from the end of any warm-up. */
    public static LoadPlan of(Load load, Duration runDuration) {
        double perRequest = load.unit() == Load.RateUnit.EVENTS_PER_SECOND ? load.entriesPerRequest() : 1;
        String unit = load.unit().yamlName();
        List<Step> steps = new ArrayList<>();
        List<Load.Phase> phases = load.phases();
        double start = startRate(phases.get(0)) / perRequest;
        if (start > WARM_UP_ABOVE_REQUESTS_PER_SECOND) {
            long seconds = Math.max(5, Math.min(60, Math.round(start / WARM_UP_REQUESTS_PER_SECOND_PER_SECOND)));
            steps.add(new Step("warm-up", "ramp 1 -> " + rate(start) + " requests/s for " + seconds + "s", 1, start,
                    Duration.ofSeconds(seconds)));
        }
        for (int i = 0; i < phases.size(); i++) {
            String name = "phase";
            String prefix = (i + 1) + "/" + phases.size() + " ";
            Load.Phase phase = phases.get(i);
            if (phase instanceof Load.Constant c) {
                steps.add(new Step(name, prefix + "constant " + rate(c.rate()) + " " + unit + " for "
                        + text(c.duration()), c.rate() / perRequest, c.rate() / perRequest, c.duration()));
            } else if (phase instanceof Load.Ramp r) {
                steps.add(new Step(name, prefix + "ramp " + rate(r.from()) + " -> " + rate(r.to()) + " " + unit
                        + " for " + text(r.duration()), r.from() / perRequest, r.to() / perRequest, r.duration()));
            } else if (phase instanceof Load.Spike s) {
                Duration before = s.peakStartsAfter();
                Duration after = s.duration().minus(before).minus(s.peakDuration());
                String detail = prefix + "spike " + rate(s.rate()) + " " + unit + ", peak " + rate(s.peakRate())
                        + " for " + text(s.peakDuration()) + " after " + text(before);
                addConstant(steps, name, detail, s.rate() / perRequest, before);
                addConstant(steps, "", "spike peak " + rate(s.peakRate()) + " " + unit, s.peakRate() / perRequest,
                        s.peakDuration());
                addConstant(steps, "", "spike over, back to " + rate(s.rate()) + " " + unit,
                        s.rate() / perRequest, after);
            } else if (phase instanceof Load.Stairs st) {
                Duration step = st.duration().dividedBy(st.steps());
                for (int k = 0; k < st.steps(); k++) {
                    Duration length = k == st.steps() - 1 ? st.duration().minus(step.multipliedBy(k)) : step;
                    String detail = "stair " + (k + 1) + "/" + st.steps() + " " + rate(st.stepRate(k)) + " " + unit;
                    addConstant(steps, k == 0 ? name : "", k == 0 ? prefix + "stairs " + rate(st.from()) + " -> "
                            + rate(st.to()) + " " + unit + " in " + st.steps() + " steps; " + detail : detail,
                            st.stepRate(k) / perRequest, length);
                }
            }
        }
        Duration idle = runDuration.minus(load.totalDuration());
        if (idle.isNegative()) {
            throw new IllegalArgumentException("the run duration " + runDuration + " is shorter than the phases ("
                    + load.totalDuration() + ")");
        }
        if (!idle.isZero()) {
            steps.add(new Step("idle", "no load until the run's duration is over, for " + text(idle), 0, 0, idle));
        }
        return new LoadPlan(steps);
    }

    private static void addConstant(List<Step> steps, String event, String detail, double rate, Duration duration) {
        if (!duration.isZero()) {
            steps.add(new Step(event, detail, rate, rate, duration));
        }
    }

    private static double startRate(Load.Phase phase) {
        if (phase instanceof Load.Constant c) {
            return c.rate();
        } else if (phase instanceof Load.Ramp r) {
            return r.from();
        } else if (phase instanceof Load.Spike s) {
            return s.peakStartsAfter().isZero() ? s.peakRate() : s.rate();
        } else {
            return ((Load.Stairs) phase).from();
        }
    }

    /** The whole plan's length, warm-up and idle tail included. */
    public Duration totalDuration() {
        return steps.stream().map(Step::duration).reduce(Duration.ZERO, Duration::plus);
    }

    private static String rate(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String text(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }
}

package io.busquake.load.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Drives the meter with made-up timestamps: no clock, no sleeping. */
class StepMeterTest {
    private static final long S = 1_000_000_000L;
    /** Where the made-up clock starts, far from zero as System.nanoTime() is. */
    private static final long T0 = 7_000 * S;

    /** Warm-up 10 s (ramp 5 -> 100/s: 525 users), then 100, 200, 400 requests/s, each 2 s settle + 5 s measured. */
    private final Ladder ladder = new Ladder(Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(5),
            List.of(100.0, 200.0, 400.0));
    private final List<StepResult> judged = new ArrayList<>();
    /** A made-up CPU clock that runs 30 ms of CPU per second of the made-up wall clock. */
    private long wallNanos;
    private final StepMeter meter = new StepMeter(ladder, () -> wallNanos * 3 / 100, judged::add);

    /** Starts the warm-up's users, the first of which is late: the steps must be timed from the first step's user. */
    private long warmUp(long stepsStartAt) {
        meter.userStarted(T0 + 3 * S);
        for (long i = 1; i < ladder.warmupUsers(); i++) {
            meter.userStarted(T0 + 3 * S + i);
        }
        meter.userStarted(stepsStartAt);
        return stepsStartAt - ladder.warmup().toNanos();
    }

    /** Sends {@code rate}/s over [from, to), each answered {@code latency} later. */
    private void send(long from, long to, double rate, long latency, boolean ok) {
        long gap = (long) (S / rate);
        for (long t = from; t < to; t += gap) {
            wallNanos = t + latency;
            meter.completed(t, t + latency, ok);
        }
    }

    @Test
    void stepsAnsweredAtTheRequestedRate_areSustained_andTheHighestOfThemIsTheAnswer() {
        long start = warmUp(T0 + 10 * S);
        send(start + 10 * S, start + 17 * S, 100, 1_000_000, true);
        send(start + 17 * S, start + 24 * S, 200, 1_000_000, true);
        send(start + 24 * S, start + 31 * S, 400, 1_000_000, true);

        List<StepResult> results = meter.results();

        assertThat(results).hasSize(3).allMatch(StepResult::sustained);
        assertThat(results.get(1).achievedPerSecond()).isEqualTo(200.0);
        assertThat(results.get(1).sent()).isEqualTo(1400);
        assertThat(results.get(1).p50Millis()).isEqualTo(1.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(StepResult.highestSustained(results)).map(StepResult::requestedPerSecond).hasValue(400.0);
    }

    @Test
    void cpuPerRequest_isTheCpuTimeOfTheMeasuredPart_overTheRequestsItAnswered() {
        long start = warmUp(T0 + 10 * S);
        send(start + 10 * S, start + 17 * S, 100, 1_000_000, true);
        // On into the third step, whose first answer reads the clock at the end of the second.
        send(start + 17 * S, start + 25 * S, 200, 1_000_000, true);

        List<StepResult> results = meter.results();

        // 30 ms of CPU a second: 300 us a request at 100/s, 150 us at 200/s (give or take the readings' lag).
        assertThat(results.get(0).cpuMicrosPerRequest()).isCloseTo(300.0, org.assertj.core.data.Offset.offset(1.0));
        assertThat(results.get(1).cpuMicrosPerRequest()).isCloseTo(150.0, org.assertj.core.data.Offset.offset(1.0));
        assertThat(new StepMeter(ladder).results()).isEmpty();
    }

    @Test
    void aStepAnsweredBelow98PercentOfItsRate_isNotSustained_andStopsTheRunOnceItHasEnded() {
        long start = warmUp(T0 + 10 * S);
        send(start + 10 * S, start + 17 * S, 100, 1_000_000, true);
        // Asked for 200/s, answered 195/s: 97.5%.
        send(start + 17 * S, start + 24 * S, 195, 1_000_000, true);

        assertThat(meter.stopReason(start + 24 * S - 1)).isEmpty();
        assertThat(meter.stopReason(start + 24 * S)).hasValue(
                "step 2 (200 requests/s) not sustained: achieved 195/s, 97.5% of requested");
        assertThat(judged).extracting(StepResult::sustained).containsExactly(true, false);
        assertThat(meter.results()).hasSize(2);
        assertThat(StepResult.highestSustained(meter.results())).map(StepResult::requestedPerSecond).hasValue(100.0);
        assertThat(StepResult.firstUnsustained(meter.results())).map(StepResult::requestedPerSecond)
                .hasValue(200.0);
    }

    @Test
    void oneFailedRequest_failsTheStepItWasSentIn_evenWhenItFailsLater() {
        long start = warmUp(T0 + 10 * S);
        send(start + 10 * S, start + 17 * S, 100, 1_000_000, true);
        send(start + 17 * S, start + 24 * S, 200, 1_000_000, true);
        send(start + 24 * S, start + 31 * S, 400, 1_000_000, true);
        // Sent in the first step's settle time, timed out in the third step.
        meter.completed(start + 11 * S, start + 26 * S, false);

        List<StepResult> results = meter.results();

        assertThat(results.get(0).reason()).isEqualTo("1 failed request");
        assertThat(StepResult.highestSustained(results)).isEmpty();
    }

    @Test
    void arrivalsDroppedWithTooManyRequestsInFlight_failTheStepTheyArrivedIn() {
        long start = warmUp(T0 + 10 * S);
        send(start + 10 * S, start + 17 * S, 100, 1_000_000, true);
        meter.dropped(start + 5 * S);
        meter.dropped(start + 18 * S);
        meter.dropped(start + 18 * S + 1);
        meter.completed(start + 18 * S, start + 19 * S, false);

        StepResult second = meter.results().get(1);

        assertThat(meter.results().get(0).sustained()).isTrue();
        assertThat(second.dropped()).isEqualTo(2);
        assertThat(second.reason())
                .isEqualTo("1 failed request and 2 arrivals dropped with the most requests in flight");
        assertThat(meter.warmupErrors()).isEqualTo(1);
    }

    @Test
    void stepsAboveAFailure_areNotBelievedEvenWhenTheyPass() {
        List<StepResult> steps = List.of(new StepResult(0, 100, 100, 700, 0, 0, 1, 2, 3, 50, ""),
                new StepResult(1, 200, 150, 1400, 0, 0, 1, 2, 3, 50, "achieved 150/s, 75.0% of requested"),
                new StepResult(2, 400, 400, 2800, 0, 0, 1, 2, 3, 50, ""));

        assertThat(StepResult.highestSustained(steps)).map(StepResult::requestedPerSecond).hasValue(100.0);
    }

    @Test
    void requestsOfTheWarmUp_countOnlyAsWarmUpErrors() {
        // Before the steps are timed, and after, but sent before the first step started.
        meter.completed(T0, T0 + S, false);
        long start = warmUp(T0 + 10 * S);
        meter.completed(start + 5 * S, start + 11 * S, false);
        send(start + 10 * S, start + 17 * S, 100, 1_000_000, true);

        assertThat(meter.warmupErrors()).isEqualTo(2);
        assertThat(meter.results().get(0).sustained()).isTrue();
    }

    @Test
    void answersOfAnEarlierBacklog_countForTheStepTheyArriveIn_notTheOneTheyWereSentIn() {
        long start = warmUp(T0 + 10 * S);
        // The first step is answered 3 s late: its measured window sees only 4 of its 5 seconds' answers.
        send(start + 10 * S, start + 17 * S, 100, 3 * S, true);

        StepResult first = meter.results().get(0);

        assertThat(first.achievedPerSecond()).isEqualTo(80.0);
        assertThat(first.reason()).isEqualTo("achieved 80/s, 80.0% of requested");
        assertThat(first.p99Millis()).isEqualTo(3000.0, org.assertj.core.data.Offset.offset(3.0));
    }
}

package io.busquake.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.busquake.scenario.Scenario;
import io.busquake.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoadPlanTest {
    private static Scenario smokeWith(String overrides) {
        return ScenarioLoader.load(Path.of("scenarios/smoke.yaml"), overrides);
    }

    @Test
    void eventsPerSecond_becomeRequestsPerSecond_dividedByEntriesPerRequest() {
        Scenario smoke = smokeWith("");
        LoadPlan plan = LoadPlan.of(smoke.load(), smoke.duration());

        assertThat(plan.steps()).extracting(LoadPlan.Step::event).containsExactly("phase", "phase");
        LoadPlan.Step ramp = plan.steps().get(0);
        assertThat(ramp.fromRequestsPerSecond()).isEqualTo(1.0);
        assertThat(ramp.toRequestsPerSecond()).isEqualTo(20.0);
        assertThat(ramp.detail()).isEqualTo("1/2 ramp 10 -> 200 events/s for 10s");
        assertThat(plan.totalDuration()).isEqualTo(Duration.ofSeconds(40));
    }

    @Test
    void aHighStartingRate_getsAWarmUpRampInFront_andThePhasesKeepTheirTime() {
        Scenario fast = smokeWith("load.phases[0].from=50000,load.phases[0].to=100000,load.phases[1].rate=100000");
        LoadPlan plan = LoadPlan.of(fast.load(), fast.duration());

        LoadPlan.Step warmUp = plan.steps().get(0);
        assertThat(warmUp.event()).isEqualTo("warm-up");
        assertThat(warmUp.fromRequestsPerSecond()).isEqualTo(1.0);
        assertThat(warmUp.toRequestsPerSecond()).isEqualTo(5000.0);
        assertThat(warmUp.duration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(plan.totalDuration()).isEqualTo(Duration.ofSeconds(50));
    }

    @Test
    void spikeAndStairs_becomeConstantSteps_andAnIdleTailFillsTheRunDuration() {
        Scenario shaped = smokeWith("load.unit=requests/s,duration=70s,"
                + "load.phases[0]={type: spike, rate: 10, peakRate: 100, peakDuration: 4s, duration: 10s},"
                + "load.phases[1]={type: stairs, from: 10, to: 40, steps: 4, duration: 30s}");
        LoadPlan plan = LoadPlan.of(shaped.load(), shaped.duration());

        assertThat(plan.steps()).extracting(LoadPlan.Step::fromRequestsPerSecond)
                .containsExactly(10.0, 100.0, 10.0, 10.0, 20.0, 30.0, 40.0, 0.0);
        assertThat(plan.steps()).allMatch(LoadPlan.Step::constant);
        assertThat(plan.steps()).extracting(LoadPlan.Step::duration).containsExactly(Duration.ofSeconds(3),
                Duration.ofSeconds(4), Duration.ofSeconds(3), Duration.ofMillis(7500), Duration.ofMillis(7500),
                Duration.ofMillis(7500), Duration.ofMillis(7500), Duration.ofSeconds(30));
        assertThat(plan.steps()).extracting(LoadPlan.Step::event)
                .containsExactly("phase", "", "", "phase", "", "", "", "idle");
    }
}

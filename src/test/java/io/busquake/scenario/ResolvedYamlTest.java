package io.busquake.scenario;

import static io.busquake.scenario.Scenarios.MINIMAL;
import static io.busquake.scenario.Scenarios.load;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResolvedYamlTest {

    @Test
    void aResolvedScenario_writesEveryDefaultOut() {
        String yaml = load(MINIMAL).toYaml();

        assertThat(yaml).startsWith("# yaml-language-server: $schema=")
                .contains("name: x", "settle: 30s", "type: embedded", "region: us-east-1", "account: '000000000000'",
                        "maximumRetryAttempts: 185", "maximumEventAgeSeconds: 86400", "visibilityTimeoutSeconds: 30",
                        "entriesPerRequest: 10", "maxAttempts: 3", "jitter: full", "idempotent: true",
                        "waitTime: 20s", "metric: PutEventsApproximateThrottledCount");
    }

    @Test
    void aResolvedScenario_loadsBackIntoAnEqualScenario_includingEveryFaultParameter() {
        Scenario scenario = load(MINIMAL + """
                faults:
                  - type: target-errors
                    target: orders
                    startAfter: 2s
                    duration: 5s
                  - type: target-errors
                    target: orders
                    mode: slow
                    delay: 750ms
                    startAfter: 8s
                    duration: 5s
                  - type: poison-events
                    rate: 2.5
                    startAfter: 1s
                    duration: 3s
                  - {type: squeeze-quota, tps: 3, startAfter: 10s, duration: 10s}
                expect:
                  noLoss: {allowLossDuring: [target-errors-2]}
                  latency:
                    orders: {p50: 100ms, p99: 1s}
                """);

        Scenario reloaded = ScenarioLoader.parse("scenario.resolved.yaml", scenario.toYaml(), "", "other");

        assertThat(reloaded).isEqualTo(scenario);
        assertThat(scenario.faults()).extracting(Fault::name)
                .containsExactly("target-errors", "target-errors-2", "poison-events", "squeeze-quota");
        assertThat(scenario.faults().get(0).errorCode()).contains("INTERNAL_ERROR");
        assertThat(scenario.faults().get(0).fraction()).hasValue(1.0);
        assertThat(scenario.faults().get(2).kinds()).containsExactly(Fault.PoisonKind.values());
    }
}

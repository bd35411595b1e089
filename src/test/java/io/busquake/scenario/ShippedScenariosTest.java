package io.busquake.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ShippedScenariosTest {
    private static final Path SCENARIOS = Path.of("scenarios");

    static Stream<Path> shippedScenarios() throws IOException {
        try (Stream<Path> files = Files.list(SCENARIOS)) {
            return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @Test
    void theFiveScenariosOfIssueSix_areShipped() throws IOException {
        assertThat(shippedScenarios().map(file -> file.getFileName().toString()))
                .contains("smoke.yaml", "target-outage.yaml", "throttle-storm.yaml", "duplicate-storm.yaml",
                        "event-loss.yaml");
    }

    @ParameterizedTest
    @MethodSource("shippedScenarios")
    void everyShippedScenario_loadsAndValidates(Path file) {
        Scenario scenario = ScenarioLoader.load(file);

        assertThat(scenario.name()).isEqualTo(file.getFileName().toString().replace(".yaml", ""));
        assertThat(scenario.load().phases()).isNotEmpty();
        assertThat(scenario.alarms()).isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("shippedScenarios")
    void everyShippedScenario_namesTheSchemaForEditors(Path file) throws IOException {
        assertThat(Files.readAllLines(file).get(0))
                .isEqualTo("# yaml-language-server: $schema=../src/main/resources/io/busquake/scenario/scenario.schema.json");
    }

    @ParameterizedTest
    @MethodSource("shippedScenarios")
    void everyShippedScenario_survivesARoundTripThroughResolvedYaml(Path file) {
        Scenario scenario = ScenarioLoader.load(file);

        Scenario reloaded = ScenarioLoader.parse("scenario.resolved.yaml", scenario.toYaml(), "", "unused");

        assertThat(reloaded).isEqualTo(scenario);
    }

    @Test
    void smoke_resolvesToTheDefaultsTheFormatDocuments() {
        Scenario smoke = ScenarioLoader.load(SCENARIOS.resolve("smoke.yaml"));

        assertThat(smoke.target().type()).isEqualTo(Target.Type.EMBEDDED);
        assertThat(smoke.target().region()).isEqualTo("us-east-1");
        assertThat(smoke.target().account()).isEqualTo("000000000000");
        assertThat(smoke.target().credentials().source()).isEqualTo(Target.Credentials.Source.TEST);
        assertThat(smoke.duration()).hasSeconds(40);
        assertThat(smoke.settle()).hasSeconds(20);
        Topology.Queue dlq = smoke.topology().queues().get("orders-dlq");
        assertThat(dlq.visibilityTimeoutSeconds()).isEqualTo(30);
        assertThat(dlq.maximumMessageSizeBytes()).isEqualTo(1_048_576);
        Topology.RuleTarget target = smoke.topology().rules().get("orders-to-queue").targets().get(0);
        assertThat(target.id()).isEqualTo("orders");
        assertThat(target.retryPolicy()).isEqualTo(new Topology.RetryPolicy(3, 300));
        assertThat(smoke.topology().rules().get("orders-to-queue").eventPatternJson())
                .isEqualTo("{\"source\":[\"com.example.orders\"]}");
        assertThat(smoke.load().producerRetry().maxAttempts()).isEqualTo(3);
        assertThat(smoke.load().phases()).containsExactly(
                new Load.Ramp(10, 200, java.time.Duration.ofSeconds(10)),
                new Load.Constant(200, java.time.Duration.ofSeconds(30)));
        assertThat(smoke.consumers().get("orders").idempotent()).isTrue();
        assertThat(smoke.expect().noLoss()).isEqualTo(new Expect.NoLoss(true, List.of()));
    }
}

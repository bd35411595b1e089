package io.busquake.scenario;

import static io.busquake.scenario.Scenarios.MINIMAL;
import static io.busquake.scenario.Scenarios.load;
import static io.busquake.scenario.Scenarios.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OverridesTest {

    @Test
    void overrides_setAListItemAndAMapMember_typedPerTheSchema() {
        Scenario scenario = load(MINIMAL, "load.phases[0].rate=500,consumers.orders.idempotent=false");

        assertThat(scenario.load().phases().get(0)).isEqualTo(new Load.Constant(500, Duration.ofSeconds(30)));
        assertThat(scenario.consumers().get("orders").idempotent()).isFalse();
    }

    @Test
    void duplicateStorm_canSwitchIdempotencyOffFromTheCommandLine() {
        Scenario scenario = ScenarioLoader.load(Path.of("scenarios/duplicate-storm.yaml"),
                "consumers.orders.idempotent=false");

        assertThat(scenario.consumers().get("orders").idempotent()).isFalse();
    }

    @Test
    void anOverride_canAddAKeyTheFileLeftToItsDefault() {
        Scenario scenario = load(MINIMAL, "topology.queues.orders.visibilityTimeoutSeconds=90,settle=2m");

        assertThat(scenario.topology().queues().get("orders").visibilityTimeoutSeconds()).isEqualTo(90);
        assertThat(scenario.settle()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void listAndMappingValues_areReadAsYaml_andCommasInsideThemDoNotSplitOverrides() {
        Scenario scenario = load(MINIMAL, "expect.allowNotVerifiable=[alarms,latency],"
                + "load.detail.template={channel: \"${choice(web,app)}\"},load.entriesPerRequest=5");

        assertThat(scenario.expect().allowNotVerifiable()).containsExactlyInAnyOrder("alarms", "latency");
        assertThat(scenario.load().detail().templateJson()).isEqualTo("{\"channel\":\"${choice(web,app)}\"}");
        assertThat(scenario.load().entriesPerRequest()).isEqualTo(5);
    }

    @Test
    void aQuotedKey_reachesNamesContainingDots() {
        String yaml = MINIMAL.replace("    orders-dlq:\n", "    orders-dlq:\n    audit.fifo:\n      fifo: true\n");

        Scenario scenario = load(yaml, "topology.queues[\"audit.fifo\"].delaySeconds=5");

        assertThat(scenario.topology().queues().get("audit.fifo").delaySeconds()).isEqualTo(5);
    }

    @Test
    void anOverriddenValueOutOfRange_isReportedAgainstTheOverride() {
        assertThat(problems(MINIMAL, "load.phases[0].rate=-5")).containsExactly(
                "-Dset load.phases[0].rate=-5: load.phases[0].rate: -5 is out of range;"
                        + " allowed: 0..1000000 events/s. Fix: set load.phases[0].rate within 0..1000000 events/s.");
    }

    @Test
    void aValueThatIsNotOfTheSchemaType_namesTheOverrideAndTheFix() {
        assertThat(problems(MINIMAL, "consumers.orders.idempotent=maybe")).containsExactly(
                "-Dset consumers.orders.idempotent=maybe: consumers.orders.idempotent: \"maybe\" is not true or false;"
                        + " allowed: true or false. Fix: write consumers.orders.idempotent=<true or false>.");
    }

    @Test
    void aMisspeltKey_suggestsTheRealOne() {
        assertThat(problems(MINIMAL, "consumers.orders.idempotnt=false")).containsExactly(
                "-Dset consumers.orders.idempotnt=false: consumers.orders.idempotnt: unknown key \"idempotnt\";"
                        + " allowed: queue, concurrency, processingTime, idempotent, idempotencyExpiry, batchSize,"
                        + " waitTime, visibility. Fix: did you mean \"idempotent\"?");
    }

    @Test
    void aMisspeltName_suggestsTheNameTheFileDefines() {
        assertThat(problems(MINIMAL, "consumers.order.idempotent=false")).containsExactly(
                "-Dset consumers.order.idempotent=false: consumers.order: \"order\" is not defined in the file;"
                        + " allowed: orders. Fix: did you mean \"orders\"?");
    }

    @Test
    void anIndexPastTheEndOfAList_givesTheValidIndexes() {
        assertThat(problems(MINIMAL, "load.phases[3].rate=5")).containsExactly(
                "-Dset load.phases[3].rate=5: load.phases[3]: index 3 is out of range; the list has 1 item;"
                        + " allowed: 0..0. Fix: use an existing index, or add the item in the file.");
    }

    @Test
    void anOverrideWithoutAValue_showsTheSyntax() {
        assertThat(problems(MINIMAL, "load.bus")).containsExactly(
                "-Dset load.bus: load.bus: has no \"=<value>\"; allowed: -Dset=<path>=<value>[,<path>=<value>...],"
                        + " e.g. -Dset=load.phases[0].rate=500. Fix: write the override as <path>=<value>.");
    }

    @Test
    void overrideProblems_comeBeforeFileProblems_andAreAllReportedTogether() {
        String yaml = MINIMAL.replace("rate: 100", "rate: -1");

        assertThat(problems(yaml, "settle=soon")).hasSize(2).first().asString()
                .startsWith("-Dset settle=soon: settle: \"soon\" is not of the expected form;");
    }
}

package io.busquake.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.busquake.report.HtmlReport;
import io.busquake.report.VerdictFiles;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ShippedScenarioVerdictTest {
    @TempDir
    Path results;

    @Test
    void smoke_isAllGreen_andWritesEveryArtefact() {
        ScenarioDriver driver = new ScenarioDriver("smoke.yaml",
                "load.phases[0].duration=2s,load.phases[1].duration=3s,consumers.orders.waitTime=1s", results);
        Verdict verdict = driver.run(5);

        assertThat(verdict.failures()).as(driver.console()).isEmpty();
        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.expectations()).extracting(ExpectationResult::id).containsExactly(
                "noLoss[orders]", "noDuplicateEffects[orders]", "latency[orders]", "ingest");
        assertThat(verdict.expectations()).allMatch(e -> e.status() == Status.PASSED);
        assertThat(verdict.expectation("noLoss[orders]").evidence()).containsEntry("expectedToMatch", 250L)
                .containsEntry("delivered", 250L);
        Path dir = driver.results();
        assertThat(dir.resolve(VerdictFiles.VERDICT_FILE)).content().contains("\"verdict\" : \"passed\"");
        assertThat(dir.resolve(VerdictFiles.JUNIT_FILE)).content().contains("tests=\"4\" failures=\"0\"");
        assertThat(dir.resolve(HtmlReport.FILE)).content().contains("<svg id=\"ingest\"", "<svg id=\"alarms\"");
        assertThat(dir.resolve("orders.e2e.hlog")).content().contains("#[StartTime:");
    }

    @Test
    void targetOutage_dlqHoldsEveryFailureWithNoPermissions_andBothAlarmsFireAndRecover() {
        ScenarioDriver driver = new ScenarioDriver("target-outage.yaml", "consumers.orders.waitTime=1s", results);
        Verdict verdict = driver.run(2);

        assertThat(verdict.failures()).as(driver.console()).isEmpty();
        ExpectationResult dlq = verdict.expectation("dlq[orders-dlq]");
        assertThat(dlq.status()).isEqualTo(Status.PASSED);
        assertThat((Long) dlq.evidence().get("deadLettered")).isEqualTo(1200L);
        assertThat(verdict.expectation("alarms[busquake-orders-to-queue-FailedInvocations after deny-target]")
                .evidence()).containsKeys("reachedAt", "recoveredAt");
    }

    @Test
    void anAlarmThatNeverFires_failsWithItsHistoryAsEvidence() {
        ScenarioDriver driver = new ScenarioDriver("smoke.yaml",
                "load.phases[0].duration=2s,load.phases[1].duration=3s,consumers.orders.waitTime=1s,settle=2m,"
                        + "expect.alarms=[{alarm: busquake-orders-to-queue-FailedInvocations, within: 1m}]", results);
        Verdict verdict = driver.run(5);

        assertThat(verdict.passed()).isFalse();
        ExpectationResult alarm = verdict.expectation("alarms[busquake-orders-to-queue-FailedInvocations]");
        assertThat(alarm.status()).isEqualTo(Status.FAILED);
        assertThat(alarm.summary()).contains("never reached ALARM");
        assertThat(alarm.evidence().get("history").toString()).contains("INSUFFICIENT_DATA -> OK");
        assertThat(driver.console()).contains("busquake verdict FAILED", "never reached ALARM");
    }
}

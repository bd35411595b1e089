package io.busquake.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.busquake.ledger.Ledger;
import io.busquake.ledger.SequenceSet;
import io.busquake.ledger.TargetLedger;
import io.busquake.run.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/**
 * The shipped fault scenarios (throttle-storm, duplicate-storm, event-loss) and slow-consumer alone, each run through
 * the real run lifecycle on the embedded endpoint in virtual time ({@link ScenarioDriver}); each verdict is what the
 * scenario file says.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class FaultScenarioVerdictTest {
    @TempDir
    Path results;

    @Test
    void throttleStorm_throttledCountAlarmFiresAndRecovers_andProducerRetriesLoseNothing() throws IOException {
        // Scaled down to seconds of wall time: the quota squeezed to 2 requests/s under an offered 4, one entry each.
        ScenarioDriver driver = new ScenarioDriver("throttle-storm.yaml",
                "load.entriesPerRequest=1,consumers.orders.waitTime=1s,faults[0].tps=2", results);
        Verdict verdict = driver.run(4);

        assertThat(verdict.failures()).as(driver.console()).isEmpty();
        ExpectationResult alarm = verdict.expectation(
                "alarms[busquake-PutEventsApproximateThrottledCount after squeeze-quota]");
        assertThat(alarm.status()).isEqualTo(Status.PASSED);
        assertThat(alarm.evidence()).containsKeys("reachedAt", "recoveredAt");
        ExpectationResult ingest = verdict.expectation("ingest");
        assertThat((Long) ingest.evidence().get("throttledRequests")).as(ingest.toString()).isPositive();
        ExpectationResult noLoss = verdict.expectation("noLoss[orders]");
        assertThat(noLoss.status()).isEqualTo(Status.PASSED);
        assertThat(noLoss.evidence().get("expectedToMatch")).isEqualTo(noLoss.evidence().get("delivered"));
        // Every throttled entry was retried and accepted: nothing was given up on.
        List<String> outcomes = Files.readAllLines(driver.results().resolve("outcomes.csv"));
        assertThat(outcomes).noneMatch(line -> line.contains(",abandoned,"));
        assertThat(outcomes).anyMatch(line -> line.contains("ThrottlingException"));
    }

    @Test
    void duplicateStorm_deliversDuplicates_butPerformsEverySideEffectOnce() {
        ScenarioDriver driver = new ScenarioDriver("duplicate-storm.yaml", "consumers.orders.waitTime=1s", results);
        Verdict verdict = driver.run(2);

        assertThat(verdict.failures()).as(driver.console()).isEmpty();
        ExpectationResult effects = verdict.expectation("noDuplicateEffects[orders]");
        assertThat(effects.status()).isEqualTo(Status.PASSED);
        assertThat((Long) effects.evidence().get("duplicateDeliveries")).as(effects.toString()).isPositive();
        assertThat(effects.summary()).containsPattern("\\d+ delivered more than once");
        assertThat(effects.evidence().get("duplicatedKeys")).isEqualTo(List.of());
        TargetLedger orders = driver.run.ledger().target("orders");
        assertThat(orders.processed()).isEqualTo(orders.expected());
        assertThat(orders.processedMoreThanOnce().isEmpty()).isTrue();
    }

    @Test
    void duplicateStorm_withoutIdempotency_failsAndListsTheDuplicatedKeys() {
        ScenarioDriver driver = new ScenarioDriver("duplicate-storm.yaml",
                "consumers.orders.waitTime=1s,consumers.orders.idempotent=false", results);
        Verdict verdict = driver.run(2);

        assertThat(verdict.passed()).isFalse();
        ExpectationResult effects = verdict.expectation("noDuplicateEffects[orders]");
        assertThat(effects.status()).as(driver.console()).isEqualTo(Status.FAILED);
        TargetLedger orders = driver.run.ledger().target("orders");
        List<String> keys = orders.firstDuplicateEffects(20).stream()
                .map(e -> e.idempotencyKey().orElseThrow()).toList();
        assertThat(keys).isNotEmpty();
        assertThat(effects.evidence().get("duplicatedKeys")).isEqualTo(keys);
        assertThat(effects.summary()).contains(keys.get(0));
        assertThat(driver.console()).contains("busquake verdict FAILED", "noDuplicateEffects[orders]", keys.get(0));
    }

    @Test
    void eventLoss_eventLossAlarmFires_andTheVerifierNamesExactlyTheLostEvents() throws IOException {
        AtomicLong failedToDlq = new AtomicLong(-1);
        ScenarioDriver driver = new ScenarioDriver("event-loss.yaml", "consumers.orders.waitTime=1s", results,
                run -> failedToDlq.set(sum(run, "InvocationsFailedToBeSentToDlq")));
        Verdict verdict = driver.run(2);

        assertThat(verdict.failures()).as(driver.console()).isEmpty();
        ExpectationResult alarm = verdict.expectation(
                "alarms[busquake-orders-to-queue-InvocationsFailedToBeSentToDlq after break-dlq]");
        assertThat(alarm.status()).isEqualTo(Status.PASSED);
        assertThat(alarm.evidence()).containsKeys("reachedAt", "recoveredAt");

        ExpectationResult noLoss = verdict.expectation("noLoss[orders]");
        assertThat(noLoss.status()).isEqualTo(Status.PASSED);
        @SuppressWarnings("unchecked")
        Map<String, Object> lost = (Map<String, Object>) noLoss.evidence().get("lostDuringAllowedFaults");
        // As many as the endpoint itself failed to put in the DLQ...
        assertThat(failedToDlq.get()).isPositive();
        assertThat(lost.get("count")).isEqualTo(failedToDlq.get());
        // ...and exactly the first events sent once the target and its DLQ were both broken (20 s into the load).
        long faultStartMicros = ChronoUnit.MICROS.between(Instant.EPOCH,
                ScenarioDriver.T0.plus(Duration.ofSeconds(20)));
        List<Long> firstSentInFault = Files.readAllLines(driver.results().resolve("outcomes.csv")).stream().skip(1)
                .map(line -> line.split(","))
                .filter(f -> f[1].equals("1") && Long.parseLong(f[2]) >= faultStartMicros)
                .map(f -> Long.parseLong(f[0])).sorted().limit(20).toList();
        assertThat(lost.get("first")).isEqualTo(firstSentInFault);
        assertThat(noLoss.summary()).contains(firstSentInFault.get(0).toString());
        Ledger ledger = Ledger.readFrom(driver.results().resolve("ledger.bin"));
        TargetLedger orders = ledger.target("orders");
        assertThat(orders.missing(SequenceSet.empty()).count()).isEqualTo(failedToDlq.get());
    }

    @Test
    void slowConsumer_heldPastTheVisibilityTimeout_isRedelivered_andItsSideEffectRunsOnce() {
        // One event per request and per receive, four workers: the fault holds the three received in its 3 s, the
        // fourth worker is free to receive each of them again once its 5 s visibility timeout has passed.
        ScenarioDriver driver = new ScenarioDriver("smoke.yaml",
                "load.phases[0].duration=2s,load.phases[1].duration=8s,load.entriesPerRequest=1,"
                        + "consumers.orders.waitTime=1s,consumers.orders.batchSize=1,consumers.orders.concurrency=4,"
                        + "topology.queues.orders.visibilityTimeoutSeconds=5,"
                        + "faults=[{type: slow-consumer, target: orders, processingTime: 8s, startAfter: 2s, "
                        + "duration: 3s}]", results);
        Verdict verdict = driver.run(1);

        assertThat(verdict.expectation("noDuplicateEffects[orders]").status()).as(driver.console())
                .isEqualTo(Status.PASSED);
        assertThat(verdict.expectation("noLoss[orders]").status()).isEqualTo(Status.PASSED);
        TargetLedger orders = driver.run.ledger().target("orders");
        // Messages received while the fault held them came back after the visibility timeout: delivered twice.
        assertThat(orders.deliveredMoreThanOnce().count()).as(driver.console()).isEqualTo(3);
        assertThat(orders.processed()).isEqualTo(orders.expected());
        assertThat(orders.processedMoreThanOnce().isEmpty()).isTrue();
        assertThat(driver.console()).contains("slow-consumer");
    }

    private static long sum(Run run, String metric) {
        List<Datapoint> points = run.target().cloudWatch().getMetricStatistics(b -> b.namespace("AWS/Events")
                .metricName(metric).dimensions(Dimension.builder().name("EventBusName").value("orders").build(),
                        Dimension.builder().name("RuleName").value("orders-to-queue").build())
                .startTime(ScenarioDriver.T0.minus(Duration.ofMinutes(1)))
                .endTime(run.target().emulator().orElseThrow().clock().instant().plus(Duration.ofMinutes(1)))
                .period(60).statistics(Statistic.SUM)).datapoints();
        return Math.round(points.stream().mapToDouble(Datapoint::sum).sum());
    }
}

package io.busquake.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.busquake.emulator.internal.metrics.MetricAggregate;
import io.busquake.emulator.internal.metrics.MetricKey;
import io.busquake.scenario.ScenarioException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Each resource fault on the embedded endpoint over sockets, on a virtual clock: its effect while in effect, and the
 * topology exactly as before (attribute by attribute) once the timeline reverts it.
 */
class ResourceFaultsTest {
    @TempDir
    Path runDir;

    private static String fault(String type, String target, String extra) {
        return "  - type: " + type + "\n" + (target == null ? "" : "    target: " + target + "\n")
                + "    startAfter: 10s\n    duration: 60s\n" + extra;
    }

    /** Starts the timeline, lets the fault start, runs {@code during}, lets it end; answers the state before. */
    private static Map<String, String> runFault(FaultRig rig, Runnable during) {
        Map<String, String> before = rig.snapshot();
        FaultTimeline timeline = rig.timeline();
        timeline.start();
        rig.advance(Duration.ofSeconds(10));
        during.run();
        rig.advance(Duration.ofSeconds(60));
        timeline.close();
        return before;
    }

    @Test
    void denyTarget_deadLettersDeliveriesWithNoPermissions_andRevertRestoresThePolicy() {
        try (FaultRig rig = new FaultRig(runDir, fault("deny-target", "orders", ""))) {
            Map<String, String> before = runFault(rig, () -> {
                rig.put(3);
                List<Message> dead = rig.drain("orders-dlq");
                assertThat(dead).hasSize(3).allSatisfy(m -> assertThat(FaultRig.errorCode(m)).isEqualTo("NO_PERMISSIONS"));
                assertThat(rig.drain("orders")).isEmpty();
            });
            assertThat(rig.snapshot()).isEqualTo(before);
            rig.put(1);
            assertThat(rig.drain("orders")).hasSize(1);
            assertThat(rig.console()).contains("fault deny-target (deny-target) started:")
                    .contains("fault deny-target (deny-target) ended (fault ended): queue orders Policy restored");
            assertThat(rig.timeline).anySatisfy(l -> assertThat(l).startsWith("fault-started deny-target"))
                    .anySatisfy(l -> assertThat(l).startsWith("fault-ended deny-target"));
        }
    }

    @Test
    void deleteTarget_deadLettersWithNoResource_andRevertRecreatesTheQueueWithItsAttributesAndPolicy() {
        try (FaultRig rig = new FaultRig(runDir, fault("delete-target", "orders", ""))) {
            Map<String, String> before = runFault(rig, () -> {
                rig.put(2);
                assertThat(rig.drain("orders-dlq")).hasSize(2)
                        .allSatisfy(m -> assertThat(FaultRig.errorCode(m)).isEqualTo("NO_RESOURCE"));
            });
            assertThat(rig.snapshot()).isEqualTo(before);
            rig.put(1);
            assertThat(rig.drain("orders")).hasSize(1);
        }
    }

    @Test
    void breakDlq_makesDeadLetteringFail_countedAsInvocationsFailedToBeSentToDlq() {
        String faults = fault("deny-target", "orders", "") + fault("break-dlq", "orders-dlq", "");
        try (FaultRig rig = new FaultRig(runDir, faults)) {
            Map<String, String> before = runFault(rig, () -> {
                rig.put(4);
                assertThat(rig.drain("orders-dlq")).isEmpty();
                assertThat(sum(rig, "InvocationsFailedToBeSentToDlq")).isEqualTo(4);
                assertThat(sum(rig, "InvocationsSentToDlq")).isZero();
            });
            assertThat(rig.snapshot()).isEqualTo(before);
        }
    }

    @Test
    void targetErrors_failDeliveriesRetriablyUntilTheRetryPolicyRunsOut_overTheControlPath() {
        try (FaultRig rig = new FaultRig(runDir, fault("target-errors", "orders", "    errorCode: THROTTLING\n"))) {
            Map<String, String> before = runFault(rig, () -> {
                rig.put(2);
                rig.advance(Duration.ofSeconds(50));
                List<Message> dead = rig.drain("orders-dlq");
                assertThat(dead).hasSize(2).allSatisfy(m -> {
                    assertThat(FaultRig.errorCode(m)).isEqualTo("THROTTLING");
                    assertThat(m.messageAttributes().get("RETRY_ATTEMPTS").stringValue()).isEqualTo("2");
                });
                assertThat(Topologies.controls(rig.target.endpoint())).contains("THROTTLING");
            });
            assertThat(rig.snapshot()).isEqualTo(before);
        }
    }

    @Test
    void disableRule_stopsMatching_andRevertEnablesItAgain() {
        try (FaultRig rig = new FaultRig(runDir, fault("disable-rule", "orders-to-queue", ""))) {
            double matchedBefore = sum(rig, "MatchedEvents");
            Map<String, String> before = runFault(rig, () -> {
                rig.put(3);
                assertThat(rig.drain("orders")).isEmpty();
                assertThat(sum(rig, "MatchedEvents")).isEqualTo(matchedBefore);
            });
            assertThat(rig.snapshot()).isEqualTo(before);
            rig.put(2);
            assertThat(rig.drain("orders")).hasSize(2);
        }
    }

    @Test
    void squeezeQuota_throttlesPutEventsAboveTheSqueezedRate_andRevertRestoresTheQuota() {
        try (FaultRig rig = new FaultRig(runDir, fault("squeeze-quota", null, "    tps: 5\n"));
             EventBridgeClient noRetries = EventBridgeClient.builder().endpointOverride(rig.target.endpoint())
                     .region(rig.target.region()).credentialsProvider(rig.target.credentials())
                     .overrideConfiguration(c -> c.retryStrategy(software.amazon.awssdk.core.retry.RetryMode.STANDARD)
                             .retryStrategy(b -> b.maxAttempts(1))).build()) {
            Map<String, String> before = runFault(rig, () -> {
                int throttled = 0;
                for (int i = 0; i < 20; i++) {
                    try {
                        noRetries.putEvents(b -> b.entries(PutEventsRequestEntry.builder().source("com.example.orders")
                                .detailType("OrderPlaced").eventBusName("orders").detail("{}").build()));
                    } catch (EventBridgeException e) {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                        throttled++;
                    }
                }
                // The virtual clock stands still: five tokens, then every request is throttled.
                assertThat(throttled).isEqualTo(15);
            });
            assertThat(rig.snapshot()).isEqualTo(before);
        }
    }

    @Test
    void overlappingFaultsOnTheSameQueue_areRefusedBeforeAnythingChanges() {
        String faults = fault("deny-target", "orders", "") + fault("delete-target", "orders", "");
        try (FaultRig rig = new FaultRig(runDir, faults)) {
            Map<String, String> before = rig.snapshot();
            assertThatThrownBy(rig::timeline).isInstanceOf(FaultsRefused.class)
                    .hasMessageContaining("faults[delete-target] (delete-target): overlaps faults[deny-target]")
                    .hasMessageContaining("the Policy and existence of queue orders");
            assertThat(rig.snapshot()).isEqualTo(before);
            assertThat(runDir.resolve("faults.journal")).doesNotExist();
        }
    }

    @Test
    void targetErrors_onAnEndpointWithoutTheControlApi_isRefusedWithTheReason() {
        try (FaultRig rig = new FaultRig(runDir, fault("target-errors", "orders", ""));
             var plain = io.busquake.target.RunTarget.endpoint(java.net.URI.create("http://127.0.0.1:9"), "us-east-1",
                     "000000000000", rig.scenario.target().credentials())) {
            assertThatThrownBy(() -> FaultTimeline.prepare(rig.scenario, plain,
                    FaultTimeline.Options.of(rig.clock, runDir, System.out)))
                    .isInstanceOf(FaultsRefused.class)
                    .hasMessageContaining("has no busquake fault-control API");
        }
    }

    @Test
    void malformedFaultsBlock_isRefusedByTheLoader_withFileLineAndColumn() {
        String yaml = FaultRig.BASE.formatted(30) + "  - type: deny-target\n    target: ordrs\n    startAfter: 10s\n"
                + "    duration: 60s\n  - type: squeeze-quota\n    startAfter: 10s\n    duration: 60s\n";
        assertThatThrownBy(() -> io.busquake.scenario.ScenarioLoader.parse("faulty.yaml", yaml, "", "faulty"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("faulty.yaml:36:13: faults[0].target: \"ordrs\" is not defined; allowed: orders")
                .hasMessageContaining("faulty.yaml:39:5: faults[1].tps: is missing (required for squeeze-quota)");
    }

    @Test
    void plan_saysWhatChangesOnWhichResource_howItIsUndone_andTheAwsMechanism() {
        String faults = fault("deny-target", "orders", "") + fault("delete-target", "orders", "").replace("10s", "80s")
                + fault("target-errors", "orders", "    mode: timeout\n") + fault("disable-rule", "orders-to-queue", "");
        try (FaultRig rig = new FaultRig(runDir, faults)) {
            List<String> plan = rig.timeline().plan();
            assertThat(plan).hasSize(4);
            assertThat(plan.get(0)).startsWith("deny-target (deny-target) at +10s for 60s: SetQueueAttributes Policy"
                    + " on queue orders").contains("undo: SetQueueAttributes back").contains("on AWS: the same call");
            assertThat(plan.get(1)).contains("DeleteQueue orders").contains("AWS refuses the name for 60 s");
            assertThat(plan.get(2)).contains("time out after 5s").contains("on AWS: not available for SQS targets");
            assertThat(plan.get(3)).contains("DisableRule orders-to-queue").contains("undo: EnableRule");
        }
    }

    private static double sum(FaultRig rig, String metric) {
        var series = rig.emulator().metricStore().series(MetricKey.of("AWS/Events", metric,
                Map.of("EventBusName", "orders", "RuleName", "orders-to-queue")));
        if (series == null) {
            return 0;
        }
        return series.buckets().values().stream().map(MetricAggregate::snapshot)
                .mapToDouble(MetricAggregate.Snapshot::sum).sum();
    }
}

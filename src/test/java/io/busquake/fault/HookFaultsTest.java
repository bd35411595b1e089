package io.busquake.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.busquake.consume.ConsumerConfig;
import io.busquake.consume.QueueConsumer;
import io.busquake.ledger.Ledger;
import io.busquake.ledger.TargetLedger;
import io.busquake.load.PutEventsCall;
import io.busquake.load.PutEventsLoad;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

/** The hook faults: the load's re-sends and poison, the consumer's crashes, on the embedded endpoint over sockets. */
class HookFaultsTest {
    @TempDir
    Path runDir;
    private final HttpClient http = HttpClient.newHttpClient();

    private PutEventsLoad.Outcome send(PutEventsLoad load) throws IOException, InterruptedException {
        PutEventsCall call = load.next();
        HttpRequest.Builder request = HttpRequest.newBuilder(load.endpoint())
                .POST(HttpRequest.BodyPublishers.ofByteArray(call.body()));
        PutEventsLoad.HEADERS.forEach(request::header);
        load.signedHeaders(call.body()).forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Host")) {
                request.header(name, value);
            }
        });
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return load.complete(call, response.statusCode(), response.body());
    }

    private static String fault(String type, String extra) {
        return "  - type: " + type + "\n    startAfter: 10s\n    duration: 60s\n" + extra;
    }

    @Test
    void producerRetries_resendAcceptedEntriesUnderTheSameKey_onlyWhileInEffect() throws Exception {
        try (FaultRig rig = new FaultRig(runDir, fault("producer-retries", "    fraction: 1.0\n"));
             PutEventsLoad load = PutEventsLoad.create(rig.scenario.load(), "run-1", "i1", rig.target, rig.clock,
                     runDir.resolve("outcomes.csv"));
             FaultTimeline timeline = rig.timeline()) {
            load.faults(timeline.loadFaults());
            timeline.start();
            send(load);
            rig.advance(Duration.ofSeconds(10));
            send(load);
            send(load);
            rig.advance(Duration.ofSeconds(60));
            send(load);
            rig.settle();

            Map<String, Long> copiesByKey = rig.drain("orders").stream().map(Message::body)
                    .map(body -> body.replaceAll(".*\"key\":\"([^\"]+)\".*", "$1"))
                    .collect(Collectors.groupingBy(key -> key, Collectors.counting()));
            // seq 0 before the fault: once; seq 1 accepted during it and re-sent by the next request (a re-send is
            // not re-sent again); seq 2 after the fault ended: once.
            assertThat(copiesByKey).isEqualTo(Map.of("run-1:i1:0", 1L, "run-1:i1:1", 2L, "run-1:i1:2", 1L));
            assertThat(load.summary().retries()).isEqualTo(1);
        }
    }

    @Test
    void poisonEvents_mixMalformedAndAwsSourceEntriesIntoTheLoad_rejectedPerEntry() throws Exception {
        String poison = fault("poison-events", "    rate: 1\n    kinds: [malformed-detail, aws-source]\n");
        try (FaultRig rig = new FaultRig(runDir, poison);
             PutEventsLoad load = PutEventsLoad.create(rig.scenario.load(), "run-1", "i1", rig.target, rig.clock,
                     runDir.resolve("outcomes.csv"));
             FaultTimeline timeline = rig.timeline()) {
            load.faults(timeline.loadFaults());
            timeline.start();
            rig.advance(Duration.ofSeconds(10));
            for (int second = 0; second < 2; second++) {
                send(load);
                send(load);
                rig.advance(Duration.ofSeconds(1));
            }
            rig.advance(Duration.ofSeconds(60));
            send(load);

            assertThat(load.summary().entryErrors()).isEqualTo(Map.of("MalformedDetail", 1L,
                    "NotAuthorizedForSourceException", 1L));
            assertThat(load.summary().entriesAccepted()).isEqualTo(3);
        }
    }

    @Test
    void crashConsumer_redeliversAfterTheSideEffect_andTheIdempotentConsumerPerformsItOnce() throws Exception {
        try (FaultRig rig = new FaultRig(runDir, "  - type: crash-consumer\n    target: orders\n    fraction: 1.0\n"
                + "    startAfter: 0s\n    duration: 60s\n", 1);
             FaultTimeline timeline = rig.timeline()) {
            timeline.start();
            rig.clock.runDue();
            for (int seq = 0; seq < 5; seq++) {
                String detail = "{\"busquake\":{\"runId\":\"run-1\",\"injector\":\"i1\",\"seq\":" + seq
                        + ",\"key\":\"k-" + seq + "\",\"sentAtMicros\":1}}";
                rig.target.eventBridge().putEvents(b -> b.entries(e -> e.source("com.example.orders")
                        .detailType("OrderPlaced").eventBusName("orders").detail(detail)));
            }
            rig.settle();
            Ledger ledger = Ledger.create();
            TargetLedger orders = ledger.target("orders");
            ConsumerConfig config = ConsumerConfig.of("orders", rig.topology.queueUrl("orders")).withWaitTimeSeconds(1);
            try (QueueConsumer consumer = QueueConsumer.builder(config).sqs(rig.target.sqs()).ledger(ledger)
                    .clock(rig.clock).faults(timeline.consumerFaults("orders")).start()) {
                assertThat(consumer.await(s -> s.crashes() >= 5, Duration.ofSeconds(60))).as("%s", consumer.stats())
                        .isTrue();
                rig.advance(Duration.ofSeconds(60));
                assertThat(consumer.await(s -> s.deleted() == 5, Duration.ofSeconds(60)))
                        .as("%s", consumer.stats()).isTrue();
            }
            assertThat(orders.deliveredMoreThanOnce().count()).isEqualTo(5);
            assertThat(orders.processedMoreThanOnce().isEmpty()).isTrue();
            assertThat(orders.processed().count()).isEqualTo(5);
            assertThat(rig.console()).contains("fault crash-consumer (crash-consumer) ended (fault ended): consumer"
                    + " orders back to normal");
        }
    }

    @Test
    void everyFaultTimeline_journalsEachChangeBeforeMakingIt_andItsUndoAfter() {
        try (FaultRig rig = new FaultRig(runDir, fault("disable-rule", "    target: orders-to-queue\n"))) {
            FaultTimeline timeline = rig.timeline();
            timeline.start();
            rig.advance(Duration.ofSeconds(10));
            List<String> during = readJournal();
            assertThat(during).hasSize(2);
            assertThat(during.get(1)).contains("\"kind\":\"change\"").contains("\"restore\":{\"action\":\"rule-state\""
                    + ",\"rule\":\"orders-to-queue\",\"bus\":\"orders\",\"state\":\"ENABLED\"}");
            timeline.undoAll("run ended");
            timeline.undoAll("run ended");
            List<String> after = readJournal();
            assertThat(after).hasSize(3);
            assertThat(after.get(2)).contains("\"kind\":\"restored\",\"id\":1").contains("\"how\":\"run ended\"");
        }
    }

    private List<String> readJournal() {
        try {
            return java.nio.file.Files.readAllLines(runDir.resolve("faults.journal"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package io.busquake.fault;

import io.busquake.clock.VirtualClock;
import io.busquake.emulator.Emulator;
import io.busquake.provision.Provisioner;
import io.busquake.scenario.Scenario;
import io.busquake.scenario.ScenarioLoader;
import io.busquake.target.RunTarget;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * A scenario with one rule (orders-to-queue on bus orders, to queue orders with DLQ orders-dlq, 2 retries), provisioned
 * on the embedded endpoint on a virtual clock, plus the faults a test adds; and a fault timeline for it.
 */
final class FaultRig implements AutoCloseable {
    static final String BASE = """
            duration: 5m
            settle: 0s
            topology:
              buses:
                orders:
              rules:
                orders-to-queue:
                  bus: orders
                  pattern:
                    source: [com.example.orders]
                  targets:
                    - queue: orders
                      deadLetterQueue: orders-dlq
                      retryPolicy:
                        maximumRetryAttempts: 2
                        maximumEventAgeSeconds: 60
              queues:
                orders:
                  visibilityTimeoutSeconds: %d
                orders-dlq:
            load:
              bus: orders
              entriesPerRequest: 1
              phases:
                - type: constant
                  rate: 100
                  duration: 5m
              mix:
                - source: com.example.orders
                  detailType: OrderPlaced
            consumers:
              orders:
                queue: orders
            faults:
            """;

    final VirtualClock clock = VirtualClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    final Scenario scenario;
    final RunTarget target;
    final Provisioner topology;
    final ByteArrayOutputStream consoleBytes = new ByteArrayOutputStream();
    final List<String> timeline = new CopyOnWriteArrayList<>();
    final Path runDir;

    FaultRig(Path runDir, String faultsYaml) {
        this(runDir, faultsYaml, 30);
    }

    FaultRig(Path runDir, String faultsYaml, int visibilitySeconds) {
        this.runDir = runDir;
        scenario = ScenarioLoader.parse("test.yaml", BASE.formatted(visibilitySeconds) + faultsYaml, "", "test");
        target = RunTarget.embedded(Emulator.builder().clock(clock));
        topology = Provisioner.provision(target, scenario.topology());
    }

    FaultTimeline timeline() {
        return FaultTimeline.prepare(scenario, target, new FaultTimeline.Options(clock, runDir,
                new PrintStream(consoleBytes, true, StandardCharsets.UTF_8),
                (event, detail) -> timeline.add(event + " " + detail), false));
    }

    String console() {
        return consoleBytes.toString(StandardCharsets.UTF_8);
    }

    Map<String, String> snapshot() {
        return Topologies.snapshot(target, "orders");
    }

    Emulator emulator() {
        return target.emulator().orElseThrow();
    }

    void put(int events) {
        for (int i = 0; i < events; i++) {
            target.eventBridge().putEvents(b -> b.entries(PutEventsRequestEntry.builder().source("com.example.orders")
                    .detailType("OrderPlaced").eventBusName("orders").detail("{\"n\":1}").build()));
        }
        settle();
    }

    void settle() {
        try {
            if (!emulator().awaitDeliveries(Duration.ofSeconds(30))) {
                throw new AssertionError("deliveries did not finish within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Advances virtual time in one-second steps, letting deliveries (and retries) finish after each. */
    void advance(Duration total) {
        for (Duration done = Duration.ZERO; done.compareTo(total) < 0; done = done.plusSeconds(1)) {
            clock.advance(Duration.ofSeconds(1));
            settle();
        }
    }

    List<Message> drain(String queue) {
        String url = topology.queueUrl(queue);
        List<Message> all = new java.util.ArrayList<>();
        while (true) {
            List<Message> batch = target.sqs().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                    .messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                    .waitTimeSeconds(0)).messages();
            if (batch.isEmpty()) {
                return all;
            }
            all.addAll(batch);
            batch.forEach(m -> target.sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle())));
        }
    }

    static String errorCode(Message message) {
        return message.messageAttributes().get("ERROR_CODE").stringValue();
    }

    @Override
    public void close() {
        topology.tearDown();
        target.close();
    }
}

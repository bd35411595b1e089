package io.busquake.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.busquake.clock.VirtualClock;
import io.busquake.emulator.Emulator;
import io.busquake.emulator.Quotas;
import io.busquake.load.LoadSummary;
import io.busquake.load.PutEventsCall;
import io.busquake.load.PutEventsLoad;
import io.busquake.report.RunReport;
import io.busquake.target.RunTarget;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

class RunLifecycleTest {
    private static final Path SMOKE = Path.of("scenarios/smoke.yaml");
    private final ObjectMapper json = new ObjectMapper();
    private final ByteArrayOutputStream consoleBytes = new ByteArrayOutputStream();
    private final PrintStream console = new PrintStream(consoleBytes, true, StandardCharsets.UTF_8);

    @TempDir
    Path results;

    @Test
    void smokeRun_onTheEmbeddedEndpoint_deliversSignedEventsWithTheirBusquakeObject_andWritesResults()
            throws Exception {
        // The consumer reads the DLQ here, so the test itself can read what reached the orders queue.
        Run run = Run.prepare(SMOKE, Run.RunOptions.defaults()
                .withOverrides("settle=0s,consumers.orders.queue=orders-dlq").withResultsRoot(results)
                .withConsole(console));
        run.start();
        List<Message> delivered;
        Path directory = run.report().directory();
        try {
            run.loadStarted();
            PutEventsSender sender = new PutEventsSender(run.load());
            for (int i = 0; i < 5; i++) {
                assertThat(sender.sendNext()).isEqualTo(PutEventsLoad.Outcome.OK);
            }
            delivered = receive(run, "orders", 50);
        } finally {
            run.finish();
        }

        Map<Long, String> eventIdBySeq = new HashMap<>();
        for (Message message : delivered) {
            JsonNode event = json.readTree(message.body());
            JsonNode busquake = event.path("detail").path("busquake");
            long seq = busquake.path("seq").asLong();
            assertThat(busquake.path("runId").asText()).isEqualTo(run.runId());
            assertThat(busquake.path("injector").asText()).isEqualTo("i1");
            assertThat(busquake.path("key").asText()).isEqualTo(run.runId() + ":i1:" + seq);
            assertThat(busquake.path("sentAtMicros").asLong()).isGreaterThan(1_700_000_000_000_000L);
            assertThat(event.path("detail").path("channel").asText()).isIn("web", "app", "store");
            eventIdBySeq.put(seq, event.path("id").asText());
        }
        assertThat(eventIdBySeq.keySet()).hasSize(50).allMatch(seq -> seq >= 0 && seq < 50);

        Map<Long, String> accepted = new HashMap<>();
        for (String line : Files.readAllLines(directory.resolve(RunReport.OUTCOMES_FILE)).subList(1, 51)) {
            String[] fields = line.split(",");
            assertThat(fields[4]).isEqualTo("accepted");
            accepted.put(Long.parseLong(fields[0]), fields[5]);
        }
        assertThat(accepted).isEqualTo(eventIdBySeq);
        assertThat(directory.resolve(RunReport.SCENARIO_FILE)).content().contains("orders-to-queue");
        assertThat(directory.resolve(RunReport.TIMELINE_FILE)).content()
                .contains(",provisioned,", ",phase,1/2 ramp 10 -> 200 events/s for 10s", ",load-ended,",
                        ",torn-down,");
        assertThat(directory.resolve(RunReport.SUMMARY_FILE)).content().contains("entries accepted   50");
        assertThat(consoleBytes.toString(StandardCharsets.UTF_8)).contains("phase: 1/2 ramp", "events generated   50");
    }

    @Test
    void throttledRequest_isItsOwnOutcome_andItsEntriesAreResentUnderTheSameKeysAfterBackoff() throws Exception {
        VirtualClock clock = VirtualClock.at(Instant.parse("2026-01-01T00:00:00Z"));
        Run run = Run.prepare(SMOKE, new Run.RunOptions("settle=0s,load.entriesPerRequest=2", results, "i7", clock,
                scenario -> RunTarget.embedded(Emulator.builder().clock(clock).quotas(new Quotas(1, 1000))),
                Run.Hook.NONE, console));
        run.start();
        LoadSummary summary;
        try {
            run.loadStarted();
            PutEventsSender sender = new PutEventsSender(run.load());
            assertThat(sender.sendNext()).isEqualTo(PutEventsLoad.Outcome.OK);
            PutEventsCall throttled = run.load().next();
            assertThat(sender.send(throttled)).isEqualTo(new PutEventsLoad.Outcome(false, "ThrottlingException"));
            assertThat(run.load().pendingRetries()).isEqualTo(2);

            clock.advance(Duration.ofSeconds(5));
            PutEventsCall retry = run.load().next();
            // Full jitter: the two entries may come due in either order.
            assertThat(retry.entries()).extracting(PutEventsCall.Entry::seq)
                    .containsExactlyInAnyOrderElementsOf(throttled.entries().stream().map(PutEventsCall.Entry::seq).toList());
            assertThat(retry.entries()).allMatch(entry -> entry.attempt() == 2);
            assertThat(retry.entries()).extracting(PutEventsCall.Entry::entryJson)
                    .containsExactlyInAnyOrderElementsOf(throttled.entries().stream().map(PutEventsCall.Entry::entryJson)
                            .toList());
            assertThat(sender.send(retry)).isEqualTo(PutEventsLoad.Outcome.OK);
            summary = run.load().summary();
        } finally {
            run.finish();
        }
        assertThat(summary.requestErrors()).containsExactly(Map.entry("ThrottlingException", 1L));
        assertThat(summary.retries()).isEqualTo(2);
        assertThat(summary.entriesAccepted()).isEqualTo(4);
        assertThat(summary.eventsGenerated()).isEqualTo(4);
        List<String> outcomes = Files.readAllLines(run.report().outcomesFile());
        assertThat(outcomes).contains("2,1,1767225600000000,1767225600000000,request-failed,ThrottlingException");
        assertThat(outcomes).anyMatch(line -> line.startsWith("2,2,1767225600000000,1767225605000000,accepted,"));
    }

    @Test
    void badScenario_startsNothing() {
        Path resultsRoot = results.resolve("none");
        assertThatThrownBy(() -> Run.prepare(SMOKE,
                        Run.RunOptions.defaults().withOverrides("load.entriesPerRequest=11").withResultsRoot(resultsRoot)))
                .hasMessageContaining("load.entriesPerRequest");
        assertThat(resultsRoot).doesNotExist();
    }

    /** Long-polls the queue (no sleeping) until {@code expected} messages arrived, or fails. */
    private static List<Message> receive(Run run, String queue, int expected) {
        String url = run.topology().queueUrl(queue);
        List<Message> all = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int poll = 0; poll < 30 && all.size() < expected; poll++) {
            for (Message message : run.target().sqs().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages()) {
                if (ids.add(message.messageId())) {
                    all.add(message);
                }
                run.target().sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(message.receiptHandle()));
            }
        }
        assertThat(all).as("messages delivered to " + queue).hasSize(expected);
        return all;
    }
}

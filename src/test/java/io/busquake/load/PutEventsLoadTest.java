package io.busquake.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.busquake.clock.VirtualClock;
import io.busquake.scenario.Load;
import io.busquake.scenario.ScenarioLoader;
import io.busquake.scenario.Target;
import io.busquake.target.RunTarget;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PutEventsLoadTest {
    private final VirtualClock clock = VirtualClock.at(Instant.parse("2026-01-01T00:00:00Z"));

    @TempDir
    Path results;

    private PutEventsLoad load(String overrides) {
        Load load = ScenarioLoader.load(Path.of("scenarios/smoke.yaml"), overrides).load();
        // Nothing is sent in these tests: the load only builds requests and reads answers.
        RunTarget target = RunTarget.endpoint(URI.create("http://127.0.0.1:1"), "us-east-1", "000000000000",
                new Target.Credentials(Target.Credentials.Source.NONE, Optional.empty()));
        return PutEventsLoad.create(load, "r", "i1", target, clock, results.resolve("outcomes.csv"));
    }

    @Test
    void perEntryFailures_areOneOutcomeNamingTheirCodes_andOnlyRetryableEntriesAreRetried() throws Exception {
        try (PutEventsLoad load = load("load.entriesPerRequest=3")) {
            PutEventsCall call = load.next();
            byte[] answer = ("{\"FailedEntryCount\":2,\"Entries\":[{\"EventId\":\"e-0\"},"
                    + "{\"ErrorCode\":\"ThrottlingException\",\"ErrorMessage\":\"Rate exceeded\"},"
                    + "{\"ErrorCode\":\"MalformedDetail\",\"ErrorMessage\":\"Detail is malformed.\"}]}")
                    .getBytes(StandardCharsets.UTF_8);

            assertThat(load.complete(call, 200, answer))
                    .isEqualTo(new PutEventsLoad.Outcome(false, "entries failed: MalformedDetail, ThrottlingException"));
            assertThat(load.pendingRetries()).isEqualTo(1);
            assertThat(load.summary().entryErrors()).containsEntry("ThrottlingException", 1L)
                    .containsEntry("MalformedDetail", 1L);
        }
        assertThat(Files.readAllLines(results.resolve("outcomes.csv"))).containsExactly(
                "seq,attempt,sentAtMicros,completedAtMicros,outcome,value",
                "0,1,1767225600000000,1767225600000000,accepted,e-0",
                "1,1,1767225600000000,1767225600000000,rejected,ThrottlingException",
                "2,1,1767225600000000,1767225600000000,rejected,MalformedDetail",
                "1,1,1767225600000000,1767225600000000,abandoned,loadEnded");
    }

    @Test
    void timedOutRequest_isResentUnderTheSameKeys_untilMaxAttempts() {
        try (PutEventsLoad load = load("load.entriesPerRequest=1,load.producerRetry.maxAttempts=2")) {
            PutEventsCall first = load.next();
            assertThat(load.timedOut(first)).isEqualTo(new PutEventsLoad.Outcome(false, "Timeout"));

            clock.advance(Duration.ofSeconds(10));
            PutEventsCall second = load.next();
            assertThat(second.entries()).singleElement().satisfies(entry -> {
                assertThat(entry.seq()).isEqualTo(first.entries().get(0).seq());
                assertThat(entry.attempt()).isEqualTo(2);
                assertThat(entry.entryJson()).isEqualTo(first.entries().get(0).entryJson());
            });
            load.timedOut(second);

            assertThat(load.pendingRetries()).isZero();
            assertThat(load.summary().abandoned()).isEqualTo(1);
            assertThat(load.summary().timeouts()).isEqualTo(2);
        }
    }
}

package io.busquake.verify;

import io.busquake.clock.VirtualClock;
import io.busquake.emulator.Emulator;
import io.busquake.load.PutEventsCall;
import io.busquake.load.PutEventsLoad;
import io.busquake.run.Run;
import io.busquake.target.RunTarget;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Drives a shipped scenario through the real run lifecycle on the real embedded endpoint, in virtual time: each
 * virtual second it sends that second's PutEvents requests over a socket (as the Gatling simulation does), waits
 * until nothing is in flight, then advances the clock one second, so metrics, alarms and faults follow the
 * scenario's timeline in seconds of real time.
 */
final class ScenarioDriver {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

    final VirtualClock clock = VirtualClock.at(T0);
    final ByteArrayOutputStream consoleBytes = new ByteArrayOutputStream();
    final Run run;
    private final HttpClient http = HttpClient.newHttpClient();

    ScenarioDriver(String scenario, String overrides, Path results) {
        PrintStream console = new PrintStream(consoleBytes, true, StandardCharsets.UTF_8);
        run = Run.prepare(Path.of("scenarios", scenario), new Run.RunOptions(overrides, results, "i1", clock,
                s -> RunTarget.embedded(Emulator.builder().clock(clock)), Run.Hook.NONE, console));
    }

    /**
     * Runs the load for the scenario's duration at {@code requestsPerSecond}, then settle time in 10 s steps, and
     * finishes the run.
     */
    Verdict run(int requestsPerSecond) {
        run.start();
        try {
            run.loadStarted();
            long seconds = run.scenario().duration().toSeconds();
            for (long s = 0; s < seconds; s++) {
                for (int i = 0; i < requestsPerSecond; i++) {
                    send(run.load().next());
                }
                awaitIdle();
                clock.advance(Duration.ofSeconds(1));
            }
            for (long s = 0; s < run.scenario().settle().toSeconds(); s += 10) {
                clock.advance(Duration.ofSeconds(10));
                awaitIdle();
            }
        } catch (RuntimeException | Error e) {
            run.finish();
            throw e;
        }
        return run.finish().orElseThrow();
    }

    String console() {
        return consoleBytes.toString(StandardCharsets.UTF_8);
    }

    Path results() {
        return run.report().directory();
    }

    /**
     * Waits until the consumed queues are empty and the endpoint has no delivery outstanding. Deliveries waiting
     * for a retry wait on the virtual clock, so the second condition gives up after a short while: advancing the
     * clock is what moves them.
     */
    private void awaitIdle() {
        long deadline = System.nanoTime() + IDLE_TIMEOUT.toNanos();
        long deliveriesDeadline = System.nanoTime() + Duration.ofMillis(300).toNanos();
        while (run.target().emulator().orElseThrow().outstandingInvocations() > 0
                && System.nanoTime() < deliveriesDeadline) {
            Thread.onSpinWait();
        }
        while (!queuesEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the consumed queues did not empty within " + IDLE_TIMEOUT);
            }
            Thread.onSpinWait();
        }
    }

    private boolean queuesEmpty() {
        for (var consumer : run.scenario().consumers().values()) {
            var attributes = run.target().sqs().getQueueAttributes(b -> b.queueUrl(run.topology().queueUrl(
                    consumer.queue())).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            if (!"0".equals(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    || !"0".equals(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))) {
                return false;
            }
        }
        return true;
    }

    private void send(PutEventsCall call) {
        PutEventsLoad load = run.load();
        HttpRequest.Builder request = HttpRequest.newBuilder(load.endpoint())
                .POST(HttpRequest.BodyPublishers.ofByteArray(call.body()));
        PutEventsLoad.HEADERS.forEach(request::header);
        load.signedHeaders(call.body()).forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Host")) {
                request.header(name, value);
            }
        });
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            load.complete(call, response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

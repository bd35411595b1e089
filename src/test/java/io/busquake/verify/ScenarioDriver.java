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

/**
 * Drives a shipped scenario through the real run lifecycle on the real embedded endpoint, in virtual time: each
 * virtual second it sends that second's PutEvents requests over a socket (as the Gatling simulation does), waits
 * until the run is quiet (no delivery under way, every consumer waiting on an empty queue or held by a fault until
 * a later instant; {@link Run#awaitQuiet}), then advances the clock one second, so metrics, alarms and faults follow
 * the scenario's timeline in seconds of real time. Nothing waits for wall-clock time to pass.
 */
final class ScenarioDriver {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    /** How long the run may take to become quiet after one virtual second before the driver gives up. */
    private static final Duration QUIET_TIMEOUT = Duration.ofSeconds(30);
    /** Real time each settle second waits for the run to settle before the clock moves: see {@link #settledWithin}. */
    private static final Duration SETTLE_GRACE = Duration.ofMillis(250);

    final VirtualClock clock = VirtualClock.at(T0);
    final ByteArrayOutputStream consoleBytes = new ByteArrayOutputStream();
    final Run run;
    private final HttpClient http = HttpClient.newHttpClient();

    ScenarioDriver(String scenario, String overrides, Path results) {
        this(scenario, overrides, results, Run.Hook.NONE);
    }

    /** @param afterSettle runs after the settle time, while the endpoint still serves (to ask it for metrics) */
    ScenarioDriver(String scenario, String overrides, Path results, Run.Hook afterSettle) {
        PrintStream console = new PrintStream(consoleBytes, true, StandardCharsets.UTF_8);
        run = Run.prepare(Path.of("scenarios", scenario), new Run.RunOptions(overrides, results, "i1", clock,
                s -> RunTarget.embedded(Emulator.builder().clock(clock)), afterSettle, console));
    }

    /**
     * Runs the load for the scenario's duration at {@code requestsPerSecond}, then the settle time (until the run
     * has settled), one virtual second at a time, and finishes the run.
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
                awaitQuiet();
                clock.advance(Duration.ofSeconds(1));
            }
            run.loadEnded();
            for (long s = 0; s < run.scenario().settle().toSeconds(); s++) {
                awaitQuiet();
                if (settledWithin(SETTLE_GRACE)) {
                    break;
                }
                clock.advance(Duration.ofSeconds(1));
            }
            awaitQuiet();
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
     * Whether the run settles within {@code grace} of real time without the clock moving. ElasticMQ times visibility
     * timeouts in real time: a message a crashed consumer left in flight comes back some real seconds later, however
     * fast virtual seconds go by. Each settle second gives it this much real time before the clock moves on, so the
     * settle's virtual minute spans enough real seconds for such messages to come back and be consumed. A run with
     * nothing in flight gets none: it waits only for alarms, which only the clock moves.
     */
    private boolean settledWithin(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        while (!run.settled()) {
            // Nothing in flight, so only alarms are waited for, and only the clock moves them.
            if (run.idle() || System.nanoTime() > deadline) {
                return false;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        return true;
    }

    private void awaitQuiet() {
        try {
            if (!run.awaitQuiet(QUIET_TIMEOUT)) {
                throw new AssertionError("the run did not become quiet within " + QUIET_TIMEOUT + " at "
                        + clock.instant() + "; console:\n" + console());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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

package io.busquake.cli;

import io.busquake.load.PutEventsCall;
import io.busquake.load.PutEventsLoad;
import io.busquake.load.bench.NullEndpoint;
import io.busquake.load.bench.SdkSigner;
import io.busquake.scenario.Scenario;
import io.busquake.scenario.ScenarioException;
import io.busquake.scenario.ScenarioLoader;
import io.busquake.scenario.Target;
import io.busquake.target.RunTarget;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.LongUnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * What one PutEvents request costs the load side, piece by piece, on one thread and without Gatling: making the body
 * ({@link PutEventsLoad#next()}), hashing it, signing it with the main job's cached-key signer and with the SDK's
 * signer per request, and making a body and checking its answer ({@link PutEventsLoad#complete}). Puts the Gatling
 * benchmark's signed and unsigned figures in proportion: {@code java -jar target/busquake.jar bench signing}.
 */
@Command(name = "signing", mixinStandardHelpOptions = true,
        description = "Microbenchmark of the load side's per-request work: body, SHA-256, cached-key and SDK SigV4, "
                + "answer check (one thread, no network).")
final class SigningBenchCommand implements Callable<Integer> {
    private static final URI ENDPOINT = URI.create("http://127.0.0.1:4566");

    @Spec
    CommandSpec spec;

    @Option(names = "--scenario",
            description = "Scenario whose load block makes the bodies (default: ${DEFAULT-VALUE}).")
    Path scenario = Path.of("scenarios/smoke.yaml");

    @Option(names = "--entries", description = "Entries per request, 1-10 (default: ${DEFAULT-VALUE}).")
    int entries = 10;

    @Option(names = "--operations", description = "Operations per measured round (default: ${DEFAULT-VALUE}).")
    int operations = 100_000;

    @Option(names = "--rounds", description = "Measured rounds, after as many unmeasured; the median is reported "
            + "(default: ${DEFAULT-VALUE}).")
    int rounds = 5;

    /** Where the work's results go, so that the JIT cannot drop the work. */
    private volatile long blackhole;

    /** One piece of work, done {@code n} times; answers something made from the results, so none is optimised away. */
    private record Work(String name, LongUnaryOperator times) {
    }

    @Override
    public Integer call() throws Exception {
        if (entries < 1 || entries > 10) {
            throw new ParameterException(spec.commandLine(), "--entries must be 1-10 (PutEvents takes at most 10), "
                    + "but was " + entries);
        }
        if (operations < 1 || rounds < 1) {
            throw new ParameterException(spec.commandLine(), "--operations and --rounds must be at least 1, but were "
                    + operations + " and " + rounds);
        }
        Scenario loaded;
        try {
            loaded = ScenarioLoader.load(scenario, "load.entriesPerRequest=" + entries + ",load.bus=default");
        } catch (ScenarioException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage()
                    + " (--scenario is read relative to the working directory: run from the project's directory)");
        }
        // Nothing is sent: the target only names the endpoint and credentials the signers use.
        RunTarget target = RunTarget.endpoint(ENDPOINT, "us-east-1", "000000000000",
                new Target.Credentials(Target.Credentials.Source.TEST, Optional.empty()));
        Path outcomes = Files.createTempFile("busquake-signing-bench", ".csv");
        try (PutEventsLoad load = PutEventsLoad.create(loaded.load(), "bench", "i1", target, Clock.systemUTC(),
                outcomes)) {
            SdkSigner sdk = new SdkSigner(ENDPOINT, "us-east-1", "events");
            AwsCredentialsIdentity credentials = target.credentials().resolveCredentials();
            byte[] body = load.next().body();
            byte[] answer = NullEndpoint.answer(entries);
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            Clock clock = Clock.systemUTC();
            List<Work> work = List.of(
                    new Work("body (PutEventsLoad.next)", n -> {
                        long sink = 0;
                        for (long i = 0; i < n; i++) {
                            sink += load.next().body().length;
                        }
                        return sink;
                    }),
                    new Work("SHA-256 of the body", n -> {
                        long sink = 0;
                        for (long i = 0; i < n; i++) {
                            sink += sha256.digest(body)[0];
                        }
                        return sink;
                    }),
                    new Work("SigV4, cached key (main job)", n -> {
                        long sink = 0;
                        for (long i = 0; i < n; i++) {
                            sink += load.signedHeaders(body).size();
                        }
                        return sink;
                    }),
                    new Work("SigV4, SDK signer per request", n -> {
                        long sink = 0;
                        for (long i = 0; i < n; i++) {
                            sink += sdk.sign(body, clock.instant(), credentials).size();
                        }
                        return sink;
                    }),
                    // complete() takes each call once, so each operation makes its call too.
                    new Work("body + answer check (next + complete)", n -> {
                        long sink = 0;
                        for (long i = 0; i < n; i++) {
                            PutEventsCall call = load.next();
                            sink += load.complete(call, 200, answer).ok() ? 1 : 0;
                        }
                        return sink;
                    }));
            PrintWriter out = spec.commandLine().getOut();
            out.printf("signing bench: %d entries per request, %d-byte body, %d operations x %d rounds, "
                    + "median reported%n", entries, body.length, operations, rounds);
            for (Work w : work) {
                out.printf("  %-40s %8.2f us%n", w.name(), medianNanosPerOperation(w) / 1000);
                out.flush();
            }
        } finally {
            Files.deleteIfExists(outcomes);
        }
        return 0;
    }

    private double medianNanosPerOperation(Work work) {
        double[] perOperation = new double[rounds];
        long sink = 0;
        for (int round = -rounds; round < rounds; round++) {
            long start = System.nanoTime();
            sink += work.times().applyAsLong(operations);
            long nanos = System.nanoTime() - start;
            if (round >= 0) {
                perOperation[round] = (double) nanos / operations;
            }
        }
        blackhole += sink;
        Arrays.sort(perOperation);
        return perOperation[rounds / 2];
    }
}

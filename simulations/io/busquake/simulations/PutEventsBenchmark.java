package io.busquake.simulations;

import static io.gatling.javaapi.core.CoreDsl.ByteArrayBody;
import static io.gatling.javaapi.core.CoreDsl.bodyBytes;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.UnixOperatingSystemMXBean;
import io.busquake.emulator.Emulator;
import io.busquake.emulator.Quotas;
import io.busquake.load.PutEventsCall;
import io.busquake.load.PutEventsLoad;
import io.busquake.load.bench.Ladder;
import io.busquake.load.bench.NullEndpoint;
import io.busquake.load.bench.SdkSigner;
import io.busquake.load.bench.StepMeter;
import io.busquake.load.bench.StepResult;
import io.busquake.scenario.Scenario;
import io.busquake.scenario.ScenarioLoader;
import io.busquake.scenario.Target;
import io.busquake.target.RunTarget;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * The PutEvents benchmark: the highest request rate Gatling sustains, in the open model, with the main job's request
 * path (bodies from {@link PutEventsLoad#next()}, answers checked by {@link PutEventsLoad#complete}), against a
 * {@link NullEndpoint} (the load side alone) or the embedded endpoint, unsigned, signed as the main job signs
 * (cached signing key), or signed with the SDK's signer called per request (the before-figure).
 *
 * <pre>
 * mvn gatling:test -Dgatling.simulationClass=io.busquake.simulations.PutEventsBenchmark \
 *     -Dbench.target=null -Dbench.signing=cached -Dbench.rate=2000 [-Dbench.maxRate=8000 -Dbench.factor=1.25]
 * </pre>
 *
 * <p>A warm-up ramp leads to {@code bench.rate}; then each rate of the {@link Ladder} ({@code bench.rate} up to
 * {@code bench.maxRate} by {@code bench.factor}; one step by default) is held for {@code bench.settleSeconds} plus
 * {@code bench.measureSeconds}, and the {@link StepMeter} judges it. The run stops at the first step not sustained
 * (a failed request, or under 98% of the requested rate achieved), as higher steps would only measure the backlog.
 * Results go to {@code bench.out}: {@code steps.csv} and {@code summary.properties}, which
 * {@code bench/gatling-bench.sh} reads. Every property is listed in {@code docs/benchmarks.md}.
 *
 * <p>The run fails when any request failed (the Gatling assertion), when no step was sustained, or when the null
 * endpoint saw requests signed differently from what was asked.
 */
public class PutEventsBenchmark extends Simulation {
    private static final String CALL = "busquake.call";
    private static final String SENT_NANOS = "busquake.sentNanos";
    private static final String STATUS = "busquake.status";
    /** How long after() waits for the users a stop left in flight. */
    private static final long DRAIN_NANOS = 2_000_000_000L;

    /** Where the load is sent. */
    enum TargetKind { NULL, EMBEDDED }

    /** How requests are signed. */
    enum Signing { NONE, CACHED, SDK }

    private final Path basedir = Path.of(System.getProperty("busquake.basedir", "."));
    private final TargetKind targetKind = choice("bench.target", "null", TargetKind.class);
    private final Signing signing = choice("bench.signing", "cached", Signing.class);
    private final int entries = (int) number("bench.entries", 10, 1, 10);
    /** The most requests in flight, so about the most connections the shared pool opens; arrivals beyond drop. */
    private final int maxConnections = (int) number("bench.maxConnections", defaultMaxConnections(), 1, 100_000);
    private final double rate = number("bench.rate", 1000, 1, 1_000_000);
    private final Ladder ladder = Ladder.geometric(seconds("bench.warmupSeconds", 60, 0),
            seconds("bench.settleSeconds", 2, 0), seconds("bench.measureSeconds", 30, 1), rate,
            number("bench.maxRate", rate, rate, 1_000_000), number("bench.factor", 1.25, 1.001, 10));
    private final String series = targetKind.name().toLowerCase(Locale.ROOT) + "-"
            + signing.name().toLowerCase(Locale.ROOT);
    private final Path out = Path.of(System.getProperty("bench.out", basedir.resolve("results/bench/"
            + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + series).toString()));
    private final boolean keepOutcomes = choice("bench.outcomes", "discard", Outcomes.class) == Outcomes.KEEP;
    private final boolean verifySignatures = Boolean.parseBoolean(System.getProperty("bench.verifySignatures",
            "false"));

    private final Clock clock = Clock.systemUTC();
    /**
     * Requests between their user's first and last action: bounded by {@code bench.maxConnections}, and after() waits
     * (briefly) for those the stop left in flight.
     */
    private final AtomicLong inFlight = new AtomicLong();
    /** Set by after(): users still in flight no longer touch the load or the meter, which are being closed. */
    private volatile boolean finished;
    private final StepMeter meter = new StepMeter(ladder, processCpuClock(), this::printStep);
    private final NullEndpoint nullEndpoint;
    private final RunTarget target;
    private final PutEventsLoad load;
    private final SdkSigner sdkSigner;

    /** Whether the per-entry outcomes file is kept ({@code results}) or written to the null device. */
    enum Outcomes { DISCARD, KEEP }

    {
        Scenario scenario = ScenarioLoader.load(basedir.resolve(System.getProperty("bench.scenario",
                "scenarios/smoke.yaml")), "load.entriesPerRequest=" + entries + ",load.bus=default");
        nullEndpoint = targetKind == TargetKind.NULL ? NullEndpoint.start() : null;
        target = targetKind == TargetKind.NULL
                ? RunTarget.endpoint(nullEndpoint.endpoint(), Emulator.DEFAULT_REGION, Emulator.DEFAULT_ACCOUNT,
                        new Target.Credentials(Target.Credentials.Source.TEST, Optional.empty()))
                // Quotas lifted: this measures what the endpoint sustains, not the Region's PutEvents quota.
                : RunTarget.embedded(Emulator.builder().quotas(new Quotas(1e9, 1e9))
                        .verifySignatures(verifySignatures && signing != Signing.NONE));
        load = PutEventsLoad.create(scenario.load(), "bench", "i1", target, clock, outcomesFile());
        sdkSigner = new SdkSigner(target.endpoint(), target.region().id(), "events");

        // Shared connections, bounded by the in-flight gate below: Gatling's shared pool opens a connection whenever
        // none is idle and has no limit of its own (maxConnectionsPerHost only bounds one user's concurrent resource
        // fetches), so a stall at thousands of requests/s opened connections until the open-files limit ended the run.
        HttpProtocolBuilder protocol = http.shareConnections()
                .disableWarmUp().disableCaching().disableFollowRedirect()
                .userAgentHeader("busquake");

        HttpRequestActionBuilder putEvents = http("PutEvents").post(target.endpoint().toString())
                .headers(PutEventsLoad.HEADERS)
                .body(ByteArrayBody(session -> call(session).body()))
                .requestTimeout(load.requestTimeout())
                // The main job's checks, so the benchmark pays for them as the main job does.
                .check(status().saveAs(STATUS),
                        bodyBytes().validate("PutEvents outcome", (body, session) -> {
                            if (finished) {
                                return body;
                            }
                            PutEventsLoad.Outcome outcome = load.complete(call(session), session.getInt(STATUS), body);
                            if (!outcome.ok()) {
                                throw new IllegalStateException(outcome.label());
                            }
                            return body;
                        }));
        Function<byte[], Map<String, String>> signer = switch (signing) {
            case NONE -> null;
            case CACHED -> load::signedHeaders;
            case SDK -> body -> sdkSigner.sign(body, clock.instant(), target.credentials().resolveCredentials());
        };
        if (signer != null) {
            putEvents = putEvents.sign((request, session) -> {
                signer.apply(request.getBody().getBytes()).forEach((name, value) -> request.getHeaders().set(name,
                        value));
                return request;
            });
        }

        ScenarioBuilder benchmark = scenario("PutEvents " + series)
                .stopLoadGeneratorIf(session -> meter.stopReason(System.nanoTime()).orElse(""),
                        session -> meter.stopReason(System.nanoTime()).isPresent())
                .exec(session -> {
                    long now = System.nanoTime();
                    meter.userStarted(now);
                    if (inFlight.incrementAndGet() > maxConnections) {
                        // The pool is at its bound: this arrival is not sent, and counts against its step.
                        inFlight.decrementAndGet();
                        meter.dropped(now);
                        return session.markAsFailed();
                    }
                    return session.set(SENT_NANOS, now).set(CALL, load.next());
                })
                .exitHereIfFailed()
                .exec(putEvents)
                .exec(session -> {
                    try {
                        long done = System.nanoTime();
                        PutEventsCall call = call(session);
                        if (!finished) {
                            if (!call.isCompleted()) {
                                load.timedOut(call);
                            }
                            meter.completed(session.getLong(SENT_NANOS), done, !session.isFailed());
                        }
                        return session.remove(CALL);
                    } finally {
                        inFlight.decrementAndGet();
                    }
                });

        setUp(benchmark.injectOpen(injection())).protocols(protocol)
                .assertions(global().failedRequests().count().is(0L));
    }

    private List<OpenInjectionStep> injection() {
        List<OpenInjectionStep> steps = new ArrayList<>();
        if (!ladder.warmup().isZero()) {
            steps.add(rampUsersPerSec(ladder.warmupFromPerSecond()).to(ladder.rate(0)).during(ladder.warmup()));
        }
        for (double stepRate : ladder.ratesPerSecond()) {
            steps.add(constantUsersPerSec(stepRate).during(ladder.stepDuration()));
        }
        return steps;
    }

    /**
     * As many requests in flight as the open-files limit allows, at most 4,096: the bound is there to keep a stall from
     * ending the run at that limit, not to decide what is sustained. Each connection takes a file on each side (the
     * endpoint runs in this JVM), and Gatling opens some more than the requests in flight, as it puts a connection
     * back in its pool only after the request's user has moved on: a third of the limit leaves room for both.
     */
    private static int defaultMaxConnections() {
        long files = ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean os
                ? os.getMaxFileDescriptorCount() : 4096;
        return (int) Math.max(64, Math.min(4096, (files - 1000) / 3));
    }

    /** The JVM's CPU time: Gatling's, and the endpoint's when it runs in this JVM. */
    private static LongSupplier processCpuClock() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
                ? os::getProcessCpuTime : StepMeter.NO_CPU_CLOCK;
    }

    private static PutEventsCall call(Session session) {
        return session.get(CALL);
    }

    private Path outcomesFile() {
        Path nullDevice = Path.of("/dev/null");
        // The file costs the formatting and the writes whether kept or not; only the bytes are thrown away.
        return keepOutcomes || !Files.exists(nullDevice) ? out.resolve("outcomes.csv") : nullDevice;
    }

    @Override
    public void before() {
        System.out.printf(Locale.ROOT, "bench: %s, %s, %d entries per request, at most %d requests in flight "
                        + "(so connections); warm-up %d s, then "
                        + "%d step(s) of %d s (%d s measured): %s requests/s; results in %s%n",
                targetKind == TargetKind.NULL ? "null endpoint " + target.endpoint()
                        : "embedded endpoint " + target.endpoint()
                                + (verifySignatures ? " (verifying signatures)" : ""),
                switch (signing) {
                    case NONE -> "unsigned";
                    case CACHED -> "signed, cached signing key (the main job's signer)";
                    case SDK -> "signed, SDK signer per request";
                },
                entries, maxConnections, ladder.warmup().toSeconds(), ladder.steps(),
                ladder.stepDuration().toSeconds(), ladder.measure().toSeconds(),
                ladder.ratesPerSecond().stream().map(r -> String.format(Locale.ROOT, "%.0f", r))
                        .collect(Collectors.joining(", ")), out);
    }

    @Override
    public void after() {
        List<StepResult> results = meter.results();
        finished = true;
        long drainUntil = System.nanoTime() + DRAIN_NANOS;
        while (inFlight.get() > 0 && System.nanoTime() < drainUntil) {
            LockSupport.parkNanos(10_000_000L);
        }
        if (inFlight.get() > 0) {
            System.out.printf("bench %s: %d requests still in flight after the stop are not counted%n", series,
                    inFlight.get());
        }
        Optional<StepResult> best = StepResult.highestSustained(results);
        Optional<StepResult> broke = StepResult.firstUnsustained(results);
        long nullRequests = nullEndpoint == null ? -1 : nullEndpoint.requests();
        long nullSigned = nullEndpoint == null ? -1 : nullEndpoint.signedRequests();
        long nullConnections = nullEndpoint == null ? -1 : nullEndpoint.connections();
        long nullPeakConnections = nullEndpoint == null ? -1 : nullEndpoint.peakConnections();
        try {
            load.close();
        } finally {
            target.close();
            if (nullEndpoint != null) {
                nullEndpoint.close();
            }
        }
        writeResults(results, best, broke, nullRequests, nullSigned, nullConnections, nullPeakConnections);
        System.out.printf("bench %s: final figures, late completions included:%n", series);
        results.forEach(this::printStep);
        System.out.printf(Locale.ROOT, "bench %s: highest sustained %s%s; results in %s%n", series,
                best.map(s -> String.format(Locale.ROOT, "%.0f requests/s (achieved %.1f/s, %.1f%%)",
                        s.requestedPerSecond(), s.achievedPerSecond(), 100 * s.achievedShare())).orElse("none"),
                broke.map(s -> String.format(Locale.ROOT, "; %.0f requests/s not: %s", s.requestedPerSecond(),
                        s.reason())).orElse(""), out);
        if (meter.warmupErrors() > 0) {
            System.out.printf("bench %s: %d requests failed or were dropped during the warm-up%n", series,
                    meter.warmupErrors());
        }
        if (nullEndpoint != null) {
            System.out.printf("bench %s: the null endpoint accepted %d connections, at most %d open at once "
                    + "(bench.maxConnections %d)%n", series, nullConnections, nullPeakConnections, maxConnections);
        }
        if (nullEndpoint != null && nullSigned != (signing == Signing.NONE ? 0 : nullRequests)) {
            throw new IllegalStateException("the null endpoint saw " + nullSigned + " signed requests of "
                    + nullRequests + ", but bench.signing=" + signing.name().toLowerCase(Locale.ROOT)
                    + " should sign " + (signing == Signing.NONE ? "none" : "all"));
        }
        if (best.isEmpty()) {
            throw new IllegalStateException("bench " + series + ": no step was sustained"
                    + broke.map(s -> String.format(Locale.ROOT, " (%.0f requests/s: %s)", s.requestedPerSecond(),
                    s.reason())).orElse(" (the run ended before its first step did)")
                    + "; fix: start lower, e.g. -Dbench.rate=" + Math.max(1, Math.round(rate / 2)));
        }
    }

    private void printStep(StepResult step) {
        System.out.printf(Locale.ROOT, "bench %s: step %d, %.0f requests/s requested, %.1f/s achieved (%.1f%%), "
                        + "%d failed, %d dropped, p50 %.1f ms, p99 %.1f ms, %.0f us CPU per request: %s%n", series,
                step.step() + 1,
                step.requestedPerSecond(), step.achievedPerSecond(), 100 * step.achievedShare(), step.errors(),
                step.dropped(), step.p50Millis(), step.p99Millis(), step.cpuMicrosPerRequest(),
                step.sustained() ? "sustained" : "NOT sustained, " + step.reason());
    }

    private void writeResults(List<StepResult> results, Optional<StepResult> best, Optional<StepResult> broke,
                              long nullRequests, long nullSigned, long nullConnections, long nullPeakConnections) {
        StringBuilder csv = new StringBuilder("step,requestedPerSecond,achievedPerSecond,achievedShare,sent,errors,"
                + "dropped,p50Millis,p99Millis,maxMillis,cpuMicrosPerRequest,sustained,reason\n");
        for (StepResult s : results) {
            csv.append(String.format(Locale.ROOT, "%d,%.0f,%.1f,%.4f,%d,%d,%d,%.2f,%.2f,%.2f,%.1f,%s,%s%n",
                    s.step() + 1, s.requestedPerSecond(), s.achievedPerSecond(), s.achievedShare(), s.sent(),
                    s.errors(), s.dropped(), s.p50Millis(), s.p99Millis(), s.maxMillis(), s.cpuMicrosPerRequest(),
                    s.sustained(),
                    s.reason().replace(',', ';')));
        }
        Map<String, String> summary = new LinkedHashMap<>();
        summary.put("target", targetKind.name().toLowerCase(Locale.ROOT));
        summary.put("signing", signing.name().toLowerCase(Locale.ROOT));
        summary.put("entriesPerRequest", Integer.toString(entries));
        summary.put("maxConnections", Integer.toString(maxConnections));
        summary.put("warmupSeconds", Long.toString(ladder.warmup().toSeconds()));
        summary.put("settleSeconds", Long.toString(ladder.settle().toSeconds()));
        summary.put("measureSeconds", Long.toString(ladder.measure().toSeconds()));
        summary.put("rates", ladder.ratesPerSecond().stream().map(r -> String.format(Locale.ROOT, "%.0f", r))
                .collect(Collectors.joining(" ")));
        summary.put("stepsRun", Integer.toString(results.size()));
        summary.put("sustainedRequestsPerSecond", best.map(s -> fmt("%.0f", s.requestedPerSecond())).orElse(""));
        summary.put("sustainedAchievedPerSecond", best.map(s -> fmt("%.1f", s.achievedPerSecond())).orElse(""));
        summary.put("sustainedP50Millis", best.map(s -> fmt("%.2f", s.p50Millis())).orElse(""));
        summary.put("sustainedP99Millis", best.map(s -> fmt("%.2f", s.p99Millis())).orElse(""));
        summary.put("sustainedCpuMicrosPerRequest", best.map(s -> fmt("%.0f", s.cpuMicrosPerRequest())).orElse(""));
        summary.put("unsustainedRequestsPerSecond", broke.map(s -> fmt("%.0f", s.requestedPerSecond())).orElse(""));
        summary.put("unsustainedReason", broke.map(StepResult::reason).orElse(""));
        summary.put("warmupErrors", Long.toString(meter.warmupErrors()));
        if (nullEndpoint != null) {
            summary.put("nullEndpointRequests", Long.toString(nullRequests));
            summary.put("nullEndpointSignedRequests", Long.toString(nullSigned));
            summary.put("nullEndpointConnections", Long.toString(nullConnections));
            summary.put("nullEndpointPeakConnections", Long.toString(nullPeakConnections));
        }
        try {
            Files.createDirectories(out);
            Files.writeString(out.resolve("steps.csv"), csv, StandardCharsets.UTF_8);
            Files.writeString(out.resolve("summary.properties"), summary.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n", "", "\n")),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the benchmark results to " + out
                    + "; check that -Dbench.out names a writable directory", e);
        }
    }

    private static String fmt(String format, double value) {
        return String.format(Locale.ROOT, format, value);
    }

    private static String plain(double value) {
        return value == Math.rint(value) ? fmt("%.0f", value) : Double.toString(value);
    }

    private static <E extends Enum<E>> E choice(String property, String defaultValue, Class<E> type) {
        String value = System.getProperty(property, defaultValue).trim();
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            String allowed = Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", "));
            throw new IllegalArgumentException("-D" + property + " must be one of " + allowed + ", but was '" + value
                    + "'; fix: e.g. -D" + property + "=" + defaultValue, e);
        }
    }

    private static double number(String property, double defaultValue, double min, double max) {
        String text = System.getProperty(property);
        if (text == null || text.isBlank()) {
            return defaultValue;
        }
        double value;
        try {
            value = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + property + " must be a number, but was '" + text
                    + "'; fix: e.g. -D" + property + "=" + plain(defaultValue), e);
        }
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException("-D" + property + " must be within " + plain(min) + ".." + plain(max)
                    + ", but was " + text.trim() + "; fix: pick a value in that range");
        }
        return value;
    }

    private static Duration seconds(String property, long defaultSeconds, long min) {
        return Duration.ofSeconds((long) number(property, defaultSeconds, min, 3600));
    }
}

package io.busquake.simulations;

import static io.gatling.javaapi.core.CoreDsl.ByteArrayBody;
import static io.gatling.javaapi.core.CoreDsl.bodyBytes;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.busquake.load.LoadPlan;
import io.busquake.load.PutEventsCall;
import io.busquake.load.PutEventsLoad;
import io.busquake.run.Run;
import io.busquake.verify.Verdict;
import io.busquake.verify.VerdictFailedException;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs any scenario file: {@code mvn gatling:test -Dscenario=scenarios/<name>.yaml} (smoke.yaml by default), with
 * {@code -Dset=<path>=<value>,...} overrides. Thin on purpose: the run's lifecycle is {@link Run}'s, the requests are
 * {@link PutEventsLoad}'s; this class turns the plan into open-model injection and reports each request's outcome.
 *
 * <p>Every virtual user sends one PutEvents request. A request whose entries all got an EventId is OK; otherwise it
 * is KO with its outcome as the error: {@code ThrottlingException} for a whole-request throttle,
 * {@code entries failed: <codes>} for per-entry failures, so each shows as its own line in Gatling's errors.
 */
public class ScenarioSimulation extends Simulation {
    /**
     * Requests in flight at once, hence connections to the target (shared by all users): an open model at 10k
     * requests/s must not open one per user. Gatling's shared pool has no bound of its own (maxConnectionsPerHost
     * only bounds one user's concurrent resource fetches), so the simulation keeps it: an arrival that finds this
     * many requests in flight is not sent, and is counted and reported at the end.
     */
    private static final int MAX_CONNECTIONS = Integer.getInteger("busquake.maxConnections", 64);
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong notSent = new AtomicLong();
    private static final String CALL = "busquake.call";
    private static final String STATUS = "busquake.status";

    private final Path basedir = Path.of(System.getProperty("busquake.basedir", "."));
    private final Run run = Run.prepare(basedir.resolve(System.getProperty("scenario", "scenarios/smoke.yaml")),
            Run.RunOptions.defaults().withOverrides(System.getProperty("set", ""))
                    .withResultsRoot(basedir.resolve("results")));
    private final Instant createdAt = Instant.now();

    {
        HttpProtocolBuilder protocol = http.shareConnections().maxConnectionsPerHost(MAX_CONNECTIONS)
                .disableWarmUp().disableCaching().disableFollowRedirect()
                .userAgentHeader("busquake");

        ScenarioBuilder putEvents = scenario("PutEvents")
                .exec(session -> {
                    if (inFlight.incrementAndGet() > MAX_CONNECTIONS) {
                        inFlight.decrementAndGet();
                        if (notSent.getAndIncrement() == 0) {
                            System.out.printf("busquake: %d requests in flight, the bound; arrivals beyond it are not "
                                    + "sent (raise it with -Dbusquake.maxConnections=<n> in the plugin's jvmArgs)%n",
                                    MAX_CONNECTIONS);
                        }
                        return session.markAsFailed();
                    }
                    return session.set(CALL, run.load().next());
                })
                .exitHereIfFailed()
                .exec(http("PutEvents").post(session -> run.load().endpoint().toString())
                        .headers(PutEventsLoad.HEADERS)
                        .body(ByteArrayBody(session -> call(session).body()))
                        .sign((request, session) -> {
                            run.load().signedHeaders(request.getBody().getBytes())
                                    .forEach((name, value) -> request.getHeaders().set(name, value));
                            return request;
                        })
                        .requestTimeout(run.scenario().load().requestTimeout())
                        .check(status().saveAs(STATUS),
                                // Gatling shows a failed validation as "<name>, <exception>: <message>", so
                                // each outcome is its own line in the errors table.
                                bodyBytes().validate("PutEvents outcome", (body, session) -> {
                                    PutEventsLoad.Outcome outcome = run.load().complete(call(session),
                                            session.getInt(STATUS), body);
                                    if (!outcome.ok()) {
                                        throw new IllegalStateException(outcome.label());
                                    }
                                    return body;
                                })))
                .exec(session -> {
                    inFlight.decrementAndGet();
                    PutEventsCall call = call(session);
                    if (!call.isCompleted()) {
                        run.load().timedOut(call);
                    }
                    return session.remove(CALL);
                });

        setUp(putEvents.injectOpen(injection(run.plan()))).protocols(protocol);
    }

    private static PutEventsCall call(Session session) {
        return session.get(CALL);
    }

    private static List<OpenInjectionStep> injection(LoadPlan plan) {
        return plan.steps().stream().map(step -> {
            if (step.constant()) {
                return step.fromRequestsPerSecond() == 0 ? nothingFor(step.duration())
                        : constantUsersPerSec(step.fromRequestsPerSecond()).during(step.duration());
            }
            return rampUsersPerSec(step.fromRequestsPerSecond()).to(step.toRequestsPerSecond())
                    .during(step.duration());
        }).toList();
    }

    @Override
    public void before() {
        run.start();
        run.loadStarted();
    }

    @Override
    public void after() {
        if (notSent.get() > 0) {
            System.out.printf("busquake: %d arrivals were not sent: %d requests were already in flight "
                    + "(-Dbusquake.maxConnections)%n", notSent.get(), MAX_CONNECTIONS);
        }
        Optional<Verdict> verdict = run.finish();
        if (!run.started()) {
            return;
        }
        // Gatling writes its report after after() returns; point at it once the JVM ends.
        Path gatlingResults = Path.of(System.getProperty("busquake.gatlingResults", "target/gatling"));
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> run.report().linkGatlingReport(gatlingResults, createdAt), "busquake-gatling-report"));
        // A failed verdict fails the build: the exception ends Gatling with a non-zero exit.
        verdict.filter(v -> !v.passed()).ifPresent(v -> {
            throw new VerdictFailedException(v);
        });
    }
}

package io.busquake.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.busquake.load.internal.CachedKeySigner;
import io.busquake.load.internal.EventGenerator;
import io.busquake.load.internal.OutcomeLog;
import io.busquake.load.internal.RetryQueue;
import io.busquake.scenario.Load;
import io.busquake.target.RunTarget;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The PutEvents load of one injector. The Gatling simulation (or any HTTP client) calls {@link #next()} for a
 * request, sends {@link PutEventsCall#body()} with {@link #HEADERS} and {@link #signedHeaders(byte[])}, then hands
 * the answer to {@link #complete(PutEventsCall, int, byte[])} or reports {@link #timedOut(PutEventsCall)}.
 *
 * <pre>{@code
 * try (PutEventsLoad load = PutEventsLoad.create(scenario.load(), runId, "i1", target, clock, outcomesFile)) {
 *     PutEventsCall call = load.next();
 *     // POST call.body() to target.endpoint() with PutEventsLoad.HEADERS and load.signedHeaders(call.body())
 *     PutEventsLoad.Outcome outcome = load.complete(call, status, responseBody);
 * }
 * }</pre>
 *
 * <p>Producer retries, as a producer's SDK would do them: entries rejected with a retryable error (or all entries of
 * a throttled, failed or timed-out request) wait out an exponential backoff and are re-sent with the same entry text,
 * so the same idempotency key and first sent-at time, in a later request ahead of new events.
 */
public final class PutEventsLoad implements AutoCloseable {
    public static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    public static final String AMZ_TARGET = "AWSEvents.PutEvents";
    /** The headers every PutEvents request carries besides the signed ones; both are part of the signature. */
    public static final Map<String, String> HEADERS = Map.of("Content-Type", CONTENT_TYPE, "X-Amz-Target", AMZ_TARGET);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] OPEN = "{\"Entries\":[".getBytes(StandardCharsets.UTF_8);

    private final Load load;
    private final Clock clock;
    private final EventGenerator generator;
    private final RetryQueue retries = new RetryQueue();
    private final OutcomeLog outcomes;
    private final CachedKeySigner signer;
    private final AwsCredentialsProvider credentials;
    private final URI endpoint;
    private volatile LoadFaults faults = LoadFaults.NONE;

    private final LongAdder requests = new LongAdder();
    private final LongAdder requestsOk = new LongAdder();
    private final LongAdder requestsWithFailedEntries = new LongAdder();
    private final Map<String, LongAdder> requestErrors = new ConcurrentHashMap<>();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder entriesAccepted = new LongAdder();
    private final Map<String, LongAdder> entryErrors = new ConcurrentHashMap<>();
    private final LongAdder retried = new LongAdder();
    private final LongAdder abandoned = new LongAdder();
    private volatile Consumer<PutEventsCall.Entry> acceptedListener = entry -> { };

    /**
     * What became of one request, for Gatling's statistics.
     *
     * @param ok    the request was answered 200 and every entry accepted
     * @param label {@code OK}; the whole-request error (e.g. {@code ThrottlingException}); or
     *              {@code entries failed: <codes>} for per-entry failures
     */
    public record Outcome(boolean ok, String label) {
        public static final Outcome OK = new Outcome(true, "OK");
    }

    private PutEventsLoad(Load load, String runId, String injector, RunTarget target, Clock clock, Path outcomesFile) {
        this.load = load;
        this.clock = clock;
        this.generator = new EventGenerator(load, runId, injector);
        this.outcomes = new OutcomeLog(outcomesFile);
        this.endpoint = target.endpoint();
        this.credentials = target.signed() ? target.credentials() : null;
        this.signer = target.signed() ? new CachedKeySigner(target.region().id(), "events", hostHeader(endpoint),
                CONTENT_TYPE, AMZ_TARGET) : null;
    }

    /**
     * @param runId        the run's id, carried in every event
     * @param injector     this injector's id, carried in every event; keys are unique per run and injector
     * @param outcomesFile where the per-entry outcomes are written (CSV, see {@code docs/main-job.md})
     */
    public static PutEventsLoad create(Load load, String runId, String injector, RunTarget target, Clock clock,
                                       Path outcomesFile) {
        return new PutEventsLoad(load, runId, injector, target, clock, outcomesFile);
    }

    /**
     * Called with every entry PutEvents accepts, on the thread that completes its request; the run feeds its ledger
     * (accepted, expected to match) from it. Replaces the previous listener.
     */
    public void onAccepted(Consumer<PutEventsCall.Entry> listener) {
        this.acceptedListener = Objects.requireNonNull(listener, "listener");
    }

    /** Installs the load-side fault hooks (the fault timeline's); {@link LoadFaults#NONE} removes them. */
    public void faults(LoadFaults hooks) {
        this.faults = Objects.requireNonNull(hooks, "hooks");
    }

    /** The URL PutEvents is sent to. */
    public URI endpoint() {
        return endpoint;
    }


    /** The next request: due retries first, then new events, {@code entriesPerRequest} in all. */
    public PutEventsCall next() {
        Instant now = clock.instant();
        long nowMicros = micros(now);
        int size = load.entriesPerRequest();
        List<PutEventsCall.Entry> entries = new ArrayList<>(size);
        entries.addAll(retries.takeDue(nowMicros, size));
        while (entries.size() < size) {
            PutEventsCall.Entry entry = generator.next(now, nowMicros);
            String shaped = faults.shapeNewEntry(entry.seq(), entry.entryJson());
            entries.add(shaped.equals(entry.entryJson()) ? entry
                    : new PutEventsCall.Entry(entry.seq(), entry.attempt(), entry.sentAtMicros(), shaped));
        }
        return new PutEventsCall(body(entries), entries);
    }

    private static byte[] body(List<PutEventsCall.Entry> entries) {
        int length = OPEN.length + 2 + entries.size();
        for (PutEventsCall.Entry entry : entries) {
            length += entry.entryJson().length() * 2;
        }
        StringBuilder text = new StringBuilder(length).append("{\"Entries\":[");
        for (int i = 0; i < entries.size(); i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(entries.get(i).entryJson());
        }
        return text.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Host, X-Amz-Date, x-amz-content-sha256, Authorization (and the session token) for this body; none if unsigned. */
    public Map<String, String> signedHeaders(byte[] body) {
        if (signer == null) {
            return Map.of();
        }
        return signer.sign(body, clock.instant(), credentials.resolveCredentials());
    }

    /** Records the answer to {@code call} and schedules retries; answers what Gatling should report. */
    public Outcome complete(PutEventsCall call, int status, byte[] responseBody) {
        if (!call.complete()) {
            return Outcome.OK;
        }
        requests.increment();
        long nowMicros = micros(clock.instant());
        JsonNode response = parse(responseBody);
        if (status == 200 && response != null && response.path("Entries").isArray()) {
            return entryOutcomes(call, response, nowMicros);
        }
        String error = errorType(status, response);
        count(requestErrors, error);
        Load.RetryCause cause = status >= 500 ? Load.RetryCause.INTERNAL_FAILURE
                : "ThrottlingException".equals(error) ? Load.RetryCause.THROTTLING_EXCEPTION : null;
        for (PutEventsCall.Entry entry : call.entries()) {
            outcomes.write(entry.seq(), entry.attempt(), entry.sentAtMicros(), nowMicros, "request-failed", error);
            retryOrAbandon(entry, cause, nowMicros);
        }
        return new Outcome(false, error);
    }

    private Outcome entryOutcomes(PutEventsCall call, JsonNode response, long nowMicros) {
        JsonNode results = response.get("Entries");
        TreeSet<String> codes = new TreeSet<>();
        for (int i = 0; i < call.entries().size(); i++) {
            PutEventsCall.Entry entry = call.entries().get(i);
            JsonNode result = results.path(i);
            String eventId = result.path("EventId").asText("");
            if (!eventId.isEmpty()) {
                acceptedListener.accept(entry);
                entriesAccepted.increment();
                outcomes.write(entry.seq(), entry.attempt(), entry.sentAtMicros(), nowMicros, "accepted", eventId);
                if (faults.resendAccepted(entry)) {
                    retried.increment();
                    retries.add(new PutEventsCall.Entry(entry.seq(), entry.attempt() + 1, entry.sentAtMicros(),
                            entry.entryJson()), nowMicros);
                }
                continue;
            }
            String code = result.path("ErrorCode").asText("MissingEntryResult");
            codes.add(code);
            count(entryErrors, code);
            outcomes.write(entry.seq(), entry.attempt(), entry.sentAtMicros(), nowMicros, "rejected", code);
            Load.RetryCause cause = switch (code) {
                case "ThrottlingException" -> Load.RetryCause.THROTTLING_EXCEPTION;
                case "InternalFailure" -> Load.RetryCause.INTERNAL_FAILURE;
                default -> null;
            };
            retryOrAbandon(entry, cause, nowMicros);
        }
        if (codes.isEmpty()) {
            requestsOk.increment();
            return Outcome.OK;
        }
        requestsWithFailedEntries.increment();
        return new Outcome(false, "entries failed: " + String.join(", ", codes));
    }

    /** Records a request that got no answer within the request timeout, and schedules its entries' retries. */
    public Outcome timedOut(PutEventsCall call) {
        if (!call.complete()) {
            return Outcome.OK;
        }
        requests.increment();
        timeouts.increment();
        long nowMicros = micros(clock.instant());
        for (PutEventsCall.Entry entry : call.entries()) {
            outcomes.write(entry.seq(), entry.attempt(), entry.sentAtMicros(), nowMicros, "timeout", "");
            retryOrAbandon(entry, Load.RetryCause.TIMEOUT, nowMicros);
        }
        return new Outcome(false, "Timeout");
    }

    private void retryOrAbandon(PutEventsCall.Entry entry, Load.RetryCause cause, long nowMicros) {
        Load.ProducerRetry policy = load.producerRetry();
        if (cause == null || !policy.retryOn().contains(cause)) {
            return;
        }
        if (entry.attempt() >= policy.maxAttempts()) {
            abandoned.increment();
            outcomes.write(entry.seq(), entry.attempt(), entry.sentAtMicros(), nowMicros, "abandoned",
                    "maxAttempts");
            return;
        }
        retried.increment();
        retries.add(new PutEventsCall.Entry(entry.seq(), entry.attempt() + 1, entry.sentAtMicros(),
                entry.entryJson()), nowMicros + backoffMicros(policy.backoff(), entry.attempt()));
    }

    /** The wait before attempt {@code attempt + 1}: initial x multiplier^(attempt-1), capped, with jitter. */
    static long backoffMicros(Load.Backoff backoff, int attempt) {
        double base = backoff.initial().toNanos() / 1000.0 * Math.pow(backoff.multiplier(), attempt - 1);
        long capped = (long) Math.min(base, backoff.max().toNanos() / 1000.0);
        return switch (backoff.jitter()) {
            case NONE -> capped;
            case FULL -> capped <= 0 ? 0 : ThreadLocalRandom.current().nextLong(capped + 1);
            case EQUAL -> capped / 2 + (capped <= 1 ? 0 : ThreadLocalRandom.current().nextLong(capped / 2 + 1));
        };
    }

    /** Entries waiting for their backoff. */
    public int pendingRetries() {
        return retries.size();
    }

    public LoadSummary summary() {
        return new LoadSummary(generator.generated(), requests.sum(), requestsOk.sum(),
                requestsWithFailedEntries.sum(), sums(requestErrors), timeouts.sum(), entriesAccepted.sum(),
                sums(entryErrors), retried.sum(), abandoned.sum());
    }

    public Path outcomesFile() {
        return outcomes.file();
    }

    /** Records entries still waiting for a retry as abandoned (the load is over), then closes the outcomes file. */
    @Override
    public void close() {
        long nowMicros = micros(clock.instant());
        for (PutEventsCall.Entry entry : retries.drain()) {
            abandoned.increment();
            outcomes.write(entry.seq(), entry.attempt() - 1, entry.sentAtMicros(), nowMicros, "abandoned",
                    "loadEnded");
        }
        outcomes.close();
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** The AWS JSON error type, with any {@code namespace#} prefix and {@code :suffix} stripped, or HTTP status. */
    private static String errorType(int status, JsonNode response) {
        String type = response == null ? "" : response.path("__type").asText("");
        int hash = type.lastIndexOf('#');
        if (hash >= 0) {
            type = type.substring(hash + 1);
        }
        int colon = type.indexOf(':');
        if (colon >= 0) {
            type = type.substring(0, colon);
        }
        return type.isEmpty() ? "HTTP " + status : type;
    }

    private static void count(Map<String, LongAdder> counts, String key) {
        counts.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    private static Map<String, Long> sums(Map<String, LongAdder> counts) {
        Map<String, Long> sums = new TreeMap<>();
        counts.forEach((k, v) -> sums.put(k, v.sum()));
        return sums;
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
    }

    private static String hostHeader(URI endpoint) {
        int port = endpoint.getPort();
        boolean defaultPort = port == -1 || ("http".equals(endpoint.getScheme()) && port == 80)
                || ("https".equals(endpoint.getScheme()) && port == 443);
        return defaultPort ? endpoint.getHost() : endpoint.getHost() + ":" + port;
    }

    /** How long a request may take before it counts as timed out. */
    public Duration requestTimeout() {
        return load.requestTimeout();
    }
}

package io.busquake.emulator;

import io.busquake.clock.SchedulingClock;
import io.busquake.emulator.internal.TokenBucket;
import io.busquake.emulator.internal.cloudwatch.CloudWatchService;
import io.busquake.emulator.internal.control.ControlApi;
import io.busquake.emulator.internal.delivery.DeliveryEngine;
import io.busquake.emulator.internal.events.EventBridgeState;
import io.busquake.emulator.internal.events.EventsApi;
import io.busquake.emulator.internal.events.InputShaping;
import io.busquake.emulator.internal.events.PutEvents;
import io.busquake.emulator.internal.http.EndpointServer;
import io.busquake.emulator.internal.http.ServiceHandler;
import io.busquake.emulator.internal.metrics.EventsMetrics;
import io.busquake.emulator.internal.metrics.MetricStore;
import io.busquake.emulator.internal.sqs.SqsBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * busquake's embedded EventBridge endpoint, with ElasticMQ as SQS, on one port. It throttles, retries,
 * dead-letters and counts the way AWS does, and is used the way a Testcontainers container is:
 *
 * <pre>{@code
 * try (Emulator emulator = Emulator.builder().region("us-east-1").build()) {
 *     emulator.start();
 *     EventBridgeClient events = EventBridgeClient.builder()
 *             .endpointOverride(emulator.endpoint())
 *             .region(emulator.region())
 *             .credentialsProvider(emulator.credentials())
 *             .build();
 *     events.putEvents(...);
 * }
 * }</pre>
 *
 * It knows nothing of the rest of busquake: busquake talks to it over AWS's wire protocols and {@link #faults()}.
 */
public final class Emulator implements AutoCloseable {
    public static final String DEFAULT_REGION = "us-east-1";
    public static final String DEFAULT_ACCOUNT = "000000000000";

    private final Builder config;
    private final MetricStore metricStore = new MetricStore();
    private EndpointServer server;
    private SqsBackend sqs;
    private DeliveryEngine delivery;
    private FaultControls faults;
    private EventBridgeState state;
    private CloudWatchService cloudWatch;
    private volatile boolean started;

    private Emulator(Builder config) {
        this.config = config;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds the port, starts ElasticMQ and the delivery workers. */
    public synchronized Emulator start() {
        if (started) {
            return this;
        }
        SchedulingClock clock = config.clock;
        Quotas quotas = config.quotas != null ? config.quotas : Quotas.defaultsFor(config.region);
        TokenBucket putEventsQuota = new TokenBucket(clock, quotas.putEventsTps());
        TokenBucket invocationQuota = new TokenBucket(clock, quotas.invocationsTps());
        faults = new FaultControls(quotas, putEventsQuota, invocationQuota);
        state = new EventBridgeState(config.region, config.account, clock);
        EventsMetrics metrics = new EventsMetrics(metricStore, clock);
        Map<String, ServiceHandler> services = new LinkedHashMap<>();
        try {
            server = new EndpointServer(config.host, config.port, config.httpThreads, services);
        } catch (IOException e) {
            throw new UncheckedIOException("could not bind " + config.host + ":" + config.port
                    + "; pick another port with --port, or 0 for any free one", e);
        }
        sqs = new SqsBackend(config.region, config.account, config.host, server.port(),
                new io.busquake.emulator.internal.metrics.SqsMetrics(metricStore, clock), clock);
        sqs.start();
        PutEvents[] putEvents = new PutEvents[1];
        delivery = new DeliveryEngine(clock, sqs, metrics, faults, invocationQuota, new InputShaping(),
                (busArn, invocation) -> putEvents[0].forward(busArn, invocation),
                config.deliveryThreads, config.maxOutstandingInvocations, config.seed);
        putEvents[0] = new PutEvents(state, delivery, metrics, putEventsQuota);
        services.put("events", new EventsApi(state, putEvents[0]));
        services.put("sqs", sqs::proxy);
        services.put("control", new ControlApi(faults));
        cloudWatch = CloudWatchService.create(metricStore, clock, config.region, config.account);
        services.put("monitoring", cloudWatch);
        cloudWatch.start(sqs);
        server.setServices(services);
        if (config.verifySignatures) {
            server.setVerifier(new io.busquake.emulator.internal.http.SigV4Verifier(config.accessKeyId,
                    config.secretAccessKey));
        }
        server.start();
        started = true;
        return this;
    }

    private void requireStarted() {
        if (!started) {
            throw new IllegalStateException("the emulator is not started: call start() first");
        }
    }

    /** The endpoint URL for every service: {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        requireStarted();
        return URI.create("http://" + config.host + ":" + server.port());
    }

    public int port() {
        requireStarted();
        return server.port();
    }

    public Region region() {
        return Region.of(config.region);
    }

    public String accountId() {
        return config.account;
    }

    /** Credentials a client can sign with; any secret is accepted. */
    public AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKeyId, config.secretAccessKey));
    }

    public SchedulingClock clock() {
        return config.clock;
    }

    public FaultControls faults() {
        requireStarted();
        return faults;
    }

    /** The ARN of an SQS queue of this endpoint's account. */
    public String queueArn(String queueName) {
        return "arn:aws:sqs:" + config.region + ":" + config.account + ":" + queueName;
    }

    /** Waits until no delivery is queued or under way (retries scheduled for later do not count). */
    public boolean awaitDeliveries(Duration timeout) throws InterruptedException {
        requireStarted();
        return delivery.awaitIdle(timeout);
    }

    /** Invocations not finished yet, including those waiting for a retry. */
    public long outstandingInvocations() {
        requireStarted();
        return delivery.outstanding();
    }

    /** Where the endpoint's metrics live; the CloudWatch half serves them. */
    public MetricStore metricStore() {
        return metricStore;
    }

    /** Drains in-flight deliveries (up to the drain timeout), then stops ElasticMQ and the endpoint. */
    @Override
    public synchronized void close() {
        if (!started) {
            return;
        }
        started = false;
        try {
            long left = delivery.drainAndStop(config.drainTimeout);
            if (left > 0) {
                org.slf4j.LoggerFactory.getLogger(Emulator.class).warn(
                        "closed with {} invocations not finished (waiting for retries or the quota)", left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            cloudWatch.close();
            server.close();
            sqs.close();
        }
    }

    /** The emulator's configuration; every setter returns this builder. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private String region = DEFAULT_REGION;
        private String account = DEFAULT_ACCOUNT;
        private String accessKeyId = "busquake";
        private String secretAccessKey = "busquake";
        private SchedulingClock clock = SchedulingClock.system();
        private Quotas quotas;
        private int httpThreads = 32;
        private int deliveryThreads = 4;
        private int maxOutstandingInvocations = 200_000;
        private long seed = 42;
        private Duration drainTimeout = Duration.ofSeconds(10);
        private boolean verifySignatures;

        private Builder() {
        }

        /** The port to bind; 0 (the default) takes any free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0-65535, but was " + port);
            }
            this.port = port;
            return this;
        }

        public Builder host(String host) {
            this.host = Objects.requireNonNull(host);
            return this;
        }

        public Builder region(String region) {
            this.region = Objects.requireNonNull(region);
            return this;
        }

        public Builder account(String account) {
            if (!account.matches("\\d{12}")) {
                throw new IllegalArgumentException("an account id has 12 digits, but was '" + account + "'");
            }
            this.account = account;
            return this;
        }

        public Builder credentials(String accessKeyId, String secretAccessKey) {
            this.accessKeyId = Objects.requireNonNull(accessKeyId);
            this.secretAccessKey = Objects.requireNonNull(secretAccessKey);
            return this;
        }

        /** The clock that drives backoff, event age, quotas, metric periods and alarms. */
        public Builder clock(SchedulingClock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** Overrides the Region's default quotas. */
        public Builder quotas(Quotas quotas) {
            this.quotas = Objects.requireNonNull(quotas);
            return this;
        }

        public Builder deliveryThreads(int threads) {
            this.deliveryThreads = Math.max(1, threads);
            return this;
        }

        /** The bound on invocations in flight; PutEvents is throttled beyond it, so the heap stays bounded. */
        public Builder maxOutstandingInvocations(int max) {
            this.maxOutstandingInvocations = Math.max(100, max);
            return this;
        }

        /** The seed of retry jitter and fractional faults, so runs can be repeated. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Checks every request's SigV4 signature against {@link #credentials(String, String)}; off by default, when
         * any secret is accepted.
         */
        public Builder verifySignatures(boolean verify) {
            this.verifySignatures = verify;
            return this;
        }

        public Builder drainTimeout(Duration timeout) {
            this.drainTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        public Emulator build() {
            return new Emulator(this);
        }
    }
}

package io.busquake.target;

import io.busquake.emulator.Emulator;
import io.busquake.scenario.Target;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A started target with SDK v2 clients built for it. Close it to close the clients (and stop the embedded endpoint,
 * if this target started one).
 *
 * <pre>{@code
 * try (RunTarget target = RunTarget.start(scenario.target())) {
 *     target.eventBridge().putEvents(...);
 * }
 * }</pre>
 */
public final class RunTarget implements AutoCloseable {
    /** Keys for local endpoints, which accept any; never used for AWS. */
    public static final String TEST_ACCESS_KEY_ID = "busquake";
    public static final String TEST_SECRET_ACCESS_KEY = "busquake";

    private final Target.Type type;
    private final URI endpoint;
    private final Region region;
    private final String account;
    private final AwsCredentialsProvider credentials;
    private final boolean signed;
    private final Emulator emulator;
    private final SdkHttpClient http = UrlConnectionHttpClient.create();
    private final List<SdkClient> clients = new ArrayList<>();
    private EventBridgeClient eventBridge;
    private SqsClient sqs;
    private CloudWatchClient cloudWatch;

    private RunTarget(Target.Type type, URI endpoint, Region region, String account,
                      AwsCredentialsProvider credentials, boolean signed, Emulator emulator) {
        this.type = type;
        this.endpoint = endpoint;
        this.region = region;
        this.account = account;
        this.credentials = credentials;
        this.signed = signed;
        this.emulator = emulator;
    }

    /** Starts the target a scenario names: the embedded endpoint is started here; an endpoint URL is used as is. */
    public static RunTarget start(Target target) {
        Objects.requireNonNull(target, "target");
        return switch (target.type()) {
            case EMBEDDED -> embedded(Emulator.builder().region(target.region()).account(target.account()));
            case ENDPOINT -> endpoint(URI.create(target.endpoint().orElseThrow()), target.region(), target.account(),
                    target.credentials());
            case LOCALSTACK, AWS -> throw new UnsupportedOperationException("target.type " + target.type().yamlName()
                    + " is not supported yet; allowed now: embedded, endpoint. Fix: use target.type: endpoint with "
                    + "target.endpoint set to the URL of a running LocalStack, or target.type: embedded");
        };
    }

    /** Starts an embedded endpoint configured by {@code builder} and aims at it. */
    public static RunTarget embedded(Emulator.Builder builder) {
        Emulator emulator = builder.build().start();
        return new RunTarget(Target.Type.EMBEDDED, emulator.endpoint(), emulator.region(), emulator.accountId(),
                emulator.credentials(), true, emulator);
    }

    /** Aims at a running endpoint that serves EventBridge, SQS and CloudWatch on one URL. */
    public static RunTarget endpoint(URI endpoint, String region, String account, Target.Credentials credentials) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (endpoint.getScheme() == null || endpoint.getHost() == null) {
            throw new IllegalArgumentException("target.endpoint must be an absolute http(s) URL such as "
                    + "http://127.0.0.1:4566, but was '" + endpoint + "'");
        }
        return new RunTarget(Target.Type.ENDPOINT, endpoint, Region.of(region), account,
                credentialsFor(credentials), credentials.source() != Target.Credentials.Source.NONE, null);
    }

    private static AwsCredentialsProvider credentialsFor(Target.Credentials credentials) {
        return switch (credentials.source()) {
            case DEFAULT_CHAIN -> DefaultCredentialsProvider.builder().build();
            case PROFILE -> ProfileCredentialsProvider.create(credentials.profile().orElseThrow());
            case TEST -> StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY));
            case NONE -> AnonymousCredentialsProvider.create();
        };
    }

    public Target.Type type() {
        return type;
    }

    /** The URL every service is reached at. */
    public URI endpoint() {
        return endpoint;
    }

    public Region region() {
        return region;
    }

    public String account() {
        return account;
    }

    public AwsCredentialsProvider credentials() {
        return credentials;
    }

    /** Whether requests are SigV4-signed; false for {@code credentials: none}. */
    public boolean signed() {
        return signed;
    }

    /** The embedded endpoint, when this target started one. */
    public Optional<Emulator> emulator() {
        return Optional.ofNullable(emulator);
    }

    public String queueArn(String queueName) {
        return "arn:aws:sqs:" + region.id() + ":" + account + ":" + queueName;
    }

    public String busArn(String busName) {
        return "arn:aws:events:" + region.id() + ":" + account + ":event-bus/" + busName;
    }

    public synchronized EventBridgeClient eventBridge() {
        if (eventBridge == null) {
            eventBridge = track(EventBridgeClient.builder().endpointOverride(endpoint).region(region)
                    .credentialsProvider(credentials).httpClient(http).build());
        }
        return eventBridge;
    }

    public synchronized SqsClient sqs() {
        if (sqs == null) {
            sqs = track(SqsClient.builder().endpointOverride(endpoint).region(region)
                    .credentialsProvider(credentials).httpClient(http).build());
        }
        return sqs;
    }

    public synchronized CloudWatchClient cloudWatch() {
        if (cloudWatch == null) {
            cloudWatch = track(CloudWatchClient.builder().endpointOverride(endpoint).region(region)
                    .credentialsProvider(credentials).httpClient(http).build());
        }
        return cloudWatch;
    }

    private <C extends SdkClient> C track(C client) {
        clients.add(client);
        return client;
    }

    /** Closes the clients, then stops the embedded endpoint if this target started it. */
    @Override
    public synchronized void close() {
        clients.forEach(SdkClient::close);
        clients.clear();
        http.close();
        if (emulator != null) {
            emulator.close();
        }
    }

    @Override
    public String toString() {
        return type.yamlName() + " " + endpoint + " (" + region.id() + ", account " + account + ")";
    }
}

package io.busquake.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SqsException;

class SignatureAndOverloadTest {

    private static EventBridgeClient events(Emulator emulator, String key, String secret) {
        return EventBridgeClient.builder().endpointOverride(emulator.endpoint()).region(emulator.region())
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(DefaultRetryStrategy.doNotRetry()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret))).build();
    }

    @Test
    void withVerificationOn_onlyTheConfiguredSecretIsAccepted() {
        try (EmulatorFixture fx = new EmulatorFixture(Emulator.builder().credentials("AKIDBUSQUAKE", "s3cret")
                .verifySignatures(true))) {
            assertThat(fx.events.listEventBuses(b -> { }).eventBuses()).hasSize(1);
            String url = fx.sqs.createQueue(b -> b.queueName("q with no spaces".replace(' ', '-'))).queueUrl();
            assertThat(fx.sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings("All"))
                    .attributesAsStrings()).isNotEmpty();

            try (EventBridgeClient wrongSecret = events(fx.emulator, "AKIDBUSQUAKE", "guess");
                 EventBridgeClient wrongKey = events(fx.emulator, "AKIDOTHER", "s3cret")) {
                assertThatThrownBy(() -> wrongSecret.listEventBuses(b -> { }))
                        .isInstanceOfSatisfying(EventBridgeException.class, e -> {
                            assertThat(e.statusCode()).isEqualTo(403);
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
                        });
                assertThatThrownBy(() -> wrongKey.listEventBuses(b -> { }))
                        .isInstanceOfSatisfying(EventBridgeException.class,
                                e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId"));
            }
            try (SqsClient wrong = SqsClient.builder().endpointOverride(fx.emulator.endpoint())
                    .region(fx.emulator.region()).httpClient(UrlConnectionHttpClient.create())
                    .overrideConfiguration(c -> c.retryStrategy(DefaultRetryStrategy.doNotRetry()))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDBUSQUAKE",
                            "guess"))).build()) {
                assertThatThrownBy(() -> wrong.listQueues()).isInstanceOf(SqsException.class);
            }
        }
    }

    @Test
    void withVerificationOff_anySecretIsAccepted() {
        try (EmulatorFixture fx = new EmulatorFixture();
             EventBridgeClient other = events(fx.emulator, "anything", "whatever")) {
            assertThat(other.listEventBuses(b -> { }).eventBuses()).hasSize(1);
        }
    }

    @Test
    void moreWorkThanTheEndpointMayHold_isThrottled_andNothingAcceptedIsLost() {
        try (EmulatorFixture fx = new EmulatorFixture(Emulator.builder().maxOutstandingInvocations(100));
             EventBridgeClient noRetry = events(fx.emulator, "a", "b")) {
            String url = fx.queueForEvents("slow");
            fx.events.putRule(b -> b.name("r").eventPattern("{\"source\":[\"s\"]}"));
            fx.events.putTargets(b -> b.rule("r").targets(t -> t.id("q").arn(fx.emulator.queueArn("slow"))));
            // Deliveries wait a minute of virtual time each, so they pile up.
            fx.emulator.faults().target(fx.emulator.queueArn("slow"), TargetFault.slow(60_000, 1.0));
            PutEventsRequestEntry entry = PutEventsRequestEntry.builder().source("s").detailType("t").detail("{}").build();
            int accepted = 0;
            boolean throttled = false;
            for (int i = 0; i < 20 && !throttled; i++) {
                try {
                    noRetry.putEvents(b -> b.entries(entry, entry, entry, entry, entry, entry, entry, entry, entry, entry));
                    accepted += 10;
                } catch (EventBridgeException e) {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                    throttled = true;
                }
            }
            assertThat(throttled).isTrue();
            assertThat(fx.emulator.outstandingInvocations()).isLessThanOrEqualTo(100).isEqualTo(accepted);

            fx.settle();
            fx.clock.advance(java.time.Duration.ofMinutes(2));
            fx.settle();
            assertThat(fx.drain(url)).hasSize(accepted);
            assertThat(fx.emulator.outstandingInvocations()).isZero();
        }
    }
}

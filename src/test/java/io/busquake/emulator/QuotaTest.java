package io.busquake.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.busquake.emulator.internal.metrics.MetricAggregate;
import io.busquake.emulator.internal.metrics.MetricKey;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/** The PutEvents and invocations quotas, on the virtual clock. */
class QuotaTest {
    private final EmulatorFixture fx = new EmulatorFixture(Emulator.builder().quotas(new Quotas(5, 4)));

    @AfterEach
    void close() {
        fx.close();
    }

    private EventBridgeClient noRetryClient() {
        return EventBridgeClient.builder().endpointOverride(fx.emulator.endpoint()).region(fx.emulator.region())
                .credentialsProvider(fx.emulator.credentials()).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(DefaultRetryStrategy.doNotRetry()))
                .build();
    }

    private static PutEventsRequestEntry entry() {
        return PutEventsRequestEntry.builder().source("shop").detailType("t").detail("{}").build();
    }

    @Test
    void putEventsAboveTheQuota_isAWholeRequestThrottlingException() {
        try (EventBridgeClient client = noRetryClient()) {
            for (int i = 0; i < 5; i++) {
                assertThat(client.putEvents(b -> b.entries(entry())).failedEntryCount()).isZero();
            }
            assertThatThrownBy(() -> client.putEvents(b -> b.entries(entry())))
                    .isInstanceOfSatisfying(EventBridgeException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                    });
            fx.clock.advance(Duration.ofSeconds(1));
            assertThat(client.putEvents(b -> b.entries(entry())).failedEntryCount()).isZero();
        }
        var throttled = fx.emulator.metricStore()
                .series(MetricKey.of("AWS/Events", "PutEventsApproximateThrottledCount"));
        assertThat(throttled.buckets().values().stream().mapToDouble(a -> a.snapshot().sum()).sum()).isEqualTo(1);
    }

    @Test
    void quotaOverride_takesEffectWhileRunning() {
        fx.emulator.faults().putEventsTps(1);
        try (EventBridgeClient client = noRetryClient()) {
            client.putEvents(b -> b.entries(entry()));
            assertThatThrownBy(() -> client.putEvents(b -> b.entries(entry()))).isInstanceOf(EventBridgeException.class);
        }
        fx.emulator.faults().resetQuotas();
        assertThat(fx.emulator.faults().quotas()).isEqualTo(new Quotas(5, 4));
    }

    @Test
    void invocationsAboveTheQuota_areDelayedAndCounted_neverDropped() {
        String url = fx.queueForEvents("q");
        fx.events.putRule(b -> b.name("r").eventPattern("{\"source\":[\"shop\"]}"));
        fx.events.putTargets(b -> b.rule("r").targets(t -> t.id("q").arn(fx.emulator.queueArn("q"))));
        try (EventBridgeClient client = noRetryClient()) {
            client.putEvents(b -> b.entries(entry(), entry(), entry(), entry(), entry(), entry(), entry(), entry(),
                    entry(), entry()));
        }
        fx.settle();
        assertThat(fx.drain(url)).hasSize(4);

        fx.advance(Duration.ofSeconds(3), Duration.ofMillis(250));

        assertThat(fx.drain(url)).hasSize(6);
        double throttled = fx.emulator.metricStore().series(MetricKey.of("AWS/Events", "ThrottledRules",
                Map.of("RuleName", "r"))).buckets().values().stream().map(MetricAggregate::snapshot)
                .mapToDouble(MetricAggregate.Snapshot::sum).sum();
        assertThat(throttled).isGreaterThanOrEqualTo(6);
        assertThat(fx.emulator.outstandingInvocations()).isZero();
    }
}

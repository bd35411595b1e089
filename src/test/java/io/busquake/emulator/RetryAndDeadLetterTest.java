package io.busquake.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.busquake.emulator.internal.metrics.MetricAggregate;
import io.busquake.emulator.internal.metrics.MetricKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

/** Retries, their limits and the dead-letter queue, in virtual time. */
class RetryAndDeadLetterTest {
    private final EmulatorFixture fx = new EmulatorFixture();

    @AfterEach
    void close() {
        fx.close();
    }

    private String ruleWithTarget(int maxRetries, int maxAgeSeconds) {
        fx.queueForEvents("target");
        String dlqUrl = fx.queueForEvents("dlq");
        fx.events.putRule(b -> b.name("r").eventPattern("{\"source\":[\"shop\"]}"));
        fx.events.putTargets(b -> b.rule("r").targets(t -> t.id("q").arn(fx.emulator.queueArn("target"))
                .retryPolicy(p -> p.maximumRetryAttempts(maxRetries).maximumEventAgeInSeconds(maxAgeSeconds))
                .deadLetterConfig(d -> d.arn(fx.emulator.queueArn("dlq")))));
        return dlqUrl;
    }

    private void put(int n) {
        for (int i = 0; i < n; i++) {
            fx.events.putEvents(b -> b.entries(PutEventsRequestEntry.builder().source("shop").detailType("t")
                    .detail("{}").build()));
        }
        fx.settle();
    }

    private double sum(String metric, Map<String, String> dims) {
        var series = fx.emulator.metricStore().series(MetricKey.of("AWS/Events", metric, dims));
        if (series == null) {
            return 0;
        }
        return series.buckets().values().stream().map(MetricAggregate::snapshot)
                .mapToDouble(MetricAggregate.Snapshot::sum).sum();
    }

    @Test
    void retriableFailure_isRetriedUntilMaximumRetryAttempts_thenDeadLettered() {
        String dlqUrl = ruleWithTarget(3, 86_400);
        fx.emulator.faults().target(fx.emulator.queueArn("target"), TargetFault.failing("THROTTLING", true, 1.0));

        put(1);
        assertThat(fx.drain(dlqUrl)).isEmpty();
        fx.advance(Duration.ofMinutes(2), Duration.ofSeconds(1));

        List<Message> dead = fx.drain(dlqUrl);
        assertThat(dead).hasSize(1);
        var attributes = dead.get(0).messageAttributes();
        assertThat(attributes.get("ERROR_CODE").stringValue()).isEqualTo("THROTTLING");
        assertThat(attributes.get("EXHAUSTED_RETRY_CONDITION").stringValue()).isEqualTo("MaximumRetryAttempts");
        assertThat(attributes.get("RETRY_ATTEMPTS").stringValue()).isEqualTo("3");
        Map<String, String> rule = Map.of("RuleName", "r");
        assertThat(sum("InvocationAttempts", rule)).isEqualTo(4);
        assertThat(sum("RetryInvocationAttempts", rule)).isEqualTo(3);
        assertThat(sum("FailedInvocations", rule)).isEqualTo(1);
        assertThat(sum("InvocationsSentToDlq", rule)).isEqualTo(1);
        assertThat(sum("SuccessfulInvocationAttempts", rule)).isZero();
    }

    @Test
    void retriesStopAtMaximumEventAge() {
        String dlqUrl = ruleWithTarget(185, 60);
        fx.emulator.faults().target(fx.emulator.queueArn("target"), TargetFault.failing("THROTTLING", true, 1.0));

        put(1);
        fx.advance(Duration.ofMinutes(3), Duration.ofSeconds(1));

        List<Message> dead = fx.drain(dlqUrl);
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).messageAttributes().get("EXHAUSTED_RETRY_CONDITION").stringValue())
                .isEqualTo("MaximumEventAgeInSeconds");
        assertThat(Integer.parseInt(dead.get(0).messageAttributes().get("RETRY_ATTEMPTS").stringValue()))
                .isBetween(3, 10);
    }

    @Test
    void failureThatClears_isDeliveredOnRetry_andNothingIsDeadLettered() {
        String dlqUrl = ruleWithTarget(185, 86_400);
        String targetArn = fx.emulator.queueArn("target");
        fx.emulator.faults().target(targetArn, TargetFault.failing("ERROR_FROM_TARGET", true, 1.0));

        put(5);
        fx.advance(Duration.ofSeconds(30), Duration.ofSeconds(1));
        fx.emulator.faults().clearTarget(targetArn);
        fx.advance(Duration.ofMinutes(10), Duration.ofSeconds(5));

        String targetUrl = fx.sqs.getQueueUrl(b -> b.queueName("target")).queueUrl();
        assertThat(fx.drain(targetUrl)).hasSize(5);
        assertThat(fx.drain(dlqUrl)).isEmpty();
        assertThat(fx.emulator.outstandingInvocations()).isZero();
        assertThat(sum("Invocations", Map.of("RuleName", "r"))).isEqualTo(5);
        assertThat(sum("FailedInvocations", Map.of("RuleName", "r"))).isZero();
    }

    @Test
    void nonRetriableFault_goesStraightToTheDeadLetterQueue() {
        String dlqUrl = ruleWithTarget(185, 86_400);
        fx.emulator.faults().target(fx.emulator.queueArn("target"), TargetFault.failing("NO_PERMISSIONS", false, 1.0));

        put(2);

        List<Message> dead = fx.drain(dlqUrl);
        assertThat(dead).hasSize(2);
        assertThat(dead).allSatisfy(m -> {
            assertThat(m.messageAttributes().get("RETRY_ATTEMPTS").stringValue()).isEqualTo("0");
            assertThat(m.messageAttributes()).doesNotContainKey("EXHAUSTED_RETRY_CONDITION");
        });
    }

    @Test
    void deletedTargetQueue_isNoResource() {
        String dlqUrl = ruleWithTarget(185, 86_400);
        fx.sqs.deleteQueue(b -> b.queueUrl(fx.sqs.getQueueUrl(q -> q.queueName("target")).queueUrl()));

        put(1);

        List<Message> dead = fx.drain(dlqUrl);
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).messageAttributes().get("ERROR_CODE").stringValue()).isEqualTo("NO_RESOURCE");
    }

    @Test
    void deadLetterQueueThatRefuses_countsInvocationsFailedToBeSentToDlq() {
        String dlqUrl = ruleWithTarget(0, 86_400);
        fx.emulator.faults().target(fx.emulator.queueArn("target"), TargetFault.failing("THROTTLING", true, 1.0));
        fx.emulator.faults().target(fx.emulator.queueArn("dlq"), TargetFault.failing("NO_PERMISSIONS", false, 1.0));

        put(3);

        assertThat(fx.drain(dlqUrl)).isEmpty();
        assertThat(sum("InvocationsFailedToBeSentToDlq", Map.of("RuleName", "r"))).isEqualTo(3);
        assertThat(sum("InvocationsSentToDlq", Map.of("RuleName", "r"))).isZero();
        assertThat(sum("FailedInvocations", Map.of("RuleName", "r"))).isEqualTo(3);
    }
}

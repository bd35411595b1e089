package io.busquake.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.sqs.model.Message;

class DeliveryTest {
    private final EmulatorFixture fx = new EmulatorFixture();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void matchingRule_deliversTheEventEnvelopeToItsQueue() throws Exception {
        String url = fx.queueForEvents("orders");
        fx.events.putRule(b -> b.name("orders").eventPattern("{\"source\":[\"shop\"]}"));
        fx.events.putTargets(b -> b.rule("orders").targets(t -> t.id("q").arn(fx.emulator.queueArn("orders"))));

        PutEventsResponse response = fx.events.putEvents(b -> b.entries(
                PutEventsRequestEntry.builder().source("shop").detailType("OrderPlaced").detail("{\"id\":7}").build(),
                PutEventsRequestEntry.builder().source("other").detailType("OrderPlaced").detail("{\"id\":8}").build()));
        fx.settle();

        assertThat(response.failedEntryCount()).isZero();
        List<Message> messages = fx.drain(url);
        assertThat(messages).hasSize(1);
        JsonNode event = json.readTree(messages.get(0).body());
        assertThat(event.get("id").asText()).isEqualTo(response.entries().get(0).eventId());
        assertThat(event.get("source").asText()).isEqualTo("shop");
        assertThat(event.get("detail-type").asText()).isEqualTo("OrderPlaced");
        assertThat(event.get("account").asText()).isEqualTo(fx.emulator.accountId());
        assertThat(event.get("region").asText()).isEqualTo("us-east-1");
        assertThat(event.get("time").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(event.get("detail").get("id").asInt()).isEqualTo(7);
    }

    @Test
    void queueWithoutPolicy_sendsTheEventToTheDeadLetterQueueWithNoPermissions() throws Exception {
        fx.sqs.createQueue(b -> b.queueName("closed"));
        String dlqUrl = fx.queueForEvents("dlq");
        fx.events.putRule(b -> b.name("r").eventPattern("{\"source\":[\"shop\"]}"));
        fx.events.putTargets(b -> b.rule("r").targets(t -> t.id("q").arn(fx.emulator.queueArn("closed"))
                .deadLetterConfig(d -> d.arn(fx.emulator.queueArn("dlq")))));

        fx.events.putEvents(b -> b.entries(PutEventsRequestEntry.builder().source("shop").detailType("t")
                .detail("{}").build()));
        fx.settle();

        List<Message> dead = fx.drain(dlqUrl);
        assertThat(dead).hasSize(1);
        var attributes = dead.get(0).messageAttributes();
        assertThat(attributes.get("ERROR_CODE").stringValue()).isEqualTo("NO_PERMISSIONS");
        assertThat(attributes.get("RULE_ARN").stringValue()).isEqualTo("arn:aws:events:us-east-1:000000000000:rule/r");
        assertThat(attributes.get("TARGET_ARN").stringValue()).isEqualTo(fx.emulator.queueArn("closed"));
        assertThat(attributes.get("RETRY_ATTEMPTS").stringValue()).isEqualTo("0");
        assertThat(attributes).doesNotContainKey("EXHAUSTED_RETRY_CONDITION");
    }
}

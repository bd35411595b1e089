package io.busquake.emulator.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.busquake.emulator.EmulatorFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.sqs.model.Message;

/** PutEvents rules the corpus did not record: today's 1 MB size rule, buses named by ARN, Time, mixed entries. */
class PutEventsRulesTest {
    /** AWS's limit since 2025 (eventbridge-facts §2 [1MB]); the corpus recorded the 256 KB era. */
    private static final int LIMIT_BYTES = 1_048_576;
    private final EmulatorFixture fx = new EmulatorFixture();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void close() {
        fx.close();
    }

    private static PutEventsRequestEntry entryOfSize(int bytes) {
        String source = "size.test";
        String detailType = "Sized";
        String prefix = "{\"p\":\"";
        String suffix = "\"}";
        int fill = bytes - source.length() - detailType.length() - prefix.length() - suffix.length();
        return PutEventsRequestEntry.builder().source(source).detailType(detailType)
                .detail(prefix + "p".repeat(fill) + suffix).build();
    }

    @Test
    void putEvents_withEntriesOfExactlyOneMegabyte_isAccepted() {
        PutEventsResponse response = fx.events.putEvents(b -> b.entries(entryOfSize(LIMIT_BYTES)));
        assertThat(response.failedEntryCount()).isZero();
    }

    @Test
    void putEvents_withEntriesOneByteOverOneMegabyte_isRejectedAsAwsDoes() {
        EventBridgeException e = catchThrowableOfType(EventBridgeException.class,
                () -> fx.events.putEvents(b -> b.entries(entryOfSize(LIMIT_BYTES - 100), entryOfSize(101))));
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Total size of the entries in the request is over the limit.");
    }

    @Test
    void putEvents_withEventBusArn_routesToThatBus() throws Exception {
        String arn = fx.events.createEventBus(b -> b.name("orders")).eventBusArn();
        String url = fx.queueForEvents("orders-q");
        fx.events.putRule(b -> b.name("r").eventBusName(arn).eventPattern("{\"source\":[\"shop\"]}"));
        fx.events.putTargets(b -> b.rule("r").eventBusName("orders").targets(t -> t.id("q").arn(fx.emulator.queueArn("orders-q"))));

        fx.events.putEvents(b -> b.entries(PutEventsRequestEntry.builder().eventBusName(arn).source("shop")
                .detailType("t").detail("{}").build()));
        fx.settle();

        assertThat(fx.drain(url)).hasSize(1);
    }

    @Test
    void putEvents_withAndWithoutTime_stampsTheGivenTimeOrNow() throws Exception {
        String url = fx.queueForEvents("times");
        fx.events.putRule(b -> b.name("r").eventPattern("{\"source\":[\"clock\"]}"));
        fx.events.putTargets(b -> b.rule("r").targets(t -> t.id("q").arn(fx.emulator.queueArn("times"))));
        fx.clock.advance(Duration.ofSeconds(90));

        fx.events.putEvents(b -> b.entries(
                PutEventsRequestEntry.builder().source("clock").detailType("given").detail("{}")
                        .time(Instant.parse("2022-01-01T00:00:00.750Z")).build(),
                PutEventsRequestEntry.builder().source("clock").detailType("now").detail("{}").build()));
        fx.settle();

        List<Message> got = fx.drain(url);
        assertThat(got).hasSize(2);
        for (Message m : got) {
            JsonNode event = json.readTree(m.body());
            String expected = event.get("detail-type").asText().equals("given") ? "2022-01-01T00:00:00Z"
                    : "2026-01-01T00:01:30Z";
            assertThat(event.get("time").asText()).isEqualTo(expected);
        }
    }

    @Test
    void putEvents_withMixedEntries_answersEachInRequestOrder() {
        PutEventsResponse response = fx.events.putEvents(b -> b.entries(
                PutEventsRequestEntry.builder().source("ok").detailType("t").detail("{}").build(),
                PutEventsRequestEntry.builder().source("aws.s3").detailType("t").detail("{}").build(),
                PutEventsRequestEntry.builder().detailType("t").detail("{}").build(),
                PutEventsRequestEntry.builder().source("ok").detailType("t").detail("[1]").build(),
                PutEventsRequestEntry.builder().source("ok").detailType("t").detail("{\"a\":1}").build()));

        assertThat(response.failedEntryCount()).isEqualTo(3);
        assertThat(response.entries()).hasSize(5);
        assertThat(response.entries().get(0).eventId()).isNotBlank();
        assertThat(response.entries().get(1).errorCode()).isEqualTo("NotAuthorizedForSourceException");
        assertThat(response.entries().get(2).errorCode()).isEqualTo("InvalidArgument");
        assertThat(response.entries().get(2).errorMessage())
                .isEqualTo("Parameter Source is not valid. Reason: Source is a required argument.");
        assertThat(response.entries().get(3).errorCode()).isEqualTo("MalformedDetail");
        assertThat(response.entries().get(4).eventId()).isNotBlank();
    }
}

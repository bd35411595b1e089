package io.busquake.emulator;

import io.busquake.clock.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A started emulator on a virtual clock with SDK v2 clients pointed at it, for tests. Close it after the test.
 */
public final class EmulatorFixture implements AutoCloseable {
    public final VirtualClock clock = VirtualClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    public final Emulator emulator;
    public final EventBridgeClient events;
    public final SqsClient sqs;

    public EmulatorFixture() {
        this(Emulator.builder());
    }

    public EmulatorFixture(Emulator.Builder builder) {
        emulator = builder.clock(clock).build().start();
        events = EventBridgeClient.builder().endpointOverride(emulator.endpoint()).region(emulator.region())
                .credentialsProvider(emulator.credentials()).httpClient(UrlConnectionHttpClient.create()).build();
        sqs = SqsClient.builder().endpointOverride(emulator.endpoint()).region(emulator.region())
                .credentialsProvider(emulator.credentials()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** A queue that lets EventBridge send to it, as the console would set it up. */
    public String queueForEvents(String name) {
        String url = sqs.createQueue(b -> b.queueName(name)).queueUrl();
        sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(Map.of(QueueAttributeName.POLICY,
                allowEventsPolicy(emulator.queueArn(name)))));
        return url;
    }

    public static String allowEventsPolicy(String queueArn) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"events\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"Service\":\"events.amazonaws.com\"},\"Action\":\"sqs:SendMessage\","
                + "\"Resource\":\"" + queueArn + "\"}]}";
    }

    /** Waits for queued deliveries to finish (no wall-clock sleeping: it waits on the delivery engine). */
    public void settle() {
        try {
            if (!emulator.awaitDeliveries(Duration.ofSeconds(30))) {
                throw new AssertionError("deliveries did not finish within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Advances virtual time in steps, letting deliveries finish after each. */
    public void advance(Duration total, Duration step) {
        for (Duration done = Duration.ZERO; done.compareTo(total) < 0; done = done.plus(step)) {
            clock.advance(step);
            settle();
        }
    }

    /** Every message now in the queue (drains it). */
    public List<Message> drain(String queueUrl) {
        List<Message> all = new java.util.ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                    .waitTimeSeconds(0)).messages();
            if (batch.isEmpty()) {
                return all;
            }
            all.addAll(batch);
            for (Message m : batch) {
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
    }

    @Override
    public void close() {
        events.close();
        sqs.close();
        emulator.close();
    }
}

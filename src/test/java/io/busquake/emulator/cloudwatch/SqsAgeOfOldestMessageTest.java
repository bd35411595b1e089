package io.busquake.emulator.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * AWS/SQS ApproximateAgeOfOldestMessage through the SDK's CloudWatchClient, in virtual time: the emulator samples it
 * at the end of each minute into that minute, so a minute's Maximum is the oldest message's age at its end.
 */
class SqsAgeOfOldestMessageTest {
    private final CloudWatchFixture f = new CloudWatchFixture();
    private final Instant t0 = f.now();

    @AfterEach
    void close() {
        f.close();
    }

    /** Moves the virtual clock to {@code seconds} after the start, sampling every minute boundary on the way. */
    private void at(int seconds) {
        f.fx.clock.advanceTo(t0.plusSeconds(seconds));
        f.fx.settle();
    }

    private List<Datapoint> age(String queue) {
        return f.cw.getMetricStatistics(b -> b.namespace("AWS/SQS").metricName("ApproximateAgeOfOldestMessage")
                .dimensions(Dimension.builder().name("QueueName").value(queue).build()).startTime(t0)
                .endTime(t0.plus(Duration.ofMinutes(10))).period(60).statistics(Statistic.MAXIMUM)).datapoints();
    }

    private static List<Double> maxima(List<Datapoint> points) {
        return points.stream().map(Datapoint::maximum).toList();
    }

    private String queue(String name) {
        return f.fx.sqs.createQueue(b -> b.queueName(name)).queueUrl();
    }

    private Message receiveOne(String url, int visibilityTimeoutSeconds) {
        List<Message> got = f.fx.sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(1)
                .visibilityTimeout(visibilityTimeoutSeconds)).messages();
        assertThat(got).hasSize(1);
        return got.get(0);
    }

    @Test
    void age_growsEachMinute_whileTheOldestMessageIsInFlight_andDropsOnceItIsDeleted() {
        String url = queue("work");
        at(20);
        f.fx.sqs.sendMessage(b -> b.queueUrl(url).messageBody("a"));
        at(90);
        Message a = receiveOne(url, 600);
        at(150);
        f.fx.sqs.sendMessage(b -> b.queueUrl(url).messageBody("b"));
        at(220);
        f.fx.sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(a.receiptHandle()));
        at(250);
        Message b2 = receiveOne(url, 600);
        assertThat(b2.body()).isEqualTo("b");
        f.fx.sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(b2.receiptHandle()));
        at(420);

        List<Datapoint> points = age("work");
        // a, sent at 0:20, at 1:00, 2:00 and 3:00 (in flight since 1:30); then b, sent at 2:30, at 4:00; then none.
        assertThat(maxima(points)).containsExactly(40.0, 100.0, 160.0, 90.0);
        assertThat(points).extracting(Datapoint::timestamp).containsExactly(t0, t0.plusSeconds(60),
                t0.plusSeconds(120), t0.plusSeconds(180));
        assertThat(points).extracting(Datapoint::unit).containsOnly(StandardUnit.SECONDS);
    }

    @Test
    void emptyQueue_hasNoAgeDatapoints_whileItsDepthIsPublished() {
        queue("idle");
        at(180);

        assertThat(age("idle")).isEmpty();
        assertThat(f.cw.getMetricStatistics(b -> b.namespace("AWS/SQS").metricName("ApproximateNumberOfMessagesVisible")
                .dimensions(Dimension.builder().name("QueueName").value("idle").build()).startTime(t0)
                .endTime(t0.plusSeconds(180)).period(60).statistics(Statistic.MAXIMUM)).datapoints())
                .extracting(Datapoint::maximum).containsExactly(0.0, 0.0, 0.0);
    }

    @Test
    void ruleDeliveriesAndBatchSends_countFromWhenTheyArrived() {
        f.fx.queueForEvents("orders");
        String batchUrl = queue("batch");
        f.fx.events.putRule(b -> b.name("r").eventPattern("{\"source\":[\"shop\"]}"));
        f.fx.events.putTargets(b -> b.rule("r").targets(t -> t.id("q").arn(f.fx.emulator.queueArn("orders"))));
        at(30);
        f.fx.events.putEvents(b -> b.entries(e -> e.source("shop").detailType("t").detail("{}")));
        f.fx.settle();
        at(45);
        f.fx.sqs.sendMessageBatch(b -> b.queueUrl(batchUrl).entries(e -> e.id("1").messageBody("x"),
                e -> e.id("2").messageBody("y")));
        at(120);

        assertThat(maxima(age("orders"))).containsExactly(30.0, 90.0);
        assertThat(maxima(age("batch"))).containsExactly(15.0, 75.0);
    }

    @Test
    void delayedMessages_count_likeEveryMessageNotDeleted() {
        String url = queue("later");
        at(30);
        f.fx.sqs.sendMessage(b -> b.queueUrl(url).messageBody("m").delaySeconds(900));
        at(60);

        assertThat(maxima(age("later"))).containsExactly(30.0);
    }

    @Test
    void messageReceivedThreeTimes_onAStandardQueue_stopsCounting_asAPoisonPill() {
        String pill = queue("pill");
        String twice = queue("twice");
        at(10);
        f.fx.sqs.sendMessage(b -> b.queueUrl(pill).messageBody("old"));
        f.fx.sqs.sendMessage(b -> b.queueUrl(twice).messageBody("old"));
        for (int i = 0; i < 3; i++) {
            receiveOne(pill, 0);
        }
        for (int i = 0; i < 2; i++) {
            receiveOne(twice, 0);
        }
        at(40);
        f.fx.sqs.sendMessage(b -> b.queueUrl(pill).messageBody("new"));
        f.fx.sqs.sendMessage(b -> b.queueUrl(twice).messageBody("new"));
        at(60);

        assertThat(maxima(age("pill"))).containsExactly(20.0);
        assertThat(maxima(age("twice"))).containsExactly(50.0);
    }

    @Test
    void deadLetterQueue_countsFromTheMove_notFromTheOriginalSend() {
        String dlq = queue("dead");
        String dlqArn = f.fx.emulator.queueArn("dead");
        String url = f.fx.sqs.createQueue(b -> b.queueName("source").attributes(Map.of(QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"1\"}"))).queueUrl();
        at(10);
        f.fx.sqs.sendMessage(b -> b.queueUrl(url).messageBody("m"));
        receiveOne(url, 0);
        at(80);
        // The second receive finds the message at maxReceiveCount and moves it to the dead-letter queue.
        assertThat(f.fx.sqs.receiveMessage(b -> b.queueUrl(url).visibilityTimeout(0)).messages()).isEmpty();
        assertThat(f.fx.sqs.getQueueAttributes(b -> b.queueUrl(dlq)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes())
                .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "1");
        at(120);

        assertThat(maxima(age("source"))).containsExactly(50.0);
        assertThat(maxima(age("dead"))).containsExactly(40.0);
    }

    @Test
    void purgedQueue_hasNoAge_untilTheNextSend() {
        String url = queue("purged");
        at(10);
        f.fx.sqs.sendMessage(b -> b.queueUrl(url).messageBody("gone"));
        at(70);
        f.fx.sqs.purgeQueue(b -> b.queueUrl(url));
        at(130);
        f.fx.sqs.sendMessage(b -> b.queueUrl(url).messageBody("fresh"));
        at(180);

        List<Datapoint> points = age("purged");
        assertThat(maxima(points)).containsExactly(50.0, 50.0);
        assertThat(points).extracting(Datapoint::timestamp).containsExactly(t0, t0.plusSeconds(120));
    }
}

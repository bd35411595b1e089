package io.busquake.emulator.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

class SqsMetricsTest {
    private final CloudWatchFixture f = new CloudWatchFixture();

    @AfterEach
    void close() {
        f.close();
    }

    private List<Datapoint> maximum(String metric, String queue, Instant from) {
        return f.cw.getMetricStatistics(b -> b.namespace("AWS/SQS").metricName(metric)
                .dimensions(Dimension.builder().name("QueueName").value(queue).build()).startTime(from)
                .endTime(from.plusSeconds(180)).period(60).statistics(Statistic.MAXIMUM)).datapoints();
    }

    @Test
    void queueDepth_isSampledEachMinute_perQueueName() {
        Instant t0 = f.now();
        String url = f.fx.sqs.createQueue(b -> b.queueName("work")).queueUrl();
        for (int i = 0; i < 3; i++) {
            int n = i;
            f.fx.sqs.sendMessage(b -> b.queueUrl(url).messageBody("m" + n));
        }
        f.fx.sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(1).visibilityTimeout(600));

        f.minutes(1);
        f.fx.sqs.purgeQueue(b -> b.queueUrl(url));
        f.minutes(1);

        assertThat(maximum("ApproximateNumberOfMessagesVisible", "work", t0)).extracting(Datapoint::maximum)
                .containsExactly(2.0, 0.0);
        assertThat(maximum("ApproximateNumberOfMessagesNotVisible", "work", t0)).extracting(Datapoint::maximum)
                .startsWith(1.0);
        assertThat(maximum("ApproximateNumberOfMessagesVisible", "work", t0).get(0).timestamp()).isEqualTo(t0);
    }

    private double sum(String metric, String queue, Instant from) {
        return f.cw.getMetricStatistics(b -> b.namespace("AWS/SQS").metricName(metric)
                .dimensions(Dimension.builder().name("QueueName").value(queue).build()).startTime(from)
                .endTime(from.plusSeconds(180)).period(60).statistics(Statistic.SUM)).datapoints().stream()
                .mapToDouble(Datapoint::sum).sum();
    }

    @Test
    void messagesSentReceivedAndDeleted_areCounted_includingRuleDeliveries() {
        Instant t0 = f.now();
        String url = f.fx.queueForEvents("traffic");
        f.fx.sqs.sendMessage(b -> b.queueUrl(url).messageBody("by hand"));
        f.fx.sqs.sendMessageBatch(b -> b.queueUrl(url).entries(e -> e.id("1").messageBody("a"),
                e -> e.id("2").messageBody("b")));
        f.fx.events.putRule(b -> b.name("r").eventPattern("{\"source\":[\"s\"]}"));
        f.fx.events.putTargets(b -> b.rule("r").targets(t -> t.id("q").arn(f.fx.emulator.queueArn("traffic"))));
        f.fx.events.putEvents(b -> b.entries(e -> e.source("s").detailType("t").detail("{}")));
        f.fx.settle();
        var received = f.fx.sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)).messages();
        f.fx.sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(received.get(0).receiptHandle()));
        f.fx.sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(e -> e.id("x").receiptHandle(
                received.get(1).receiptHandle())));
        f.minutes(1);

        assertThat(sum("NumberOfMessagesSent", "traffic", t0)).isEqualTo(4);
        assertThat(sum("NumberOfMessagesReceived", "traffic", t0)).isEqualTo(received.size()).isEqualTo(4);
        assertThat(sum("NumberOfMessagesDeleted", "traffic", t0)).isEqualTo(2);
    }
}

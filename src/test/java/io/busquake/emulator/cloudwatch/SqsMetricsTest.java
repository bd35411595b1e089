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
}

package io.busquake.emulator.internal.cloudwatch;

import io.busquake.emulator.internal.metrics.MetricKey;
import io.busquake.emulator.internal.metrics.MetricStore;
import io.busquake.emulator.internal.sqs.SqsBackend;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * AWS/SQS per-queue gauges, sampled from ElasticMQ once a minute into the minute that just ended, dimensioned by
 * QueueName as AWS does. ApproximateAgeOfOldestMessage is measured at the minute's end on the emulator's clock and,
 * as AWS documents, published only while the queue holds a message that counts.
 */
final class SqsSampler {
    static final String NAMESPACE = "AWS/SQS";
    private static final Logger LOG = LoggerFactory.getLogger(SqsSampler.class);

    private final MetricStore store;
    private final SqsBackend backend;
    private final SqsClient sqs;

    SqsSampler(MetricStore store, SqsBackend backend) {
        this.store = store;
        this.backend = backend;
        this.sqs = backend.client();
    }

    void sample(Instant minuteEnd) {
        Instant in = minuteEnd.minusSeconds(60);
        List<String> urls;
        try {
            urls = sqs.listQueues().queueUrls();
        } catch (RuntimeException e) {
            LOG.warn("could not list queues for AWS/SQS metrics: {}", e.toString());
            return;
        }
        for (String url : urls) {
            String name = url.substring(url.lastIndexOf('/') + 1);
            try {
                Map<QueueAttributeName, String> attrs = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
                gauge(name, "ApproximateNumberOfMessagesVisible", attrs.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES), in);
                gauge(name, "ApproximateNumberOfMessagesNotVisible",
                        attrs.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE), in);
                gauge(name, "ApproximateNumberOfMessagesDelayed",
                        attrs.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED), in);
                Optional<Duration> age = backend.ageOfOldestMessage(name);
                if (age.isPresent()) {
                    store.bucket(key(name, "ApproximateAgeOfOldestMessage"), in, "Seconds", 60)
                            .add(age.get().toSeconds());
                }
            } catch (RuntimeException e) {
                // The queue may have been deleted between the listing and the read; it simply has no sample.
                LOG.debug("no AWS/SQS sample for {}: {}", name, e.toString());
            }
        }
    }

    private void gauge(String queue, String metric, String value, Instant at) {
        if (value == null) {
            return;
        }
        store.bucket(key(queue, metric), at, "Count", 60).add(Double.parseDouble(value));
    }

    private static MetricKey key(String queue, String metric) {
        return MetricKey.of(NAMESPACE, metric, Map.of("QueueName", queue));
    }
}

package io.busquake.emulator.internal.metrics;

import java.time.Clock;
import java.util.Map;

/**
 * AWS/SQS's per-queue traffic counts (NumberOfMessagesSent, …Received, …Deleted, NumberOfEmptyReceives), dimensioned
 * by QueueName, counted as messages pass through the endpoint: ElasticMQ keeps no such counters.
 */
public final class SqsMetrics {
    public static final String NAMESPACE = "AWS/SQS";

    private final MetricStore store;
    private final Clock clock;

    public SqsMetrics(MetricStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public void count(String queueName, String metric, long n) {
        if (n > 0) {
            store.bucket(MetricKey.of(NAMESPACE, metric, Map.of("QueueName", queueName)), clock.instant(), "Count", 60)
                    .addCount(n);
        }
    }
}

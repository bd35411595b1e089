package io.busquake.emulator.internal.cloudwatch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.busquake.clock.VirtualClock;
import io.busquake.emulator.internal.metrics.MetricKey;
import io.busquake.emulator.internal.metrics.MetricStore;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The alarm-evaluation benchmark: 1,000 alarms over 1,000 metrics, one evaluation round per virtual minute, reporting
 * the CPU time of a round (thread CPU time, so other processes on the machine do not count).
 *
 * <pre>{@code
 * java -cp target/classes:<dependencies> io.busquake.emulator.internal.cloudwatch.AlarmBench [alarms] [rounds]
 * }</pre>
 */
public final class AlarmBench {
    private AlarmBench() {
    }

    public static void main(String[] args) {
        int alarms = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        VirtualClock clock = VirtualClock.at(Instant.parse("2026-01-01T00:00:00Z"));
        MetricStore store = new MetricStore();
        CloudWatchService service = CloudWatchService.create(store, clock, "us-east-1", "000000000000");
        String[] stats = {"Sum", "Average", "Maximum", "SampleCount", "p99"};
        for (int i = 0; i < alarms; i++) {
            ObjectNode in = Wire.NODES.objectNode();
            in.put("AlarmName", "alarm-" + i).put("Namespace", "Bench").put("MetricName", "m" + i)
                    .put("Period", 60).put("EvaluationPeriods", 1 + i % 5).put("DatapointsToAlarm", 1)
                    .put("Threshold", 50.0).put("ComparisonOperator", "GreaterThanThreshold")
                    .put("TreatMissingData", i % 2 == 0 ? "notBreaching" : "missing");
            String stat = stats[i % stats.length];
            in.put(stat.startsWith("p") ? "ExtendedStatistic" : "Statistic", stat);
            in.putArray("Dimensions").addObject().put("Name", "Shard").put("Value", Integer.toString(i % 10));
            service.dispatch("PutMetricAlarm", in);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long warmup = Math.min(100, rounds / 3);
        long cpuNanos = 0;
        long worst = 0;
        for (int round = 0; round < warmup + rounds; round++) {
            // Each metric gets ten samples in the minute, 10% of them breaching, so states keep changing.
            Instant minute = clock.instant();
            for (int i = 0; i < alarms; i++) {
                MetricKey key = MetricKey.of("Bench", "m" + i, Map.of("Shard", Integer.toString(i % 10)));
                for (int s = 0; s < 10; s++) {
                    double v = ((round * 31 + i * 7 + s) % 10 == 0) ? 100 : 10;
                    store.bucket(key, minute.plusSeconds(s), "None", 60).add(v);
                }
            }
            clock.advance(Duration.ofSeconds(60));
            long before = threads.getCurrentThreadCpuTime();
            service.evaluateAlarmsNow();
            long spent = threads.getCurrentThreadCpuTime() - before;
            if (round >= warmup) {
                cpuNanos += spent;
                worst = Math.max(worst, spent);
            }
        }
        System.out.printf("%d alarms over %d metrics: %.2f ms CPU per evaluation round (mean of %d rounds, worst "
                + "%.2f ms)%n", alarms, alarms, cpuNanos / 1e6 / rounds, rounds, worst / 1e6);
    }
}

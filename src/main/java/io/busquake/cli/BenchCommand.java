package io.busquake.cli;

import io.busquake.emulator.Emulator;
import io.busquake.emulator.Quotas;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The endpoint benchmark: PutEvents of 10 entries against {@code --rules} rules, one of which matches each event,
 * each with its own SQS queue target. Reports events/s accepted and delivered, PutEvents latency percentiles and the
 * heap afterwards. Aim it at another endpoint (say {@code moto_server}) with {@code --endpoint} to compare.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = SigningBenchCommand.class,
        description = "Benchmark an EventBridge endpoint: the embedded one (default) or --endpoint URL. "
                + "'bench signing' measures the load side's per-request work instead.")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--endpoint", description = "Endpoint URL to measure instead of the embedded endpoint.")
    URI endpoint;

    @Option(names = "--events", description = "Events to send (default: ${DEFAULT-VALUE}).")
    long eventCount = 1_000_000;

    @Option(names = "--warmup-events", description = "Events sent first, the way the measured ones are (at --rate when "
            + "given) but not measured, so the JIT has compiled the paths the measurement takes (default: "
            + "${DEFAULT-VALUE}).")
    long warmupEvents = 300_000;

    @Option(names = "--rules", description = "Rules, each with its own queue (default: ${DEFAULT-VALUE}).")
    int rules = 100;

    @Option(names = "--connections", description = "Concurrent PutEvents callers (default: ${DEFAULT-VALUE}).")
    int connections = 8;

    @Option(names = "--rate", description = "Events/s to offer, paced open-loop; 0 = as fast as possible (default).")
    double rate;

    @Option(names = "--sdk-client", description = "On the embedded endpoint, send with the AWS SDK's EventBridgeClient "
            + "instead of the lean keep-alive client (both sign with SigV4; the SDK's client costs more CPU than the "
            + "endpoint does). Other endpoints always get the SDK's client.")
    boolean sdkClient;

    @Option(names = "--region", description = "Region (default: ${DEFAULT-VALUE}).")
    String region = "us-east-1";

    @Option(names = "--account", description = "Account id of --endpoint (default: ${DEFAULT-VALUE}).")
    String account = Emulator.DEFAULT_ACCOUNT;

    @Option(names = "--progress", description = "Seconds between progress lines while sending: requests done, "
            + "that interval's latency, invocations outstanding, GC pauses (default: ${DEFAULT-VALUE}; 0 = none).")
    double progressSeconds = 5;

    @Option(names = "--drain-timeout", description = "Seconds to wait for deliveries (default: ${DEFAULT-VALUE}).")
    long drainTimeoutSeconds = 300;

    /** The embedded endpoint under measurement, or null. */
    private Emulator running;

    @Override
    public Integer call() throws Exception {
        Emulator emulator = null;
        URI url = endpoint;
        AwsCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create("busquake", "busquake"));
        if (url == null) {
            // The quotas are lifted: this measures what the endpoint sustains, not the Region's default quota.
            emulator = Emulator.builder().region(region).quotas(new Quotas(1_000_000, 1_000_000))
                    .maxOutstandingInvocations(1_000_000).build().start();
            url = emulator.endpoint();
            running = emulator;
            account = emulator.accountId();
        }
        String target = emulator == null ? url.toString() : "embedded endpoint " + url;
        SdkHttpClient http = ApacheHttpClient.builder().maxConnections(connections * 2).build();
        try (EventBridgeClient events = EventBridgeClient.builder().endpointOverride(url).region(Region.of(region))
                .credentialsProvider(credentials).httpClient(http)
                .overrideConfiguration(c -> c.retryStrategy(DefaultRetryStrategy.doNotRetry())).build();
             SqsClient sqs = SqsClient.builder().endpointOverride(url).region(Region.of(region))
                .credentialsProvider(credentials).httpClient(http).build()) {
            List<String> queueUrls = setUp(events, sqs);
            System.out.printf("bench: %s, %d rules with a queue each, %d events in PutEvents of 10, %d connections%s%n",
                    target, rules, eventCount, connections, rate > 0 ? ", offered " + rate + " events/s" : "");
            System.out.println("jvm: " + jvmDescription());
            if (emulator != null && !java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()
                    .contains("-XX:+UseParallelGC")) {
                System.out.println("  the embedded endpoint's figures in docs/benchmarks.md are measured with bin/busquake's "
                        + "JVM options (bin/busquake bench); this JVM's collector gives longer pauses");
            }
            if (warmupEvents > 0) {
                // Warmed up at the measured rate: code compiled for flat-out sending is recompiled, with the cores
                // shared, during the first seconds of a paced run.
                Result warm = send(events, url, warmupEvents, rate);
                System.out.printf("warm-up: %d events in %.1f s (not measured)%n", warm.accepted, warm.seconds);
                long drained = emulator != null ? awaitDelivered(emulator) : awaitDelivered(sqs, queueUrls, warm.accepted);
                if (drained < 0) {
                    System.out.println("warm-up deliveries did not finish; the figures below include them");
                }
                for (String q : queueUrls) {
                    sqs.purgeQueue(b -> b.queueUrl(q));
                }
            }
            Result result = send(events, url, eventCount, rate);
            System.out.printf("accepted: %d events in %.1f s = %.0f events/s (%d failed entries, %d failed requests)%n",
                    result.accepted, result.seconds, result.accepted / result.seconds, result.failedEntries,
                    result.failedRequests);
            Histogram h = result.latency;
            System.out.printf("PutEvents latency ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f (%d requests)%n",
                    h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(90) / 1e3, h.getValueAtPercentile(99) / 1e3,
                    h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3, h.getTotalCount());
            long deliveredAtNanos = emulator != null ? awaitDelivered(emulator)
                    : awaitDelivered(sqs, queueUrls, result.accepted);
            if (deliveredAtNanos > 0) {
                double s = (deliveredAtNanos - result.startNanos) / 1e9;
                System.out.printf("delivered: %d events %.1f s after the first send = %.0f events/s%n", result.accepted,
                        s, result.accepted / s);
            } else {
                System.out.printf("delivered: not all %d events within %d s%n", result.accepted, drainTimeoutSeconds);
            }
            if (emulator != null) {
                System.out.printf("heap used with the messages in ElasticMQ: %d MiB%n", usedHeapMiB());
                for (String q : queueUrls) {
                    sqs.purgeQueue(b -> b.queueUrl(q));
                }
                System.out.printf("heap used after purging the queues: %d MiB%n", usedHeapMiB());
            }
            for (int i = 0; i < rules; i++) {
                int n = i;
                events.removeTargets(b -> b.rule("bench-" + n).ids("q"));
                events.deleteRule(b -> b.name("bench-" + n));
                sqs.deleteQueue(b -> b.queueUrl(queueUrls.get(n)));
            }
        } finally {
            if (emulator != null) {
                emulator.close();
            }
        }
        return 0;
    }

    private List<String> setUp(EventBridgeClient events, SqsClient sqs) {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < rules; i++) {
            int n = i;
            String queueArn = "arn:aws:sqs:" + region + ":" + account + ":bench-" + n;
            String ruleArn = "arn:aws:events:" + region + ":" + account + ":rule/bench-" + n;
            String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                    + "\"events.amazonaws.com\"},\"Action\":\"sqs:SendMessage\",\"Resource\":\"" + queueArn
                    + "\",\"Condition\":{\"ArnEquals\":{\"aws:SourceArn\":\"" + ruleArn + "\"}}}]}";
            String url = sqs.createQueue(b -> b.queueName("bench-" + n)
                    .attributes(Map.of(QueueAttributeName.POLICY, policy))).queueUrl();
            urls.add(url);
            events.putRule(b -> b.name("bench-" + n).eventPattern(
                    "{\"source\":[\"bench\"],\"detail-type\":[\"type-" + n + "\"]}"));
            events.putTargets(b -> b.rule("bench-" + n).targets(t -> t.id("q").arn(queueArn)));
        }
        return urls;
    }

    private record Result(long accepted, long failedEntries, long failedRequests, double seconds, Histogram latency,
                          long startNanos) {
    }

    private Result send(EventBridgeClient events, URI url, long eventTotal, double offeredRate) throws Exception {
        long requests = eventTotal / 10;
        AtomicLong next = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        AtomicLong failedEntries = new AtomicLong();
        AtomicLong failedRequests = new AtomicLong();
        Recorder recorder = new Recorder(3);
        double requestsPerSecond = offeredRate / 10;
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            futures.add(pool.submit(() -> {
                long r;
                RawPutEventsClient raw = sdkClient || endpoint != null ? null : new RawPutEventsClient(url, region,
                        software.amazon.awssdk.identity.spi.AwsCredentialsIdentity.create("busquake", "busquake"));
                while ((r = next.getAndIncrement()) < requests) {
                    long intended = requestsPerSecond > 0 ? start + (long) (r / requestsPerSecond * 1e9) : System.nanoTime();
                    long wait = intended - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    try {
                        int failed;
                        if (raw != null) {
                            failed = raw.putEvents(rawBody(r));
                        } else {
                            List<PutEventsRequestEntry> entries = new ArrayList<>(10);
                            for (int e = 0; e < 10; e++) {
                                long seq = r * 10 + e;
                                entries.add(PutEventsRequestEntry.builder().source("bench")
                                        .detailType("type-" + (seq % rules)).detail(detail(seq)).build());
                            }
                            failed = events.putEvents(b -> b.entries(entries)).failedEntryCount();
                        }
                        if (failed < 0) {
                            failedRequests.incrementAndGet();
                        } else {
                            accepted.addAndGet(10 - failed);
                            failedEntries.addAndGet(failed);
                        }
                    } catch (RuntimeException | java.io.IOException ex) {
                        failedRequests.incrementAndGet();
                    }
                    // Measured from the intended start, so a stalled endpoint is not hidden (coordinated omission).
                    recorder.recordValue(Math.max(0, (System.nanoTime() - intended) / 1000));
                }
                if (raw != null) {
                    raw.close();
                }
                return null;
            }));
        }
        Histogram total = new Histogram(3);
        long progressNanos = (long) (progressSeconds * 1e9);
        long lastGcMillis = gcMillis();
        for (Future<?> f : futures) {
            while (true) {
                try {
                    f.get(progressNanos > 0 ? progressNanos : Long.MAX_VALUE, TimeUnit.NANOSECONDS);
                    break;
                } catch (java.util.concurrent.TimeoutException stillSending) {
                    Histogram interval = recorder.getIntervalHistogram();
                    total.add(interval);
                    long gc = gcMillis();
                    System.out.printf("  %5.1f s: %,d of %,d requests; this interval p50 %.1f p99 %.1f max %.1f ms; "
                            + "%,d invocations outstanding; GC %d ms%n", (System.nanoTime() - start) / 1e9,
                            total.getTotalCount(), requests, interval.getValueAtPercentile(50) / 1e3,
                            interval.getValueAtPercentile(99) / 1e3, interval.getMaxValue() / 1e3,
                            emulatorOutstanding(), gc - lastGcMillis);
                    lastGcMillis = gc;
                }
            }
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        total.add(recorder.getIntervalHistogram());
        return new Result(accepted.get(), failedEntries.get(), failedRequests.get(), seconds, total, start);
    }

    /** The detail of the event with this sequence number. */
    private static String detail(long seq) {
        return "{\"order\":{\"id\":\"" + seq + "\",\"amount\":42.5,\"items\":[\"a\",\"b\"]}}";
    }

    /**
     * The AWS JSON 1.1 body of PutEvents request number {@code r}: the same ten entries the SDK client sends (each
     * {@link #detail} as a JSON string), written straight out, since the client shares the cores with the endpoint.
     */
    private byte[] rawBody(long r) {
        StringBuilder b = new StringBuilder(1200).append("{\"Entries\":[");
        for (int e = 0; e < 10; e++) {
            long seq = r * 10 + e;
            b.append(e == 0 ? "" : ",").append("{\"Source\":\"bench\",\"DetailType\":\"type-").append(seq % rules)
                    .append("\",\"Detail\":\"");
            String detail = detail(seq);
            for (int i = 0; i < detail.length(); i++) {
                char c = detail.charAt(i);
                if (c == '"') {
                    b.append('\\');
                }
                b.append(c);
            }
            b.append("\"}");
        }
        return b.append("]}").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * The collectors and the heap and GC options of this JVM, which the figures depend on (docs/benchmarks.md): the
     * embedded endpoint runs in it.
     */
    static String jvmDescription() {
        List<String> collectors = new ArrayList<>();
        for (java.lang.management.GarbageCollectorMXBean gc : java.lang.management.ManagementFactory
                .getGarbageCollectorMXBeans()) {
            collectors.add(gc.getName());
        }
        List<String> options = new ArrayList<>();
        for (String arg : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-Xm") || arg.startsWith("-Xs") || arg.startsWith("-XX:")) {
                options.add(arg);
            }
        }
        return String.join(" + ", collectors) + ", heap max " + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                + " MiB" + (options.isEmpty() ? ", no heap or GC options" : ", " + String.join(" ", options))
                + ", " + Runtime.getRuntime().availableProcessors() + " cores";
    }

    private long emulatorOutstanding() {
        return running == null ? -1 : running.outstandingInvocations();
    }

    private static long gcMillis() {
        long sum = 0;
        for (java.lang.management.GarbageCollectorMXBean gc : java.lang.management.ManagementFactory
                .getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionTime());
        }
        return sum;
    }

    /** On the embedded endpoint: when no invocation is outstanding any more (exact, and cheap to ask). */
    private long awaitDelivered(Emulator emulator) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(drainTimeoutSeconds).toNanos();
        while (System.nanoTime() < deadline) {
            if (emulator.outstandingInvocations() == 0) {
                return System.nanoTime();
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return -1;
    }

    /** Elsewhere: when the queues hold every accepted event, polled once a second so the polling costs little. */
    private long awaitDelivered(SqsClient sqs, List<String> queueUrls, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(drainTimeoutSeconds).toNanos();
        long lastReported = 0;
        while (System.nanoTime() < deadline) {
            long total = 0;
            for (String q : queueUrls) {
                total += Long.parseLong(sqs.getQueueAttributes(b -> b.queueUrl(q)
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                        .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
            }
            if (total >= expected) {
                return System.nanoTime();
            }
            if (total - lastReported >= expected / 10) {
                System.out.printf("  delivered so far: %d of %d%n", total, expected);
                lastReported = total;
            }
            TimeUnit.SECONDS.sleep(1);
        }
        return -1;
    }

    private static long usedHeapMiB() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024);
    }
}

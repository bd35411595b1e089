package io.busquake.run;

import io.busquake.clock.SchedulingClock;
import io.busquake.consume.ConsumerConfig;
import io.busquake.consume.ConsumerFaults;
import io.busquake.consume.QueueConsumer;
import io.busquake.ledger.Ledger;
import io.busquake.ledger.TargetLedger;
import io.busquake.load.LoadSummary;
import io.busquake.load.PutEventsLoad;
import io.busquake.provision.Provisioner;
import io.busquake.report.HtmlReport;
import io.busquake.report.LatencyLog;
import io.busquake.report.RunReport;
import io.busquake.report.RunSeries;
import io.busquake.report.VerdictFiles;
import io.busquake.scenario.Consumer;
import io.busquake.scenario.Fault;
import io.busquake.scenario.Scenario;
import io.busquake.target.RunTarget;
import io.busquake.verify.FaultWindow;
import io.busquake.verify.IngestCounts;
import io.busquake.verify.RunFacts;
import io.busquake.verify.Verdict;
import io.busquake.verify.Verifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The run's side of verification: the ledger and what feeds it (accepted entries with event-ruler's matches, the
 * consumers, the DLQ reader, the outcomes file), the scenario's alarms, a per-second sampler for the report, and at
 * the end the verifier and the verdict files. {@link Run} calls it at start, load start, settle and finish.
 */
final class Verification {
    private static final Logger LOG = LoggerFactory.getLogger(Verification.class);
    static final String LEDGER_FILE = "ledger.bin";

    private final Scenario scenario;
    private final String runId;
    private final RunTarget target;
    private final Provisioner topology;
    private final RunReport report;
    private final SchedulingClock clock;
    private final Ledger ledger = Ledger.create();
    private final RunSeries series = RunSeries.create();
    private final Verifier verifier;
    private final AlarmSetup alarms;
    private final Map<String, QueueConsumer> consumers = new LinkedHashMap<>();
    private final Map<String, Long> receivedSoFar = new LinkedHashMap<>();
    private final Map<String, LatencyLog> latencyLogs = new LinkedHashMap<>();
    private SchedulingClock.Cancellable sampler;
    private Instant loadStartedAt;
    private Instant lastSampleAt;

    private Verification(Scenario scenario, String runId, RunTarget target, Provisioner topology, RunReport report,
                         SchedulingClock clock, PutEventsLoad load) {
        this.scenario = scenario;
        this.runId = runId;
        this.target = target;
        this.topology = topology;
        this.report = report;
        this.clock = clock;
        this.verifier = Verifier.create(scenario, target);
        ExpectedMatches matches = ExpectedMatches.of(scenario, target);
        load.onAccepted(entry -> matches.accepted(entry, ledger, clock.instant()));
        this.alarms = AlarmSetup.create(target, scenario.alarms());
        if (!alarms.created().isEmpty()) {
            report.timeline("alarms", alarms.created().size() + " alarms created");
        }
    }

    /** Creates the alarms and starts the consumers; on failure, deletes what it made. */
    static Verification start(Scenario scenario, String runId, RunTarget target, Provisioner topology,
                              RunReport report, SchedulingClock clock, PutEventsLoad load,
                              Function<String, ConsumerFaults> consumerFaults) {
        Verification v = new Verification(scenario, runId, target, topology, report, clock, load);
        try {
            for (Consumer c : scenario.consumers().values()) {
                ConsumerConfig config = ConsumerConfig.of(c.queue(), topology.queueUrl(c.queue()))
                        .withConcurrency(c.concurrency()).withProcessingTime(c.processingTime())
                        .withIdempotent(c.idempotent())
                        .withIdempotencyExpiry(c.idempotencyExpiry(), ConsumerConfig.of("q", "u").inProgressExpiry())
                        .withWaitTimeSeconds((int) c.waitTime().toSeconds()).withBatchSize(c.batchSize())
                        .withRunId(runId);
                v.consumers.put(c.name(), QueueConsumer.builder(config).sqs(target.sqs()).ledger(v.ledger)
                        .clock(clock).faults(consumerFaults.apply(c.name())).start());
                v.receivedSoFar.put(c.name(), 0L);
            }
        } catch (RuntimeException e) {
            v.stop();
            throw e;
        }
        return v;
    }

    Ledger ledger() {
        return ledger;
    }

    /** Starts the per-second sampler (deliveries, DLQ depth, latency intervals) from the load's start. */
    void loadStarted(Instant at) {
        loadStartedAt = at;
        lastSampleAt = at;
        for (String queue : latencyTargets()) {
            latencyLogs.put(queue, LatencyLog.open(report.directory(), queue, at));
        }
        sampler = clock.scheduleAtFixedRate(at.plusSeconds(1), Duration.ofSeconds(1), this::sample);
    }

    private List<String> latencyTargets() {
        Set<String> queues = new TreeSet<>();
        scenario.consumers().values().forEach(c -> queues.add(c.queue()));
        return List.copyOf(queues);
    }

    private synchronized void sample() {
        try {
            Instant now = clock.instant();
            long second = Duration.between(loadStartedAt, now).toSeconds() - 1;
            for (Map.Entry<String, QueueConsumer> e : consumers.entrySet()) {
                long received = e.getValue().stats().received();
                series.add(second, "deliveries/s " + e.getValue().config().targetId(),
                        received - receivedSoFar.put(e.getKey(), received));
            }
            for (String dlq : scenario.topology().deadLetterQueues()) {
                String depth = target.sqs().getQueueAttributes(b -> b.queueUrl(topology.queueUrl(dlq))
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                        .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
                series.set(second, "DLQ depth " + dlq, depth == null ? 0 : Double.parseDouble(depth));
            }
            for (Map.Entry<String, LatencyLog> e : latencyLogs.entrySet()) {
                Histogram interval = ledger.target(e.getKey()).takeLatencyInterval();
                e.getValue().interval(interval, lastSampleAt, now);
                if (interval.getTotalCount() > 0) {
                    series.set(second, "latency p50 " + e.getKey(), interval.getValueAtPercentile(50) / 1000.0);
                    series.set(second, "latency p99 " + e.getKey(), interval.getValueAtPercentile(99) / 1000.0);
                    series.set(second, "latency max " + e.getKey(), interval.getMaxValue() / 1000.0);
                }
            }
            lastSampleAt = now;
        } catch (RuntimeException e) {
            // A missed sample costs a point on a chart, not the run.
            LOG.debug("run {}: sampling failed: {}", runId, e.getMessage());
        }
    }

    /** Whether every consumed queue is empty: nothing waits to be received and nothing is held by a worker. */
    boolean consumersIdle() {
        for (QueueConsumer consumer : consumers.values()) {
            Map<QueueAttributeName, String> attributes = target.sqs().getQueueAttributes(b -> b
                    .queueUrl(consumer.config().queueUrl()).attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            if (!"0".equals(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    || !"0".equals(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether no consumer can make progress until the run's clock moves: every worker that holds messages is held by
     * a fault hook until a later instant, and nothing is visible in its queue unless every worker is so held.
     * Messages made invisible by SQS's own (wall-clock) visibility timer do not count: they come back on their own.
     */
    boolean consumersQuiet() {
        for (QueueConsumer consumer : consumers.values()) {
            int held = consumer.heldByFaults();
            if (consumer.busyWorkers() != held) {
                return false;
            }
            if (held < consumer.config().concurrency() && !"0".equals(target.sqs().getQueueAttributes(b -> b
                    .queueUrl(consumer.config().queueUrl())
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                    .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))) {
                return false;
            }
            // A worker may have received a batch between the two questions: ask again.
            if (consumer.busyWorkers() != consumer.heldByFaults()) {
                return false;
            }
        }
        return true;
    }

    /** Whether no alarm expectation can still change by waiting. */
    boolean alarmsDecided(Instant loadEndedAt) {
        Instant now = clock.instant();
        return verifier.alarmsDecided(loadStartedAt, loadEndedAt, faultWindows(now), now);
    }

    /**
     * Stops sampling and the consumers, drains the DLQs, reads the outcomes, verifies, and writes verdict.json,
     * junit.xml, report.html, the ledger and the latency logs. The load must be closed (its outcomes file complete).
     */
    Verdict verify(Instant loadEndedAt, LoadSummary summary) {
        if (sampler != null) {
            sampler.cancel();
            sample();
        }
        stopConsumers();
        long dead = 0;
        for (String dlq : scenario.topology().deadLetterQueues()) {
            dead += DlqReader.drain(target.sqs(), topology.queueUrl(dlq), runId, ledger);
        }
        report.timeline("dlq-drained", dead + " dead-lettered events of this run read from "
                + scenario.topology().deadLetterQueues());
        Histogram putEventsLatency = Outcomes.read(report.outcomesFile(), ledger, series, loadStartedAt);
        Instant now = clock.instant();
        long entriesFailed = summary.entryErrors().values().stream().mapToLong(Long::longValue).sum();
        IngestCounts ingest = new IngestCounts(summary.requests(),
                summary.requestErrors().getOrDefault("ThrottlingException", 0L),
                summary.entriesAccepted() + entriesFailed, entriesFailed);
        RunFacts facts = new RunFacts(runId, ledger, loadStartedAt, loadEndedAt, now, faultWindows(now),
                Set.copyOf(consumers.values().stream().map(c -> c.config().targetId()).toList()), ingest,
                putEventsLatency, (from, to) -> Outcomes.sentBetween(report.outcomesFile(), from, to));
        Verdict verdict = verifier.verify(facts);
        writeResults(verdict);
        return verdict;
    }

    private void writeResults(Verdict verdict) {
        VerdictFiles.write(report.directory(), verdict);
        Map<String, Histogram> latency = new LinkedHashMap<>();
        List<String> latencySeries = new ArrayList<>();
        for (String queue : latencyLogs.keySet()) {
            ledger.findTarget(queue).map(TargetLedger::latencyMicros).ifPresent(h -> latency.put(queue, h));
            latencySeries.add("latency p50 " + queue);
            latencySeries.add("latency p99 " + queue);
            latencySeries.add("latency max " + queue);
        }
        List<String> delivery = new ArrayList<>();
        series.names().stream().filter(n -> n.startsWith("deliveries/s ") || n.startsWith("DLQ depth "))
                .forEach(delivery::add);
        HtmlReport.write(report.directory(), verdict, series, new HtmlReport.Charts(
                List.of(Outcomes.OFFERED, Outcomes.ACCEPTED, Outcomes.THROTTLED), delivery, latencySeries, latency));
        try {
            ledger.writeTo(report.directory().resolve(LEDGER_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the ledger of run " + runId, e);
        }
        if (!verdict.passed()) {
            report.print(VerdictFiles.failureLines(verdict));
        }
    }

    /** The faults' windows as planned on the run's clock, those that started by {@code now}, cut at {@code now}. */
    private List<FaultWindow> faultWindows(Instant now) {
        List<FaultWindow> windows = new ArrayList<>();
        for (Fault fault : scenario.faults()) {
            Instant start = loadStartedAt.plus(fault.startAfter());
            Instant end = loadStartedAt.plus(fault.endsAfter());
            if (!start.isAfter(now)) {
                windows.add(new FaultWindow(fault.name(), fault.type().yamlName(), start,
                        end.isAfter(now) ? now : end));
            }
        }
        return windows;
    }

    private void stopConsumers() {
        consumers.values().forEach(QueueConsumer::close);
    }

    /** Stops whatever still runs and deletes the alarms; safe to call more than once. */
    void stop() {
        if (sampler != null) {
            sampler.cancel();
        }
        stopConsumers();
        latencyLogs.values().forEach(LatencyLog::close);
        try {
            alarms.delete();
        } catch (SdkException e) {
            LOG.warn("run {}: deleting alarms failed: {}", runId, e.getMessage());
        }
    }
}

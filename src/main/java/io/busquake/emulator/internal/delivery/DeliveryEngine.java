package io.busquake.emulator.internal.delivery;

import io.busquake.clock.SchedulingClock;
import io.busquake.emulator.FaultControls;
import io.busquake.emulator.TargetFault;
import io.busquake.emulator.internal.TokenBucket;
import io.busquake.emulator.internal.metrics.EventsMetrics;
import io.busquake.emulator.internal.sqs.SqsBackend;
import io.busquake.emulator.internal.sqs.SqsBackend.OutgoingMessage;
import io.busquake.emulator.internal.sqs.SqsBackend.SendOutcome;
import io.busquake.emulator.internal.sqs.SqsBackend.SendResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers invocations to their targets the way EventBridge does: at most the invocations-TPS quota a second (the
 * rest is delayed and counted in ThrottledRules), retriable failures retried with exponential backoff and jitter
 * until the target's retry policy runs out, non-retriable ones (NO_RESOURCE, NO_PERMISSIONS) dead-lettered at once,
 * and every outcome counted under AWS/Events' names. Every invocation ends delivered, dead-lettered, or counted in
 * FailedInvocations (and InvocationsFailedToBeSentToDlq when its DLQ would not take it).
 */
public final class DeliveryEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryEngine.class);
    private static final Duration BACKOFF_BASE = Duration.ofSeconds(1);
    private static final Duration BACKOFF_CAP = Duration.ofMinutes(5);
    /** How many ready invocations a worker takes at once: enough that each queue's share fills batches of ten. */
    private static final int DRAIN = 1000;

    /** Shapes the input a target receives (Input, InputPath, InputTransformer). */
    public interface InputShaper {
        /** The text the target receives; throws {@link InputRejected} when AWS would not deliver it. */
        String shape(Invocation invocation);
    }

    /** The target's input could not be made (e.g. a transformer produced invalid JSON): not delivered, not retried. */
    public static final class InputRejected extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String errorCode;

        public InputRejected(String errorCode, String message) {
            super(message, null, false, false);
            this.errorCode = errorCode;
        }

        public String errorCode() {
            return errorCode;
        }
    }

    /** Puts an event onto another bus of the account; answers null on success or an error code. */
    public interface BusForwarder {
        String forward(String targetBusArn, Invocation invocation);
    }

    private final SchedulingClock clock;
    private final SqsBackend sqs;
    private final EventsMetrics metrics;
    private final FaultControls faults;
    private final TokenBucket invocationQuota;
    private final InputShaper shaper;
    private final BusForwarder forwarder;
    private final Random random;
    private final BlockingQueue<Invocation> ready;
    private final int capacity;
    private final AtomicLong outstanding = new AtomicLong();
    private final AtomicLong active = new AtomicLong();
    private final Object idle = new Object();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running = true;

    public DeliveryEngine(SchedulingClock clock, SqsBackend sqs, EventsMetrics metrics, FaultControls faults,
                          TokenBucket invocationQuota, InputShaper shaper, BusForwarder forwarder,
                          int workerCount, int capacity, long seed) {
        this.clock = clock;
        this.sqs = sqs;
        this.metrics = metrics;
        this.faults = faults;
        this.invocationQuota = invocationQuota;
        this.shaper = shaper;
        this.forwarder = forwarder;
        this.random = new Random(seed);
        this.capacity = capacity;
        this.ready = new ArrayBlockingQueue<>(capacity);
        for (int i = 0; i < workerCount; i++) {
            Thread t = new Thread(this::work, "busquake-delivery-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
    }

    /** Whether {@code n} more invocations fit; PutEvents is throttled when they do not, so the heap stays bounded. */
    public boolean hasRoomFor(int n) {
        return outstanding.get() + n <= capacity;
    }

    /** Invocations not yet finished, including those waiting for a retry. */
    public long outstanding() {
        return outstanding.get();
    }

    public void submit(Invocation invocation) {
        outstanding.incrementAndGet();
        enqueue(invocation);
    }

    private void enqueue(Invocation invocation) {
        active.incrementAndGet();
        if (!ready.offer(invocation)) {
            // hasRoomFor bounds outstanding work to the queue's capacity, so this cannot happen unless a caller
            // skipped it; deliver on the caller's thread rather than drop.
            deliver(List.of(invocation));
        }
    }

    /**
     * Waits until no delivery is queued or under way. Deliveries scheduled for a later instant (retries, throttled
     * invocations) do not count: in virtual time they run when the clock is advanced.
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (active.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, left);
            }
        }
        return true;
    }

    private void done(int n) {
        if (active.addAndGet(-n) == 0) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    private void work() {
        List<Invocation> batch = new ArrayList<>(DRAIN);
        while (running) {
            try {
                Invocation first = ready.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                ready.drainTo(batch, DRAIN - 1);
                deliver(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("delivery worker failed; {} invocations are retried", batch.size(), e);
                Pass pass = new Pass();
                batch.forEach(inv -> retryOrFail(inv, "INTERNAL_ERROR", e.toString(), true, pass));
                pass.end();
                done(batch.size());
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * One pass over a batch: its metrics are tallied and added to the store in one go at the end, and the
     * invocations it finished are counted off then, so whoever sees them finished also sees their metrics.
     */
    private final class Pass {
        final EventsMetrics.Tally tally = metrics.tally();
        int finished;

        void end() {
            tally.flush();
            outstanding.addAndGet(-finished);
            finished = 0;
        }
    }

    private void deliver(List<Invocation> batch) {
        Pass pass = new Pass();
        try {
            deliver(batch, pass);
        } finally {
            pass.end();
        }
        done(batch.size());
    }

    private void deliver(List<Invocation> batch, Pass pass) {
        Map<String, List<Invocation>> byQueue = new LinkedHashMap<>();
        for (Invocation inv : batch) {
            if (!invocationQuota.tryTake(1)) {
                // Over the invocations quota: delayed, never dropped.
                pass.tally.ruleCount("ThrottledRules", inv.busName, inv.ruleName, 1);
                Duration wait = invocationQuota.timeUntil(1);
                clock.schedule(wait.isZero() ? Duration.ofMillis(1) : wait, () -> enqueue(inv));
                continue;
            }
            TargetFault fault = faults.targetFault(inv.target.arn()).filter(f -> random.nextDouble() < f.fraction())
                    .orElse(null);
            if (fault != null && fault.latencyMillis() > 0 && !inv.latencyServed) {
                inv.latencyServed = true;
                clock.schedule(Duration.ofMillis(fault.latencyMillis()), () -> enqueueAfterLatency(inv, fault));
                continue;
            }
            inv.latencyServed = false;
            if (fault != null && fault.fails()) {
                attemptStarted(inv, pass);
                attemptFailed(inv, fault.errorCode(), "busquake fault: " + fault.errorCode(), fault.retriable(), pass);
                continue;
            }
            if (inv.target.isQueue()) {
                byQueue.computeIfAbsent(inv.target.arn() + " " + inv.ruleArn, k -> new ArrayList<>()).add(inv);
            } else if (inv.target.isEventBus()) {
                attemptStarted(inv, pass);
                String error = forwarder.forward(inv.target.arn(), inv);
                if (error == null) {
                    attemptSucceeded(inv, pass);
                } else {
                    attemptFailed(inv, error, "Event bus " + inv.target.arn() + " could not take the event.",
                            !"NO_RESOURCE".equals(error), pass);
                }
            } else {
                attemptStarted(inv, pass);
                attemptFailed(inv, "INVALID_PARAMETER", "busquake delivers only to SQS queues and event buses: "
                        + inv.target.arn(), false, pass);
            }
        }
        for (List<Invocation> group : byQueue.values()) {
            for (int from = 0; from < group.size(); from += 10) {
                List<Invocation> chunk = group.subList(from, Math.min(group.size(), from + 10));
                sendToQueue(chunk, pass);
            }
        }
    }

    private void enqueueAfterLatency(Invocation inv, TargetFault fault) {
        if (fault.timeout()) {
            Pass pass = new Pass();
            attemptStarted(inv, pass);
            inv.latencyServed = false;
            attemptFailed(inv, "TIMEOUT", "The target did not answer within " + fault.latencyMillis() + " ms.", true,
                    pass);
            pass.end();
        } else {
            enqueue(inv);
        }
    }

    private void sendToQueue(List<Invocation> all, Pass pass) {
        List<OutgoingMessage> messages = new ArrayList<>(all.size());
        List<Invocation> chunk = new ArrayList<>(all.size());
        for (Invocation inv : all) {
            attemptStarted(inv, pass);
            try {
                messages.add(new OutgoingMessage(shaper.shape(inv), Map.of()));
                chunk.add(inv);
            } catch (InputRejected e) {
                attemptFailed(inv, e.errorCode(), e.getMessage(), false, pass);
            }
        }
        if (chunk.isEmpty()) {
            return;
        }
        Invocation first = chunk.get(0);
        List<SendResult> results = sqs.sendBatch(first.target.arn(), first.ruleArn, messages);
        for (int i = 0; i < chunk.size(); i++) {
            Invocation inv = chunk.get(i);
            SendResult r = results.get(i);
            switch (r.outcome()) {
                case SENT -> attemptSucceeded(inv, pass);
                case NO_RESOURCE -> attemptFailed(inv, "NO_RESOURCE", r.errorMessage(), false, pass);
                case NO_PERMISSIONS -> attemptFailed(inv, "NO_PERMISSIONS", r.errorMessage(), false, pass);
                case FAILED -> attemptFailed(inv, "SDK_CLIENT_ERROR", r.errorMessage(), true, pass);
                default -> throw new IllegalStateException("unknown outcome " + r.outcome());
            }
        }
    }

    private void attemptStarted(Invocation inv, Pass pass) {
        inv.attempts++;
        pass.tally.ruleCount("InvocationAttempts", inv.busName, inv.ruleName, 1);
        if (inv.attempts == 1) {
            pass.tally.ruleLatency("IngestionToInvocationStartLatency", inv.busName, inv.ruleName, sinceIngestion(inv));
        } else {
            pass.tally.ruleCount("RetryInvocationAttempts", inv.busName, inv.ruleName, 1);
        }
    }

    private double sinceIngestion(Invocation inv) {
        return Math.max(0, Duration.between(inv.ingestedAt, clock.instant()).toNanos() / 1e6);
    }

    private void attemptSucceeded(Invocation inv, Pass pass) {
        if (inv.attempts == 1) {
            pass.tally.ruleLatency("IngestionToInvocationCompleteLatency", inv.busName, inv.ruleName, sinceIngestion(inv));
        }
        pass.tally.ruleCount("SuccessfulInvocationAttempts", inv.busName, inv.ruleName, 1);
        pass.tally.ruleLatency("IngestionToInvocationSuccessLatency", inv.busName, inv.ruleName, sinceIngestion(inv));
        pass.tally.ruleCount("Invocations", inv.busName, inv.ruleName, 1);
        finish(pass);
    }

    private void attemptFailed(Invocation inv, String errorCode, String message, boolean retriable, Pass pass) {
        if (inv.attempts == 1) {
            pass.tally.ruleLatency("IngestionToInvocationCompleteLatency", inv.busName, inv.ruleName, sinceIngestion(inv));
        }
        retryOrFail(inv, errorCode, message, retriable, pass);
    }

    private void retryOrFail(Invocation inv, String errorCode, String message, boolean retriable, Pass pass) {
        if (!retriable) {
            fail(inv, errorCode, message, null, pass);
            return;
        }
        int retriesDone = Math.max(0, inv.attempts - 1);
        if (retriesDone >= inv.target.maximumRetryAttempts()) {
            fail(inv, errorCode, message, "MaximumRetryAttempts", pass);
            return;
        }
        Duration delay = backoff(retriesDone + 1);
        Instant next = clock.instant().plus(delay);
        if (Duration.between(inv.ingestedAt, next).getSeconds() >= inv.target.maximumEventAgeSeconds()) {
            fail(inv, errorCode, message, "MaximumEventAgeInSeconds", pass);
            return;
        }
        clock.schedule(delay, () -> enqueue(inv));
    }

    /** Exponential backoff with jitter: the nth retry waits between half and all of min(5 min, 1 s * 2^(n-1)). */
    Duration backoff(int retry) {
        long ceiling = Math.min(BACKOFF_CAP.toMillis(), BACKOFF_BASE.toMillis() << Math.min(20, retry - 1));
        long half = ceiling / 2;
        long jitter;
        synchronized (random) {
            jitter = (long) (random.nextDouble() * (ceiling - half));
        }
        return Duration.ofMillis(half + jitter);
    }

    private void fail(Invocation inv, String errorCode, String message, String exhaustedCondition, Pass pass) {
        pass.tally.ruleCount("FailedInvocations", inv.busName, inv.ruleName, 1);
        pass.tally.ruleCount("Invocations", inv.busName, inv.ruleName, 1);
        String dlq = inv.target.deadLetterArn();
        if (dlq != null) {
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("RULE_ARN", inv.ruleArn);
            attributes.put("TARGET_ARN", inv.target.arn());
            attributes.put("ERROR_CODE", errorCode);
            attributes.put("ERROR_MESSAGE", message == null ? "" : message);
            if (exhaustedCondition != null) {
                attributes.put("EXHAUSTED_RETRY_CONDITION", exhaustedCondition);
            }
            attributes.put("RETRY_ATTEMPTS", Integer.toString(Math.max(0, inv.attempts - 1)));
            boolean sent;
            TargetFault dlqFault = faults.targetFault(dlq).filter(TargetFault::fails)
                    .filter(f -> random.nextDouble() < f.fraction()).orElse(null);
            if (dlqFault != null) {
                sent = false;
            } else {
                SendResult r = sqs.sendBatch(dlq, inv.ruleArn, List.of(new OutgoingMessage(inv.eventJson, attributes)))
                        .get(0);
                sent = r.outcome() == SendOutcome.SENT;
            }
            pass.tally.ruleCount(sent ? "InvocationsSentToDlq" : "InvocationsFailedToBeSentToDlq", inv.busName,
                    inv.ruleName, 1);
        }
        finish(pass);
    }

    private static void finish(Pass pass) {
        pass.finished++;
    }

    /** Gives queued deliveries up to {@code timeout} to finish, then stops the workers; answers what was left. */
    public long drainAndStop(Duration timeout) throws InterruptedException {
        awaitIdle(timeout);
        running = false;
        for (Thread t : workers) {
            t.interrupt();
            t.join(1000);
        }
        return outstanding.get();
    }

    @Override
    public void close() {
        running = false;
        workers.forEach(Thread::interrupt);
    }
}

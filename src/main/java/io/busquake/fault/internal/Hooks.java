package io.busquake.fault.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.busquake.clock.SchedulingClock;
import io.busquake.consume.ConsumerFaults;
import io.busquake.consume.Delivery;
import io.busquake.load.LoadFaults;
import io.busquake.load.PutEventsCall;
import io.busquake.scenario.Fault;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-process side of the hook faults: which consumer is slow or crashing, whether the producer re-sends, which
 * poison is mixed in. The consumers and the load consult it through {@link #consumer} and {@link #load()}.
 */
public final class Hooks {
    /** An oversize entry: just over the 1 MB PutEvents entry limit (eventbridge-facts, ten facts #6). */
    static final int OVERSIZE_DETAIL_BYTES = 1_048_576 + 1;

    private final SchedulingClock clock;
    private final Map<String, Duration> slow = new ConcurrentHashMap<>();
    private final Map<String, Double> crash = new ConcurrentHashMap<>();
    private final Set<CountDownLatch> held = ConcurrentHashMap.newKeySet();
    private volatile double resendFraction = -1;
    private volatile Poison poison;

    private record Poison(double ratePerSecond, List<Fault.PoisonKind> kinds, Instant since, AtomicLong made) {
    }

    public Hooks(SchedulingClock clock) {
        this.clock = clock;
    }

    void slow(String consumer, Duration processingTime) {
        slow.put(consumer, processingTime);
    }

    void endSlow(String consumer) {
        slow.remove(consumer);
    }

    void crash(String consumer, double fraction) {
        crash.put(consumer, fraction);
    }

    void endCrash(String consumer) {
        crash.remove(consumer);
    }

    void resend(double fraction) {
        resendFraction = fraction;
    }

    void endResend() {
        resendFraction = -1;
    }

    void poison(double ratePerSecond, List<Fault.PoisonKind> kinds) {
        poison = new Poison(ratePerSecond, List.copyOf(kinds), clock.instant(), new AtomicLong());
    }

    void endPoison() {
        poison = null;
    }

    /** Lets every message a slow consumer holds go (the run is ending). */
    public void releaseHeld() {
        held.forEach(CountDownLatch::countDown);
    }

    /**
     * The hooks of one consumer.
     *
     * @param visibilityTimeout the visibility timeout of the queue it reads
     */
    public ConsumerFaults consumer(String name, Duration visibilityTimeout) {
        // On the wall clock SQS's own timer makes a held message visible again; on a virtual clock that timer (wall
        // time) would not see virtual time pass, so the hook expires the visibility at the virtual instant instead.
        boolean virtual = clock != SchedulingClock.system();
        AtomicInteger holding = new AtomicInteger();
        return new ConsumerFaults() {
            @Override
            public int holding() {
                return holding.get();
            }

            @Override
            public void holdBeforeSideEffect(Delivery delivery, HeldMessage message) throws InterruptedException {
                Duration hold = slow.get(name);
                if (hold == null) {
                    return;
                }
                CountDownLatch done = new CountDownLatch(1);
                held.add(done);
                holding.incrementAndGet();
                SchedulingClock.Cancellable expire = virtual ? clock.schedule(visibilityTimeout, message::expireVisibility)
                        : null;
                SchedulingClock.Cancellable end = clock.schedule(hold, done::countDown);
                try {
                    done.await();
                } finally {
                    holding.decrementAndGet();
                    held.remove(done);
                    end.cancel();
                    if (expire != null) {
                        expire.cancel();
                    }
                }
            }

            @Override
            public Crash afterSideEffect(Delivery delivery) {
                Double fraction = crash.get(name);
                return fraction != null && ThreadLocalRandom.current().nextDouble() < fraction ? Crash.ABANDON
                        : Crash.NONE;
            }
        };
    }

    /** The load's hooks. */
    public LoadFaults load() {
        return new LoadFaults() {
            @Override
            public String shapeNewEntry(long seq, String entryJson) {
                Poison p = poison;
                if (p == null) {
                    return entryJson;
                }
                double elapsedSeconds = Duration.between(p.since(), clock.instant()).toNanos() / 1e9;
                long allowed = (long) Math.floor(p.ratePerSecond() * elapsedSeconds) + 1;
                long made = p.made().get();
                if (made >= allowed || !p.made().compareAndSet(made, made + 1)) {
                    return entryJson;
                }
                return poisoned(entryJson, p.kinds().get((int) (made % p.kinds().size())));
            }

            @Override
            public boolean resendAccepted(PutEventsCall.Entry entry) {
                double fraction = resendFraction;
                return fraction > 0 && entry.attempt() == 1 && ThreadLocalRandom.current().nextDouble() < fraction;
            }
        };
    }

    static String poisoned(String entryJson, Fault.PoisonKind kind) {
        ObjectNode entry;
        try {
            entry = (ObjectNode) ControlPath.JSON.readTree(entryJson);
        } catch (IOException e) {
            throw new IllegalStateException("the generator made an entry that is not JSON: " + entryJson, e);
        }
        switch (kind) {
            case MALFORMED_DETAIL -> entry.put("Detail", "{\"busquake-poison\": not json");
            case OVERSIZE -> entry.put("Detail", "{\"busquake-poison\":\"" + "x".repeat(OVERSIZE_DETAIL_BYTES) + "\"}");
            case AWS_SOURCE -> entry.put("Source", "aws.busquake-poison");
            default -> throw new IllegalStateException("unknown poison kind " + kind);
        }
        return entry.toString();
    }
}

package io.busquake.ledger;

import io.busquake.ledger.internal.Codec;
import io.busquake.ledger.internal.SeqBitmap;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.roaringbitmap.RoaringBitmap;

/**
 * What happened to events at one target (a rule target, identified by a string): expected to match, delivered,
 * dead-lettered, processed, and end-to-end latency. Obtained from {@link Ledger#target(String)}; safe for many
 * writer threads.
 *
 * <pre>{@code
 * TargetLedger orders = ledger.target("orders");
 * orders.recordExpected(7);
 * orders.recordDelivered(7, 1, receiptMicros, sentAtMicros);
 * orders.recordProcessed(7, "order-7");
 * SequenceSet lost = orders.missing(SequenceSet.empty());
 * }</pre>
 */
public final class TargetLedger {
    /** How many duplicated sequence numbers keep their idempotency key, so the verifier can name keys. */
    public static final int KEPT_DUPLICATE_KEYS = 1_000;
    private static final int LATENCY_SIGNIFICANT_DIGITS = 3;

    private final String targetId;
    private final SeqBitmap expected;
    private final SeqBitmap delivered;
    private final SeqBitmap deliveredMoreThanOnce;
    private final SeqBitmap deadLettered;
    private final ConcurrentMap<String, SeqBitmap> deadLetteredByErrorCode;
    private final ConcurrentMap<String, SeqBitmap> deadLetteredByExhaustedRetryCondition;
    private final SeqBitmap processed;
    private final SeqBitmap processedMoreThanOnce;
    private final ConcurrentSkipListMap<Long, String> duplicateKeys;
    private final Recorder latencyRecorder = new Recorder(LATENCY_SIGNIFICANT_DIGITS);
    // Guarded by "this": what the recorder gave up so far (total), and what no interval log has taken yet (pending).
    private final Histogram latencyTotal;
    private final Histogram latencyPending = new Histogram(LATENCY_SIGNIFICANT_DIGITS);

    TargetLedger(String targetId) {
        this(targetId, new RoaringBitmap(), new RoaringBitmap(), new RoaringBitmap(), new RoaringBitmap(), Map.of(),
                Map.of(), new RoaringBitmap(), new RoaringBitmap(), Map.of(), new Histogram(LATENCY_SIGNIFICANT_DIGITS));
    }

    private TargetLedger(String targetId, RoaringBitmap expected, RoaringBitmap delivered,
            RoaringBitmap deliveredMoreThanOnce, RoaringBitmap deadLettered, Map<String, RoaringBitmap> byErrorCode,
            Map<String, RoaringBitmap> byCondition, RoaringBitmap processed, RoaringBitmap processedMoreThanOnce,
            Map<Long, String> duplicateKeys, Histogram latency) {
        this.targetId = Ledger.checkName("targetId", targetId);
        this.expected = SeqBitmap.owning(expected);
        this.delivered = SeqBitmap.owning(delivered);
        this.deliveredMoreThanOnce = SeqBitmap.owning(deliveredMoreThanOnce);
        this.deadLettered = SeqBitmap.owning(deadLettered);
        this.deadLetteredByErrorCode = owningAll(byErrorCode);
        this.deadLetteredByExhaustedRetryCondition = owningAll(byCondition);
        this.processed = SeqBitmap.owning(processed);
        this.processedMoreThanOnce = SeqBitmap.owning(processedMoreThanOnce);
        this.duplicateKeys = new ConcurrentSkipListMap<>(duplicateKeys);
        this.latencyTotal = latency;
    }

    public String targetId() {
        return targetId;
    }

    /** The event should reach this target: it matches the target's rule (the verifier's event-ruler says so). */
    public void recordExpected(long seq) {
        expected.add(Ledger.checkSeq(seq));
    }

    /**
     * A consumer received the event from the target's queue. A second receipt of the same sequence number, or an
     * SQS receive count above 1, makes it delivered-more-than-once. Latency (receipt minus send, in microseconds) is
     * recorded for the first receipt only: a redelivery's latency measures the visibility timeout, not the bus.
     *
     * @return true for the first delivery of {@code seq} this ledger has seen
     */
    public boolean recordDelivered(long seq, int receiveCount, long receiptMicros, long sentAtMicros) {
        int s = Ledger.checkSeq(seq);
        if (receiveCount < 1) {
            throw new IllegalArgumentException("receiveCount of seq " + seq + " must be 1 or more (SQS's "
                    + "ApproximateReceiveCount), but was " + receiveCount);
        }
        boolean first = delivered.add(s);
        if (!first || receiveCount > 1) {
            deliveredMoreThanOnce.add(s);
        }
        if (first) {
            // A consumer's clock a little behind the producer's must not make a negative value HdrHistogram refuses.
            latencyRecorder.recordValue(Math.max(0, receiptMicros - sentAtMicros));
        }
        return first;
    }

    /**
     * The event was found in the target's dead-letter queue with these message attributes.
     *
     * @param exhaustedRetryCondition {@code MaximumRetryAttempts}, {@code MaximumEventAgeInSeconds}, or null when
     *     the attribute is absent, as it is for a non-retriable failure
     */
    public void recordDeadLettered(long seq, String errorCode, String exhaustedRetryCondition) {
        int s = Ledger.checkSeq(seq);
        Ledger.checkName("ERROR_CODE", errorCode);
        deadLettered.add(s);
        deadLetteredByErrorCode.computeIfAbsent(errorCode, c -> new SeqBitmap()).add(s);
        if (exhaustedRetryCondition != null) {
            deadLetteredByExhaustedRetryCondition.computeIfAbsent(
                    Ledger.checkName("EXHAUSTED_RETRY_CONDITION", exhaustedRetryCondition), c -> new SeqBitmap()).add(s);
        }
    }

    /**
     * The consumer performed the event's side effect.
     *
     * @return true for the first side effect of {@code seq}; false means it ran more than once
     */
    public boolean recordProcessed(long seq, String idempotencyKey) {
        int s = Ledger.checkSeq(seq);
        Ledger.checkName("idempotencyKey", idempotencyKey);
        boolean first = processed.add(s);
        if (!first && processedMoreThanOnce.add(s)) {
            keepDuplicateKey(seq, idempotencyKey);
        }
        return first;
    }

    private void keepDuplicateKey(long seq, String key) {
        duplicateKeys.put(seq, key);
        // Keep the smallest sequence numbers, the ones the verifier lists first.
        while (duplicateKeys.size() > KEPT_DUPLICATE_KEYS) {
            duplicateKeys.pollLastEntry();
        }
    }

    public SequenceSet expected() {
        return SequenceSet.owning(expected.snapshot());
    }

    public SequenceSet delivered() {
        return SequenceSet.owning(delivered.snapshot());
    }

    public SequenceSet deliveredMoreThanOnce() {
        return SequenceSet.owning(deliveredMoreThanOnce.snapshot());
    }

    public SequenceSet deadLettered() {
        return SequenceSet.owning(deadLettered.snapshot());
    }

    /** Dead-lettered events by their ERROR_CODE attribute, codes in order. */
    public Map<String, SequenceSet> deadLetteredByErrorCode() {
        return snapshots(deadLetteredByErrorCode);
    }

    /** Dead-lettered events by EXHAUSTED_RETRY_CONDITION; those without the attribute are in no entry. */
    public Map<String, SequenceSet> deadLetteredByExhaustedRetryCondition() {
        return snapshots(deadLetteredByExhaustedRetryCondition);
    }

    public SequenceSet processed() {
        return SequenceSet.owning(processed.snapshot());
    }

    public SequenceSet processedMoreThanOnce() {
        return SequenceSet.owning(processedMoreThanOnce.snapshot());
    }

    /** The first {@code n} sequence numbers processed more than once, with their keys where kept. */
    public List<DuplicateEffect> firstDuplicateEffects(int n) {
        List<DuplicateEffect> first = new ArrayList<>();
        for (long seq : processedMoreThanOnce().first(n)) {
            first.add(new DuplicateEffect(seq, Optional.ofNullable(duplicateKeys.get(seq))));
        }
        return first;
    }

    /** expected − (delivered ∪ dead-lettered ∪ allowedLoss): events that should have arrived and are nowhere. */
    public SequenceSet missing(SequenceSet allowedLoss) {
        RoaringBitmap accountedFor = RoaringBitmap.or(delivered.snapshot(), deadLettered.snapshot());
        accountedFor.or(allowedLoss.bits());
        return SequenceSet.owning(RoaringBitmap.andNot(expected.snapshot(), accountedFor));
    }

    public TargetCounts counts() {
        return new TargetCounts(targetId, expected.cardinality(), delivered.cardinality(),
                deliveredMoreThanOnce.cardinality(), deadLettered.cardinality(), processed.cardinality(),
                processedMoreThanOnce.cardinality(), missing(SequenceSet.empty()).count());
    }

    /** End-to-end latency in microseconds (sent-at to first consumer receipt) over the whole run so far: a copy. */
    public synchronized Histogram latencyMicros() {
        drainRecorder();
        return latencyTotal.copy();
    }

    /**
     * The latency recorded since the previous call, for an HdrHistogram interval log ({@code .hlog}); its start and
     * end timestamps are those of the values it holds. Does not disturb {@link #latencyMicros()}.
     */
    public synchronized Histogram takeLatencyInterval() {
        drainRecorder();
        Histogram interval = latencyPending.copy();
        interval.setStartTimeStamp(latencyPending.getStartTimeStamp());
        interval.setEndTimeStamp(latencyPending.getEndTimeStamp());
        latencyPending.reset();
        return interval;
    }

    private void drainRecorder() {
        Histogram interval = latencyRecorder.getIntervalHistogram();
        latencyPending.add(interval);
        latencyTotal.add(interval);
    }

    /** Run containers where they are smaller; call when writing stops. */
    void compact() {
        for (SeqBitmap bits : allBitmaps()) {
            bits.compact();
        }
    }

    long sizeInBytes() {
        long bytes = 0;
        for (SeqBitmap bits : allBitmaps()) {
            bytes += bits.sizeInBytes();
        }
        return bytes + duplicateKeys.size() * 64L;
    }

    private List<SeqBitmap> allBitmaps() {
        List<SeqBitmap> all = new ArrayList<>(List.of(expected, delivered, deliveredMoreThanOnce, deadLettered,
                processed, processedMoreThanOnce));
        all.addAll(deadLetteredByErrorCode.values());
        all.addAll(deadLetteredByExhaustedRetryCondition.values());
        return all;
    }

    /**
     * Both targets' records together. A sequence number delivered (or processed) in both was delivered more than
     * once, as it would be when consumers in two JVMs each received it.
     */
    TargetLedger mergedWith(TargetLedger other) {
        RoaringBitmap deliveredA = delivered.snapshot();
        RoaringBitmap deliveredB = other.delivered.snapshot();
        RoaringBitmap deliveredMulti = RoaringBitmap.or(deliveredMoreThanOnce.snapshot(),
                other.deliveredMoreThanOnce.snapshot(), RoaringBitmap.and(deliveredA, deliveredB));
        RoaringBitmap processedA = processed.snapshot();
        RoaringBitmap processedB = other.processed.snapshot();
        RoaringBitmap processedMulti = RoaringBitmap.or(processedMoreThanOnce.snapshot(),
                other.processedMoreThanOnce.snapshot(), RoaringBitmap.and(processedA, processedB));
        TreeMap<Long, String> keys = new TreeMap<>(duplicateKeys);
        keys.putAll(other.duplicateKeys);
        while (keys.size() > KEPT_DUPLICATE_KEYS) {
            keys.pollLastEntry();
        }
        Histogram latency = latencyMicros();
        latency.add(other.latencyMicros());
        return new TargetLedger(targetId, RoaringBitmap.or(expected.snapshot(), other.expected.snapshot()),
                RoaringBitmap.or(deliveredA, deliveredB), deliveredMulti,
                RoaringBitmap.or(deadLettered.snapshot(), other.deadLettered.snapshot()),
                Ledger.union(bitmaps(deadLetteredByErrorCode), bitmaps(other.deadLetteredByErrorCode)),
                Ledger.union(bitmaps(deadLetteredByExhaustedRetryCondition),
                        bitmaps(other.deadLetteredByExhaustedRetryCondition)),
                RoaringBitmap.or(processedA, processedB), processedMulti, keys, latency);
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeUTF(targetId);
        Codec.writeBitmap(out, expected.snapshot());
        Codec.writeBitmap(out, delivered.snapshot());
        Codec.writeBitmap(out, deliveredMoreThanOnce.snapshot());
        Codec.writeBitmap(out, deadLettered.snapshot());
        Codec.writeBitmaps(out, bitmaps(deadLetteredByErrorCode));
        Codec.writeBitmaps(out, bitmaps(deadLetteredByExhaustedRetryCondition));
        Codec.writeBitmap(out, processed.snapshot());
        Codec.writeBitmap(out, processedMoreThanOnce.snapshot());
        Map<Long, String> keys = new TreeMap<>(duplicateKeys);
        out.writeInt(keys.size());
        for (Map.Entry<Long, String> e : keys.entrySet()) {
            out.writeInt((int) (long) e.getKey());
            out.writeUTF(e.getValue());
        }
        Codec.writeHistogram(out, latencyMicros());
    }

    static TargetLedger readFrom(DataInput in) throws IOException {
        String id = in.readUTF();
        RoaringBitmap expected = Codec.readBitmap(in);
        RoaringBitmap delivered = Codec.readBitmap(in);
        RoaringBitmap deliveredMulti = Codec.readBitmap(in);
        RoaringBitmap deadLettered = Codec.readBitmap(in);
        Map<String, RoaringBitmap> byErrorCode = Codec.readBitmaps(in);
        Map<String, RoaringBitmap> byCondition = Codec.readBitmaps(in);
        RoaringBitmap processed = Codec.readBitmap(in);
        RoaringBitmap processedMulti = Codec.readBitmap(in);
        int n = Codec.readCount(in, "duplicate keys");
        Map<Long, String> keys = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            keys.put(Integer.toUnsignedLong(in.readInt()), in.readUTF());
        }
        Histogram latency = Codec.readHistogram(in);
        return new TargetLedger(id, expected, delivered, deliveredMulti, deadLettered, byErrorCode, byCondition,
                processed, processedMulti, keys, latency);
    }

    private static Map<String, SequenceSet> snapshots(Map<String, SeqBitmap> byName) {
        Map<String, SequenceSet> sets = new TreeMap<>();
        byName.forEach((name, bits) -> sets.put(name, SequenceSet.owning(bits.snapshot())));
        return sets;
    }

    private static Map<String, RoaringBitmap> bitmaps(Map<String, SeqBitmap> byName) {
        Map<String, RoaringBitmap> maps = new TreeMap<>();
        byName.forEach((name, bits) -> maps.put(name, bits.snapshot()));
        return maps;
    }

    private static ConcurrentMap<String, SeqBitmap> owningAll(Map<String, RoaringBitmap> byName) {
        ConcurrentMap<String, SeqBitmap> owned = new ConcurrentHashMap<>();
        byName.forEach((name, bits) -> owned.put(name, SeqBitmap.owning(bits)));
        return owned;
    }
}

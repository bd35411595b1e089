package io.busquake.ledger;

import io.busquake.ledger.internal.Codec;
import io.busquake.ledger.internal.SeqBitmap;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.roaringbitmap.RoaringBitmap;

/**
 * The record of one run (or one injector's share of it), by event sequence number. PutEvents outcomes are kept
 * here, once per event, because the bus accepts or rejects an entry before any rule sees it; what happened at each
 * rule target is in its {@link TargetLedger}.
 *
 * <pre>{@code
 * Ledger ledger = Ledger.create();
 * ledger.recordAccepted(7);
 * ledger.target("orders").recordExpected(7);
 * ledger.target("orders").recordDelivered(7, 1, receiptMicros, sentAtMicros);
 * ledger.writeTo(Path.of("results/run-1/ledger.bin"));
 *
 * Ledger all = Ledger.readFrom(Path.of("a/ledger.bin")).mergedWith(Ledger.readFrom(Path.of("b/ledger.bin")));
 * SequenceSet lost = all.target("orders").missing(SequenceSet.empty());
 * }</pre>
 *
 * Every method may be called from any thread. Sequence numbers run from 0 to {@link #MAX_SEQ}.
 */
public final class Ledger {
    /** The largest sequence number a ledger takes: sequence numbers are kept as unsigned 32-bit values. */
    public static final long MAX_SEQ = 0xFFFF_FFFFL;
    private static final int MAGIC = 0x42514C47; // "BQLG"
    private static final int FORMAT_VERSION = 1;

    private final SeqBitmap accepted;
    private final ConcurrentMap<String, SeqBitmap> rejectedByErrorCode = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, TargetLedger> targets = new ConcurrentHashMap<>();

    private Ledger(RoaringBitmap accepted) {
        this.accepted = SeqBitmap.owning(accepted);
    }

    public static Ledger create() {
        return new Ledger(new RoaringBitmap());
    }

    /** PutEvents accepted the entry (it has an EventId). Accepting it again, on a producer retry, changes nothing. */
    public void recordAccepted(long seq) {
        accepted.add(checkSeq(seq));
    }

    /** PutEvents refused the entry (or the whole request) with this error code, e.g. {@code ThrottlingException}. */
    public void recordRejected(long seq, String errorCode) {
        int s = checkSeq(seq);
        rejectedByErrorCode.computeIfAbsent(checkName("errorCode", errorCode), c -> new SeqBitmap()).add(s);
    }

    /** The record of one target, created empty on first use. */
    public TargetLedger target(String targetId) {
        checkName("targetId", targetId);
        return targets.computeIfAbsent(targetId, TargetLedger::new);
    }

    /** The record of a target that has one, without creating it. */
    public Optional<TargetLedger> findTarget(String targetId) {
        return Optional.ofNullable(targets.get(targetId));
    }

    /** The ids of the targets recorded so far, in order. */
    public Set<String> targetIds() {
        return new TreeSet<>(targets.keySet());
    }

    public SequenceSet accepted() {
        return SequenceSet.owning(accepted.snapshot());
    }

    /** Every sequence number rejected at least once, whatever the code (a later retry may have been accepted). */
    public SequenceSet rejected() {
        RoaringBitmap all = new RoaringBitmap();
        rejectedByErrorCode.values().forEach(bits -> all.or(bits.snapshot()));
        return SequenceSet.owning(all);
    }

    /** Rejections by error code, codes in order. */
    public Map<String, SequenceSet> rejectedByErrorCode() {
        Map<String, SequenceSet> sets = new TreeMap<>();
        rejectedByErrorCode.forEach((code, bits) -> sets.put(code, SequenceSet.owning(bits.snapshot())));
        return sets;
    }

    /**
     * This ledger and another injector's, together, as a new ledger (neither is changed). Injectors must number
     * their events in disjoint ranges: a sequence number accepted in both ledgers means two different events share
     * it, and the merge refuses rather than conflate them. A sequence number delivered or processed in both counts
     * as delivered or processed more than once.
     */
    public Ledger mergedWith(Ledger other) {
        RoaringBitmap mine = accepted.snapshot();
        RoaringBitmap theirs = other.accepted.snapshot();
        RoaringBitmap shared = RoaringBitmap.and(mine, theirs);
        if (!shared.isEmpty()) {
            throw new IllegalArgumentException("cannot merge ledgers that both accepted the same sequence numbers ("
                    + SequenceSet.owning(shared) + "): each injector must number its events in a range of its own, "
                    + "e.g. injector i of n uses i, i+n, i+2n…");
        }
        Ledger merged = new Ledger(RoaringBitmap.or(mine, theirs));
        union(bitmaps(rejectedByErrorCode), bitmaps(other.rejectedByErrorCode))
                .forEach((code, bits) -> merged.rejectedByErrorCode.put(code, SeqBitmap.owning(bits)));
        Set<String> ids = new TreeSet<>(targets.keySet());
        ids.addAll(other.targets.keySet());
        for (String id : ids) {
            TargetLedger a = targets.get(id);
            TargetLedger b = other.targets.get(id);
            TargetLedger both = a == null ? b.mergedWith(new TargetLedger(id))
                    : b == null ? a.mergedWith(new TargetLedger(id)) : a.mergedWith(b);
            merged.targets.put(id, both);
        }
        return merged;
    }

    /**
     * Compacts every bitmap (run-length containers where smaller). Recording stays possible; call it when a phase of
     * writing ends, before measuring or a long read.
     */
    public void compact() {
        accepted.compact();
        rejectedByErrorCode.values().forEach(SeqBitmap::compact);
        targets.values().forEach(TargetLedger::compact);
    }

    /** The bytes the bitmaps take in memory now (latency histograms, a few kilobytes a target, not included). */
    public long bitmapSizeInBytes() {
        long bytes = accepted.sizeInBytes();
        for (SeqBitmap bits : rejectedByErrorCode.values()) {
            bytes += bits.sizeInBytes();
        }
        for (TargetLedger target : targets.values()) {
            bytes += target.sizeInBytes();
        }
        return bytes;
    }

    /** Writes the ledger to {@code file} atomically: a reader never sees half a ledger. */
    public void writeTo(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path partial = Files.createTempFile(dir, file.getFileName().toString(), ".partial");
        try {
            try (OutputStream out = Files.newOutputStream(partial)) {
                writeTo(out);
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** Writes the ledger to {@code out}, leaving it open. */
    public void writeTo(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out));
        data.writeInt(MAGIC);
        data.writeInt(FORMAT_VERSION);
        Codec.writeBitmap(data, accepted.snapshot());
        Codec.writeBitmaps(data, bitmaps(rejectedByErrorCode));
        Map<String, TargetLedger> sorted = new TreeMap<>(targets);
        data.writeInt(sorted.size());
        for (TargetLedger target : sorted.values()) {
            target.writeTo(data);
        }
        data.flush();
    }

    public static Ledger readFrom(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return readFrom(in);
        } catch (IOException e) {
            throw new IOException("cannot read ledger " + file + ": " + e.getMessage()
                    + "; it must be a file written by Ledger.writeTo", e);
        }
    }

    public static Ledger readFrom(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(new BufferedInputStream(in));
        try {
            int magic = data.readInt();
            if (magic != MAGIC) {
                throw new IOException("not a busquake ledger (starts with 0x" + Integer.toHexString(magic)
                        + ", expected 0x" + Integer.toHexString(MAGIC) + ")");
            }
            int version = data.readInt();
            if (version != FORMAT_VERSION) {
                throw new IOException("ledger format version " + version + " is not supported; this busquake reads "
                        + "version " + FORMAT_VERSION + ": read it with the busquake version that wrote it");
            }
            Ledger ledger = new Ledger(Codec.readBitmap(data));
            Codec.readBitmaps(data).forEach((code, bits) -> ledger.rejectedByErrorCode.put(code, SeqBitmap.owning(bits)));
            int n = Codec.readCount(data, "target list");
            for (int i = 0; i < n; i++) {
                TargetLedger target = TargetLedger.readFrom(data);
                ledger.targets.put(target.targetId(), target);
            }
            return ledger;
        } catch (EOFException e) {
            throw new IOException("ledger is truncated (written by a run that died while writing it?)", e);
        }
    }

    static int checkSeq(long seq) {
        if (seq < 0 || seq > MAX_SEQ) {
            throw new IllegalArgumentException("seq " + seq + " is outside the ledger's range 0.." + MAX_SEQ
                    + ": number events from 0 in each run (busquake.seq in the event detail)");
        }
        return (int) seq;
    }

    static String checkName(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must be a non-blank string, but was "
                    + (value == null ? "null" : "'" + value + "'"));
        }
        return value;
    }

    static Map<String, RoaringBitmap> union(Map<String, RoaringBitmap> a, Map<String, RoaringBitmap> b) {
        Map<String, RoaringBitmap> all = new TreeMap<>();
        a.forEach((name, bits) -> all.put(name, bits.clone()));
        b.forEach((name, bits) -> all.merge(name, bits.clone(), (x, y) -> RoaringBitmap.or(x, y)));
        return all;
    }

    private static Map<String, RoaringBitmap> bitmaps(Map<String, SeqBitmap> byName) {
        Map<String, RoaringBitmap> maps = new TreeMap<>();
        byName.forEach((name, bits) -> maps.put(name, bits.snapshot()));
        return maps;
    }
}

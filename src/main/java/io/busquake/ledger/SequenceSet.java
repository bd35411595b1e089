package io.busquake.ledger;

import java.util.ArrayList;
import java.util.List;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * An immutable set of sequence numbers, as the ledger answers questions with. Cheap to combine: it is a compressed
 * bitmap underneath.
 *
 * <pre>{@code
 * SequenceSet missing = ledger.target("orders").missing(SequenceSet.range(100, 200));
 * System.out.println(missing.count() + " missing, first " + missing.first(20));
 * }</pre>
 */
public final class SequenceSet {
    private static final SequenceSet EMPTY = new SequenceSet(new RoaringBitmap());
    private static final int SHOWN_IN_TO_STRING = 20;

    private final RoaringBitmap bits;

    private SequenceSet(RoaringBitmap bits) {
        this.bits = bits;
    }

    /** Wraps a bitmap nobody else holds. */
    static SequenceSet owning(RoaringBitmap bits) {
        return bits.isEmpty() ? EMPTY : new SequenceSet(bits);
    }

    public static SequenceSet empty() {
        return EMPTY;
    }

    public static SequenceSet of(long... seqs) {
        RoaringBitmap bits = new RoaringBitmap();
        for (long seq : seqs) {
            bits.add(Ledger.checkSeq(seq));
        }
        return owning(bits);
    }

    /** {@code fromInclusive} up to, not including, {@code toExclusive}. */
    public static SequenceSet range(long fromInclusive, long toExclusive) {
        if (fromInclusive > toExclusive) {
            throw new IllegalArgumentException("range from " + fromInclusive + " to " + toExclusive
                    + " is backwards: give the lower bound first");
        }
        if (fromInclusive == toExclusive) {
            return EMPTY;
        }
        Ledger.checkSeq(fromInclusive);
        Ledger.checkSeq(toExclusive - 1);
        return owning(RoaringBitmap.bitmapOfRange(fromInclusive, toExclusive));
    }

    public long count() {
        return bits.getLongCardinality();
    }

    public boolean isEmpty() {
        return bits.isEmpty();
    }

    public boolean contains(long seq) {
        return seq >= 0 && seq <= Ledger.MAX_SEQ && bits.contains((int) seq);
    }

    /** The smallest {@code n} sequence numbers, in ascending order. */
    public List<Long> first(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be 0 or more, but was " + n);
        }
        List<Long> first = new ArrayList<>(Math.min(n, 1024));
        IntIterator it = bits.getIntIterator();
        while (first.size() < n && it.hasNext()) {
            first.add(Integer.toUnsignedLong(it.next()));
        }
        return first;
    }

    public SequenceSet union(SequenceSet other) {
        return owning(RoaringBitmap.or(bits, other.bits));
    }

    public SequenceSet intersect(SequenceSet other) {
        return owning(RoaringBitmap.and(bits, other.bits));
    }

    public SequenceSet minus(SequenceSet other) {
        return owning(RoaringBitmap.andNot(bits, other.bits));
    }

    /** Bytes this set takes serialized, a fair measure of its size in memory. */
    public long sizeInBytes() {
        return bits.serializedSizeInBytes();
    }

    RoaringBitmap bits() {
        return bits;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SequenceSet other && bits.equals(other.bits);
    }

    @Override
    public int hashCode() {
        return bits.hashCode();
    }

    @Override
    public String toString() {
        List<Long> shown = first(SHOWN_IN_TO_STRING);
        return count() + " " + shown + (count() > shown.size() ? "…" : "");
    }
}

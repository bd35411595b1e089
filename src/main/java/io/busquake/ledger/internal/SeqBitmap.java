package io.busquake.ledger.internal;

import org.roaringbitmap.RoaringBitmap;

/**
 * A RoaringBitmap that many threads may write. One lock per bitmap, not stripes: sequence numbers arrive roughly
 * in order, so stripes by container would all contend on the same one, and stripes by low bits would turn dense
 * bitmap containers into sparse arrays of 2 bytes a value.
 */
public final class SeqBitmap {
    private final RoaringBitmap bits;

    public SeqBitmap() {
        this(new RoaringBitmap());
    }

    private SeqBitmap(RoaringBitmap bits) {
        this.bits = bits;
    }

    /** Takes ownership of {@code bits}. */
    public static SeqBitmap owning(RoaringBitmap bits) {
        return new SeqBitmap(bits);
    }

    /** Adds {@code seq} (an unsigned int); true if it was not there before. */
    public boolean add(int seq) {
        synchronized (bits) {
            return bits.checkedAdd(seq);
        }
    }

    public boolean contains(int seq) {
        synchronized (bits) {
            return bits.contains(seq);
        }
    }

    public long cardinality() {
        synchronized (bits) {
            return bits.getLongCardinality();
        }
    }

    /** A private copy, compacted (run containers where they are smaller). */
    public RoaringBitmap snapshot() {
        RoaringBitmap copy;
        synchronized (bits) {
            copy = bits.clone();
        }
        copy.runOptimize();
        return copy;
    }

    /** Compacts in place: worth doing before a long read-only phase or a size measurement. */
    public void compact() {
        synchronized (bits) {
            bits.runOptimize();
        }
    }

    public long sizeInBytes() {
        synchronized (bits) {
            return bits.getLongSizeInBytes();
        }
    }
}

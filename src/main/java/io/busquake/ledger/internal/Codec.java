package io.busquake.ledger.internal;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.roaringbitmap.RoaringBitmap;

/** The building blocks of the ledger file: bitmaps in Roaring's portable format, histograms HdrHistogram's. */
public final class Codec {
    private Codec() {
    }

    public static void writeBitmap(DataOutput out, RoaringBitmap bits) throws IOException {
        bits.runOptimize();
        bits.serialize(out);
    }

    public static RoaringBitmap readBitmap(DataInput in) throws IOException {
        RoaringBitmap bits = new RoaringBitmap();
        bits.deserialize(in);
        return bits;
    }

    /** A map of names to bitmaps, in name order so that equal ledgers write equal files. */
    public static void writeBitmaps(DataOutput out, Map<String, RoaringBitmap> byName) throws IOException {
        Map<String, RoaringBitmap> sorted = new TreeMap<>(byName);
        out.writeInt(sorted.size());
        for (Map.Entry<String, RoaringBitmap> e : sorted.entrySet()) {
            out.writeUTF(e.getKey());
            writeBitmap(out, e.getValue());
        }
    }

    public static Map<String, RoaringBitmap> readBitmaps(DataInput in) throws IOException {
        int n = readCount(in, "bitmap map");
        Map<String, RoaringBitmap> byName = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            byName.put(in.readUTF(), readBitmap(in));
        }
        return byName;
    }

    public static void writeHistogram(DataOutput out, Histogram histogram) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        out.writeInt(length);
        out.write(buffer.array(), 0, length);
    }

    public static Histogram readHistogram(DataInput in) throws IOException {
        int length = readCount(in, "histogram");
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        try {
            Histogram histogram = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
            // A ledger read back may be merged with, or written to, again: it must take any value, as a new one does.
            histogram.setAutoResize(true);
            return histogram;
        } catch (DataFormatException e) {
            throw new IOException("corrupt latency histogram: " + e.getMessage(), e);
        }
    }

    public static int readCount(DataInput in, String what) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("corrupt ledger file: negative " + what + " length " + n);
        }
        return n;
    }
}

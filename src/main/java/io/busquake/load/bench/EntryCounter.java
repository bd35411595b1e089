package io.busquake.load.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Counts the entries of a PutEvents body as its bytes arrive, in any chunking: the objects directly inside the
 * top-level array ({@code Entries}). A small JSON scanner, not a parser: it follows nesting and strings (with their
 * escapes) and nothing else, so a detail holding {@code "},{"} does not count as an entry. It does not validate.
 *
 * <p>Most of a PutEvents body is the inside of strings (each entry's Detail), so it jumps from quote to quote with
 * {@link ByteBuf#indexOf}, which scans several bytes at a time, and only looks at the bytes between strings one by
 * one: byte by byte, a 6 KB body took longer than signing it.
 */
final class EntryCounter {
    /** Containers deeper than this are not tracked as array or object; entries sit at depth 2. */
    private static final int TRACKED_DEPTH = 63;

    private int depth;
    /** Bit d set: the container opened at depth d is an array. */
    private long arrays;
    private boolean inString;
    /** Inside a string, the bytes so far end in an odd run of backslashes: the next byte is escaped. */
    private boolean escaped;
    private int entries;

    /** Starts a new body. */
    void reset() {
        depth = 0;
        arrays = 0;
        inString = false;
        escaped = false;
        entries = 0;
    }

    /** Entries seen so far in this body. */
    int entries() {
        return entries;
    }

    void feed(byte[] bytes, int offset, int length) {
        feed(Unpooled.wrappedBuffer(bytes, offset, length));
    }

    /** Reads the buffer's readable bytes without moving its reader index. */
    void feed(ByteBuf chunk) {
        int i = chunk.readerIndex();
        int end = chunk.writerIndex();
        while (i < end) {
            if (inString) {
                i = skipString(chunk, i, end);
                continue;
            }
            byte b = chunk.getByte(i++);
            switch (b) {
                case '"' -> {
                    inString = true;
                    escaped = false;
                }
                case '{' -> {
                    // Root object at depth 1, Entries array at depth 2: an object opened there is an entry.
                    if (depth == 2 && (arrays & (1L << 2)) != 0) {
                        entries++;
                    }
                    open(false);
                }
                case '[' -> open(true);
                case '}', ']' -> depth = Math.max(0, depth - 1);
                default -> {
                }
            }
        }
    }

    /** From {@code i} inside a string: past its closing quote, or to {@code end} if the string goes on. */
    private int skipString(ByteBuf chunk, int i, int end) {
        int quote = chunk.indexOf(i, end, (byte) '"');
        int stop = quote < 0 ? end : quote;
        // Whether the byte before stop ends an odd run of backslashes, the run reaching back into earlier chunks.
        int run = 0;
        while (stop - run - 1 >= i && chunk.getByte(stop - run - 1) == '\\') {
            run++;
        }
        boolean odd = (run % 2 == 1) != (stop - run == i && escaped);
        if (quote < 0) {
            escaped = odd;
            return end;
        }
        escaped = false;
        if (!odd) {
            inString = false;
        }
        return quote + 1;
    }

    private void open(boolean array) {
        depth++;
        if (depth <= TRACKED_DEPTH) {
            arrays = array ? arrays | (1L << depth) : arrays & ~(1L << depth);
        }
    }
}

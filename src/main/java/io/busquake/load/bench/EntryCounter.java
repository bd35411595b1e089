package io.busquake.load.bench;

import io.netty.util.ByteProcessor;

/**
 * Counts the entries of a PutEvents body as its bytes arrive, in any chunking: the objects directly inside the
 * top-level array ({@code Entries}). A small JSON scanner, not a parser: it follows nesting and strings (with their
 * escapes) and nothing else, so a detail holding {@code "},{"} does not count as an entry. It does not validate.
 */
final class EntryCounter implements ByteProcessor {
    /** Containers deeper than this are not tracked as array or object; entries sit at depth 2. */
    private static final int TRACKED_DEPTH = 63;

    private int depth;
    /** Bit d set: the container opened at depth d is an array. */
    private long arrays;
    private boolean inString;
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
        for (int i = offset; i < offset + length; i++) {
            process(bytes[i]);
        }
    }

    @Override
    public boolean process(byte b) {
        if (inString) {
            if (escaped) {
                escaped = false;
            } else if (b == '\\') {
                escaped = true;
            } else if (b == '"') {
                inString = false;
            }
            return true;
        }
        switch (b) {
            case '"' -> inString = true;
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
        return true;
    }

    private void open(boolean array) {
        depth++;
        if (depth <= TRACKED_DEPTH) {
            arrays = array ? arrays | (1L << depth) : arrays & ~(1L << depth);
        }
    }
}

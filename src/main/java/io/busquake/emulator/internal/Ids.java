package io.busquake.emulator.internal;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Identifiers the endpoint hands out by the thousand a second (EventIds, request ids). They are random version-4
 * UUIDs as AWS's are, drawn from a thread-local generator: {@link UUID#randomUUID()} draws from a shared
 * SecureRandom, which costs more than the rest of an event's ingestion, and nothing here needs to be unguessable.
 */
public final class Ids {
    private Ids() {
    }

    /** A random version-4 UUID in its canonical 36-character form. */
    public static String uuid() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}

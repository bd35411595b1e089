package io.busquake.consume.internal;

import io.busquake.consume.IdempotencyStore;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/** Idempotency records in a map; ConcurrentHashMap.compute makes each claim atomic, as a conditional put is. */
public final class InMemoryIdempotencyStore implements IdempotencyStore {
    private record Entry(boolean completed, Instant expiresAt) {
    }

    private final ConcurrentHashMap<String, Entry> records = new ConcurrentHashMap<>();

    @Override
    public Claim claim(String key, Instant now, Instant inProgressUntil) {
        Claim[] outcome = new Claim[1];
        records.compute(key, (k, existing) -> {
            if (existing == null || !existing.expiresAt().isAfter(now)) {
                outcome[0] = Claim.CLAIMED;
                return new Entry(false, inProgressUntil);
            }
            outcome[0] = existing.completed() ? Claim.COMPLETED : Claim.IN_PROGRESS;
            return existing;
        });
        return outcome[0];
    }

    @Override
    public void complete(String key, Instant expiresAt) {
        records.put(key, new Entry(true, expiresAt));
    }

    @Override
    public void release(String key) {
        records.remove(key);
    }
}

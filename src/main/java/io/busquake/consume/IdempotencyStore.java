package io.busquake.consume;

import io.busquake.consume.internal.InMemoryIdempotencyStore;
import java.time.Instant;

/**
 * Idempotency records keyed by the event's idempotency key, as Powertools for AWS Lambda keeps them: a worker claims
 * a key (an IN_PROGRESS record), performs the side effect, and completes it (a COMPLETED record kept until it
 * expires). Every method must be atomic per key; implementations are shared by all of a consumer's workers.
 *
 * <p>A DynamoDB table (partition key {@code id}; {@code status}, {@code expiration}, {@code in_progress_expiration}
 * attributes, TTL on {@code expiration}) implements it with one request each:
 * <ul>
 *   <li>{@link #claim}: PutItem with {@code attribute_not_exists(id) OR expiration < :now OR (status = :inProgress
 *       AND in_progress_expiration < :now)} and {@code ReturnValuesOnConditionCheckFailure=ALL_OLD}, whose old
 *       status gives {@link Claim#IN_PROGRESS} or {@link Claim#COMPLETED};
 *   <li>{@link #complete}: UpdateItem setting status COMPLETED and the expiration;
 *   <li>{@link #release}: DeleteItem, so a failed side effect may be retried.
 * </ul>
 */
public interface IdempotencyStore {

    /** The outcome of a claim. */
    enum Claim {
        /** The key is this worker's: perform the side effect, then complete or release it. */
        CLAIMED,
        /** Another worker holds the key and its claim has not expired: leave the message for SQS to redeliver. */
        IN_PROGRESS,
        /** The side effect was done and the record has not expired: delete the message without doing it again. */
        COMPLETED
    }

    /** Records held in this JVM's memory: what a consumer uses unless given another store. */
    static IdempotencyStore inMemory() {
        return new InMemoryIdempotencyStore();
    }

    /**
     * Creates an IN_PROGRESS record for {@code key} valid until {@code inProgressUntil}, unless an unexpired record
     * exists (a COMPLETED one expires at its expiry, an IN_PROGRESS one at its in-progress expiry).
     */
    Claim claim(String key, Instant now, Instant inProgressUntil);

    /** Marks the claimed {@code key} COMPLETED until {@code expiresAt}. */
    void complete(String key, Instant expiresAt);

    /** Deletes the record of {@code key}, so the next delivery claims it afresh. */
    void release(String key);
}

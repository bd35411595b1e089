package io.busquake.ledger;

import java.util.Optional;

/**
 * A sequence number whose side effect ran more than once, with its idempotency key when the ledger kept it (it keeps
 * the keys of the first {@link TargetLedger#KEPT_DUPLICATE_KEYS} duplicated sequence numbers it sees, and none for a
 * duplicate that only the merge of two ledgers revealed).
 */
public record DuplicateEffect(long seq, Optional<String> idempotencyKey) {
    public DuplicateEffect {
        Ledger.checkSeq(seq);
        if (idempotencyKey == null) {
            throw new IllegalArgumentException("idempotencyKey must be an Optional, not null; use Optional.empty()");
        }
    }
}

package io.busquake.ledger;

/**
 * The sizes of one target's sets at one moment, for reports. {@code missing} assumes no allowed loss.
 */
public record TargetCounts(String targetId, long expected, long delivered, long deliveredMoreThanOnce,
        long deadLettered, long processed, long processedMoreThanOnce, long missing) {
    public TargetCounts {
        if (targetId == null || targetId.isBlank()) {
            throw new IllegalArgumentException("targetId must be a non-blank id, but was '" + targetId + "'");
        }
        if (expected < 0 || delivered < 0 || deliveredMoreThanOnce < 0 || deadLettered < 0 || processed < 0
                || processedMoreThanOnce < 0 || missing < 0) {
            throw new IllegalArgumentException("counts of target " + targetId + " must not be negative");
        }
    }
}

package io.busquake.consume;

import java.time.Instant;

/**
 * One receipt of one event from a target queue, as the fault hooks see it.
 *
 * @param receiveCount SQS's ApproximateReceiveCount: 1 on the first receipt, more on redeliveries
 */
public record Delivery(String targetId, long seq, String idempotencyKey, int receiveCount, Instant receiptTime,
        String messageId) {
    public Delivery {
        if (targetId == null || idempotencyKey == null || receiptTime == null || messageId == null) {
            throw new IllegalArgumentException("delivery of seq " + seq + " lacks a field: " + targetId + ", "
                    + idempotencyKey + ", " + receiptTime + ", " + messageId);
        }
        if (receiveCount < 1) {
            throw new IllegalArgumentException("receiveCount must be 1 or more, but was " + receiveCount);
        }
    }
}

package io.busquake.consume;

/**
 * Hooks for the consumer-side faults. The {@code fault} area implements them; the consumer calls them for every
 * delivery. Both default to doing nothing.
 *
 * <pre>{@code
 * ConsumerFaults crashOnFirstReceipt = new ConsumerFaults() {
 *     public Crash afterSideEffect(Delivery delivery) {
 *         return delivery.receiveCount() == 1 ? Crash.ABANDON : Crash.NONE;
 *     }
 * };
 * }</pre>
 */
public interface ConsumerFaults {
    ConsumerFaults NONE = new ConsumerFaults() {
    };

    /**
     * slow-consumer: called after the idempotency record is claimed and before the side effect; may block for as
     * long as the worker should hold the message. Holding it past the queue's visibility timeout makes SQS
     * redeliver it to another worker while this one still works on it.
     *
     * @param message the message being held, to make it visible again at once instead of waiting out the timeout
     */
    default void holdBeforeSideEffect(Delivery delivery, HeldMessage message) throws InterruptedException {
    }

    /**
     * crash-consumer: called after the side effect (and after the idempotency record is completed, as a Powertools
     * handler's is when it returns), before DeleteMessage. A crash abandons this message and the rest of its batch.
     */
    default Crash afterSideEffect(Delivery delivery) {
        return Crash.NONE;
    }

    /**
     * How many messages {@link #holdBeforeSideEffect} holds right now, so a driver of the run's clock can tell a
     * worker waiting for a later instant from one at work.
     */
    default int holding() {
        return 0;
    }

    /** A message a worker holds. */
    interface HeldMessage {
        /** ChangeMessageVisibility to 0: SQS may hand it to another worker right away. */
        void expireVisibility();
    }

    /** Whether the worker dies after the side effect. */
    enum Crash {
        NONE,
        /** Dies: the batch's messages come back after their visibility timeout, as after a real crash. */
        ABANDON,
        /**
         * Dies, and the batch's messages come back at once (ChangeMessageVisibility 0), as if the visibility
         * timeout had already passed: the same redelivery without waiting, for tests and short runs.
         */
        ABANDON_AND_EXPIRE_VISIBILITY
    }
}

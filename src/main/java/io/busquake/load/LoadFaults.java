package io.busquake.load;

/**
 * Hooks for the load-side faults ({@code producer-retries}, {@code poison-events}). The {@code fault} area implements
 * them; {@link PutEventsLoad} calls them for every new entry and every accepted entry. Both default to doing nothing.
 */
public interface LoadFaults {
    LoadFaults NONE = new LoadFaults() {
    };

    /**
     * poison-events: the entry text to send for a new event, given the one the generator made. Returning another text
     * sends that instead under the same sequence number, so the outcomes file shows how it was rejected.
     */
    default String shapeNewEntry(long seq, String entryJson) {
        return entryJson;
    }

    /**
     * producer-retries: whether the producer lost the answer to this accepted entry and sends it again, with the same
     * text and so the same idempotency key, as a producer whose response never arrived would.
     */
    default boolean resendAccepted(PutEventsCall.Entry entry) {
        return false;
    }
}

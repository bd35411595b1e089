package io.busquake.load;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One PutEvents request: its body and the entries in it, in body order. {@link PutEventsLoad} completes it exactly
 * once, with the response or as timed out.
 */
public final class PutEventsCall {
    private final byte[] body;
    private final List<Entry> entries;
    private final AtomicBoolean completed = new AtomicBoolean();

    /**
     * An entry of the request.
     *
     * @param seq          the event's sequence number within this injector
     * @param attempt      1 for the first send; retries send the same entry text under the same key
     * @param sentAtMicros when the event was first sent (its detail carries this value)
     * @param entryJson    the entry object as sent
     */
    public record Entry(long seq, int attempt, long sentAtMicros, String entryJson) {
        public Entry {
            Objects.requireNonNull(entryJson, "entryJson");
            if (attempt < 1) {
                throw new IllegalArgumentException("attempt must be at least 1, but was " + attempt);
            }
        }
    }

    PutEventsCall(byte[] body, List<Entry> entries) {
        this.body = body;
        this.entries = List.copyOf(entries);
    }

    /** The AWS JSON 1.1 request body. */
    public byte[] body() {
        return body;
    }

    public List<Entry> entries() {
        return entries;
    }

    /** Marks the call complete; false if it already was. */
    boolean complete() {
        return completed.compareAndSet(false, true);
    }

    public boolean isCompleted() {
        return completed.get();
    }
}

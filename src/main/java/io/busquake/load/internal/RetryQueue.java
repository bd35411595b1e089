package io.busquake.load.internal;

import io.busquake.load.PutEventsCall;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Entries waiting for their backoff to pass before they are re-sent, ordered by due time. Times come from the run's
 * clock, so backoff follows virtual time in tests.
 */
public final class RetryQueue {
    private record Pending(long dueMicros, PutEventsCall.Entry entry) {
    }

    private final PriorityQueue<Pending> queue = new PriorityQueue<>((a, b) -> Long.compare(a.dueMicros, b.dueMicros));

    public synchronized void add(PutEventsCall.Entry entry, long dueMicros) {
        queue.add(new Pending(dueMicros, entry));
    }

    /** Up to {@code max} entries due at {@code nowMicros}, earliest first. */
    public synchronized List<PutEventsCall.Entry> takeDue(long nowMicros, int max) {
        if (queue.isEmpty() || queue.peek().dueMicros > nowMicros) {
            return List.of();
        }
        List<PutEventsCall.Entry> due = new ArrayList<>(max);
        while (due.size() < max && !queue.isEmpty() && queue.peek().dueMicros <= nowMicros) {
            due.add(queue.poll().entry);
        }
        return due;
    }

    /** Removes and answers every entry still waiting. */
    public synchronized List<PutEventsCall.Entry> drain() {
        List<PutEventsCall.Entry> all = new ArrayList<>(queue.size());
        while (!queue.isEmpty()) {
            all.add(queue.poll().entry);
        }
        return all;
    }

    public synchronized int size() {
        return queue.size();
    }
}

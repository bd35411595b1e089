package io.busquake.verify.internal;

import io.busquake.ledger.SequenceSet;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds an expectation's evidence, in the order people read it. */
public final class Evidence {
    /** How many sequence numbers or keys a list shows; the count says how many there are in all. */
    public static final int SHOWN = 20;

    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Instant origin;

    public Evidence(Instant origin) {
        this.origin = origin;
    }

    public Evidence put(String name, Object value) {
        values.put(name, value);
        return this;
    }

    /** A set as {@code {count, first: [first 20]}}. */
    public Evidence set(String name, SequenceSet set) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("count", set.count());
        shown.put("first", set.first(SHOWN));
        values.put(name, shown);
        return this;
    }

    /** An instant as the offset from the load's start, e.g. {@code +20.000s}. */
    public Evidence at(String name, Instant instant) {
        values.put(name, offset(origin, instant));
        return this;
    }

    public Map<String, Object> values() {
        return values;
    }

    public static String offset(Instant origin, Instant instant) {
        long millis = Duration.between(origin, instant).toMillis();
        return String.format("%s%d.%03ds", millis < 0 ? "-" : "+", Math.abs(millis) / 1000, Math.abs(millis) % 1000);
    }

    public static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : String.format("%.3fs", millis / 1000.0);
    }
}

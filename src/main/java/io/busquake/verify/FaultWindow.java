package io.busquake.verify;

import java.time.Instant;
import java.util.Objects;

/** When a fault of the scenario was in effect. */
public record FaultWindow(String name, String type, Instant start, Instant end) {
    public FaultWindow {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("fault " + name + " ends (" + end + ") before it starts (" + start + ")");
        }
    }
}

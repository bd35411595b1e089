package io.busquake.scenario.internal;

import java.util.Objects;

/**
 * Where a value came from: a line and column of a file, or an override (line 0).
 *
 * @param source the file as given, or {@code -Dset <path>=<value>}
 */
public record Location(String source, int line, int column) {
    public Location {
        Objects.requireNonNull(source, "source");
    }

    static Location override(String overrideText) {
        return new Location("-Dset " + overrideText, 0, 0);
    }
}

package io.busquake.scenario;

import java.util.Objects;

/**
 * One thing wrong with a scenario.
 *
 * @param source  the file (as given) or, for an override, {@code -Dset <path>=<value>}
 * @param line    1-based line in {@code source}; 0 when the source has no lines (an override)
 * @param column  1-based column; 0 when the source has no lines
 * @param field   the field's path, e.g. {@code load.phases[0].rate}
 * @param message what is wrong, echoing the bad value
 * @param allowed what is allowed, or empty when there is nothing to list
 * @param fix     how to fix it
 */
public record Problem(String source, int line, int column, String field, String message, String allowed, String fix)
        implements Comparable<Problem> {

    public Problem {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
        allowed = allowed == null ? "" : allowed;
        Objects.requireNonNull(fix, "fix");
        if (line < 0 || column < 0) {
            throw new IllegalArgumentException("line and column must be >= 0, got " + line + ":" + column);
        }
    }

    /** Where the problem is: {@code file:line:column}, or the override text. */
    public String location() {
        return line == 0 ? source : source + ":" + line + ":" + column;
    }

    /** The one-line message shown to users. */
    public String render() {
        StringBuilder text = new StringBuilder(location()).append(": ").append(field).append(": ").append(message);
        if (!allowed.isEmpty()) {
            text.append("; allowed: ").append(allowed);
        }
        text.append(". Fix: ").append(fix);
        if (!fix.endsWith(".") && !fix.endsWith("?")) {
            text.append('.');
        }
        return text.toString();
    }

    /** Overrides first (they have no line), then by line and column. */
    @Override
    public int compareTo(Problem other) {
        int byLine = Integer.compare(line, other.line);
        if (byLine != 0) {
            return byLine;
        }
        int byColumn = Integer.compare(column, other.column);
        return byColumn != 0 ? byColumn : field.compareTo(other.field);
    }

    @Override
    public String toString() {
        return render();
    }
}

package io.busquake.load.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The per-entry outcomes file, one CSV line per attempt:
 * {@code seq,attempt,sentAtMicros,completedAtMicros,outcome,value} where outcome is {@code accepted} (value: the
 * EventId), {@code rejected} (value: the entry's ErrorCode), {@code request-failed} (value: the whole request's
 * error), {@code timeout}, or {@code abandoned} (value: why no further attempt was made).
 */
public final class OutcomeLog implements AutoCloseable {
    public static final String HEADER = "seq,attempt,sentAtMicros,completedAtMicros,outcome,value";

    private final Path file;
    private final BufferedWriter out;

    public OutcomeLog(Path file) {
        this.file = file;
        try {
            Files.createDirectories(file.getParent());
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            out.write(HEADER);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the outcomes file " + file
                    + "; check that the results directory is writable", e);
        }
    }

    public Path file() {
        return file;
    }

    public synchronized void write(long seq, int attempt, long sentAtMicros, long completedAtMicros, String outcome,
                                   String value) {
        try {
            out.write(Long.toString(seq));
            out.write(',');
            out.write(Integer.toString(attempt));
            out.write(',');
            out.write(Long.toString(sentAtMicros));
            out.write(',');
            out.write(Long.toString(completedAtMicros));
            out.write(',');
            out.write(outcome);
            out.write(',');
            out.write(value);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the outcomes file " + file, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the outcomes file " + file, e);
        }
    }
}

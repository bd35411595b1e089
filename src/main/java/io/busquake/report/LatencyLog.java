package io.busquake.report;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * An HdrHistogram interval log ({@code <target>.e2e.hlog}) of one target's end-to-end latency in microseconds, one
 * interval per sample; readable by HdrHistogram's HistogramLogProcessor and HistogramLogReader.
 */
public final class LatencyLog implements AutoCloseable {
    private final Path file;
    private final PrintStream out;
    private final HistogramLogWriter writer;
    private final long baseMillis;

    private LatencyLog(Path file, Instant base) {
        this.file = file;
        this.baseMillis = base.toEpochMilli();
        try {
            out = new PrintStream(Files.newOutputStream(file), true, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the latency log " + file, e);
        }
        writer = new HistogramLogWriter(out);
        writer.outputComment("busquake end-to-end latency (sent-at to consumer receipt), microseconds");
        writer.outputLogFormatVersion();
        writer.outputStartTime(baseMillis);
        writer.setBaseTime(baseMillis);
        writer.outputLegend();
    }

    /** Opens {@code <directory>/<target>.e2e.hlog}; intervals are stamped from {@code base}. */
    public static LatencyLog open(Path directory, String target, Instant base) {
        return new LatencyLog(directory.resolve(fileName(target)), base);
    }

    public static String fileName(String target) {
        return target.replaceAll("[^A-Za-z0-9._-]", "_") + ".e2e.hlog";
    }

    /** Appends one interval from {@code start} to {@code end}; empty intervals are written too (a gap is news). */
    public synchronized void interval(Histogram interval, Instant start, Instant end) {
        Histogram copy = interval.copy();
        copy.setStartTimeStamp(start.toEpochMilli());
        copy.setEndTimeStamp(end.toEpochMilli());
        writer.outputIntervalHistogram(copy);
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        out.close();
    }
}

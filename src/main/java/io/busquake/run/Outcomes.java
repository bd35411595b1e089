package io.busquake.run;

import io.busquake.ledger.Ledger;
import io.busquake.ledger.SequenceSet;
import io.busquake.report.RunSeries;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Reads the load's per-entry outcomes file (written by the load, closed at the end of the load) for what the ledger
 * and the report need that the accepted-entry listener does not give: rejections by code, PutEvents latency, and the
 * per-second offered / accepted / throttled series.
 */
final class Outcomes {
    static final String OFFERED = "offered entries/s";
    static final String ACCEPTED = "accepted entries/s";
    static final String THROTTLED = "throttled entries/s";

    private Outcomes() {
    }

    /** One line of {@code outcomes.csv}. */
    private record Line(long seq, int attempt, long sentAtMicros, long completedAtMicros, String outcome,
                        String value) {
    }

    /**
     * Records rejections in the ledger, fills the series (seconds from {@code loadStartedAt}) and answers the
     * PutEvents latency of first attempts (completed minus sent) in microseconds.
     */
    static Histogram read(Path file, Ledger ledger, RunSeries series, Instant loadStartedAt) {
        long originMicros = ChronoUnit.MICROS.between(Instant.EPOCH, loadStartedAt);
        Histogram latency = new Histogram(3);
        series.declare(OFFERED);
        series.declare(ACCEPTED);
        series.declare(THROTTLED);
        forEach(file, line -> {
            long second = Math.floorDiv(line.completedAtMicros() - originMicros, 1_000_000L);
            switch (line.outcome()) {
                case "accepted" -> {
                    series.add(second, OFFERED, 1);
                    series.add(second, ACCEPTED, 1);
                }
                case "rejected", "request-failed" -> {
                    series.add(second, OFFERED, 1);
                    ledger.recordRejected(line.seq(), line.value().isEmpty() ? "unknown" : line.value());
                    if ("ThrottlingException".equals(line.value())) {
                        series.add(second, THROTTLED, 1);
                    }
                }
                case "timeout" -> {
                    series.add(second, OFFERED, 1);
                    ledger.recordRejected(line.seq(), "Timeout");
                }
                default -> {
                    // abandoned: no request was sent for it
                }
            }
            if (line.attempt() == 1 && !"abandoned".equals(line.outcome())) {
                latency.recordValue(Math.max(0, line.completedAtMicros() - line.sentAtMicros()));
            }
        });
        return latency;
    }

    /** The events whose first attempt was sent at or after {@code from} and before {@code to}. */
    static SequenceSet sentBetween(Path file, Instant from, Instant to) {
        long fromMicros = ChronoUnit.MICROS.between(Instant.EPOCH, from);
        long toMicros = ChronoUnit.MICROS.between(Instant.EPOCH, to);
        org.roaringbitmap.RoaringBitmap bits = new org.roaringbitmap.RoaringBitmap();
        forEach(file, line -> {
            if (line.attempt() == 1 && line.sentAtMicros() >= fromMicros && line.sentAtMicros() < toMicros) {
                bits.add((int) line.seq());
            }
        });
        long[] seqs = new long[bits.getCardinality()];
        int i = 0;
        for (int seq : bits) {
            seqs[i++] = Integer.toUnsignedLong(seq);
        }
        return SequenceSet.of(seqs);
    }

    private static void forEach(Path file, Consumer<Line> action) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            in.readLine();
            for (String text = in.readLine(); text != null; text = in.readLine()) {
                String[] f = text.split(",", 6);
                if (f.length < 5) {
                    continue;
                }
                action.accept(new Line(Long.parseLong(f[0]), Integer.parseInt(f[1]), Long.parseLong(f[2]),
                        Long.parseLong(f[3]), f[4], f.length > 5 ? f[5] : ""));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the outcomes file " + file, e);
        }
    }
}

package io.busquake.verify.internal;

import io.busquake.scenario.Expect.Ingest;
import io.busquake.scenario.Expect.LatencyBudget;
import io.busquake.verify.ExpectationResult;
import io.busquake.verify.IngestCounts;
import io.busquake.verify.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/** The expectations decided on measurements: latency budgets and ingest ratios. */
public final class MeasureChecks {
    private MeasureChecks() {
    }

    /** Percentiles (and max) of {@code micros} against {@code budget}, each present bound must be met. */
    public static ExpectationResult latency(String id, String kind, String what, Histogram micros,
                                            LatencyBudget budget, Instant origin) {
        Evidence evidence = new Evidence(origin).put("of", what).put("samples", micros.getTotalCount());
        if (micros.getTotalCount() == 0) {
            return new ExpectationResult(id, kind, Status.NOT_VERIFIABLE, "no latency was recorded for " + what
                    + "; nothing was delivered to a consumer (or no request completed)", evidence.values());
        }
        Map<String, Object> measured = new LinkedHashMap<>();
        Map<String, Object> budgets = new LinkedHashMap<>();
        List<String> over = new ArrayList<>();
        check("p50", micros.getValueAtPercentile(50), budget.p50(), measured, budgets, over);
        check("p90", micros.getValueAtPercentile(90), budget.p90(), measured, budgets, over);
        check("p99", micros.getValueAtPercentile(99), budget.p99(), measured, budgets, over);
        check("max", micros.getMaxValue(), budget.max(), measured, budgets, over);
        evidence.put("measuredMillis", measured).put("budgetMillis", budgets);
        if (over.isEmpty()) {
            return new ExpectationResult(id, kind, Status.PASSED, what + " within budget: " + measured + " ms",
                    evidence.values());
        }
        return new ExpectationResult(id, kind, Status.FAILED, what + " over budget: " + String.join(", ", over),
                evidence.values());
    }

    private static void check(String name, long micros, Optional<Duration> bound, Map<String, Object> measured,
                              Map<String, Object> budgets, List<String> over) {
        double millis = micros / 1000.0;
        measured.put(name, Math.round(millis * 10) / 10.0);
        bound.ifPresent(b -> {
            budgets.put(name, b.toMillis());
            if (micros > b.toNanos() / 1000) {
                over.add(String.format("%s %.1f ms > %d ms", name, millis, b.toMillis()));
            }
        });
    }

    /** Failed-entry and throttled-request ratios against the scenario's bounds. */
    public static ExpectationResult ingest(String id, IngestCounts counts, Ingest bounds, Instant origin) {
        Evidence evidence = new Evidence(origin).put("requests", counts.requests())
                .put("throttledRequests", counts.throttledRequests()).put("entriesAnswered", counts.entriesAnswered())
                .put("entriesFailed", counts.entriesFailed());
        if (counts.requests() == 0) {
            return new ExpectationResult(id, "ingest", Status.NOT_VERIFIABLE, "no PutEvents request completed",
                    evidence.values());
        }
        double failedRatio = counts.entriesAnswered() == 0 ? 0
                : (double) counts.entriesFailed() / counts.entriesAnswered();
        double throttledRatio = (double) counts.throttledRequests() / counts.requests();
        evidence.put("failedEntryRatio", round(failedRatio)).put("maxFailedEntryRatio", bounds.maxFailedEntryRatio())
                .put("throttledRequestRatio", round(throttledRatio))
                .put("maxThrottledRequestRatio", bounds.maxThrottledRequestRatio());
        List<String> over = new ArrayList<>();
        if (failedRatio > bounds.maxFailedEntryRatio()) {
            over.add(String.format("failed-entry ratio %.4f > %s", failedRatio, bounds.maxFailedEntryRatio()));
        }
        if (throttledRatio > bounds.maxThrottledRequestRatio()) {
            over.add(String.format("throttled-request ratio %.4f > %s", throttledRatio,
                    bounds.maxThrottledRequestRatio()));
        }
        if (over.isEmpty()) {
            return new ExpectationResult(id, "ingest", Status.PASSED, String.format(
                    "failed-entry ratio %.4f, throttled-request ratio %.4f, within bounds", failedRatio,
                    throttledRatio), evidence.values());
        }
        return new ExpectationResult(id, "ingest", Status.FAILED, String.join("; ", over), evidence.values());
    }

    private static double round(double ratio) {
        return Math.round(ratio * 1_000_000) / 1_000_000.0;
    }
}

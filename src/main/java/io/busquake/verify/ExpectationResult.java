package io.busquake.verify;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One expectation, decided.
 *
 * @param id       unique in the verdict, e.g. {@code no-loss[orders]} or {@code alarms[busquake-orders-FailedInvocations]}
 * @param kind     the expectation's key in the scenario's {@code expect} block ({@code alarms}, {@code dlq},
 *                 {@code noLoss}, {@code noDuplicateEffects}, {@code latency}, {@code putEventsLatency}, {@code ingest})
 * @param summary  one sentence saying what was found
 * @param evidence what decided it, in order: numbers, strings, lists and maps of those (written as JSON)
 */
public record ExpectationResult(String id, String kind, Status status, String summary, Map<String, Object> evidence) {
    public ExpectationResult {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(summary, "summary");
        evidence = Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
    }
}

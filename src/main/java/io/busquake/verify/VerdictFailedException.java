package io.busquake.verify;

import java.util.stream.Collectors;

/** Thrown to fail the build (e.g. {@code mvn gatling:test}) when a run's verdict failed; the message lists why. */
public final class VerdictFailedException extends RuntimeException {
    private final transient Verdict verdict;

    public VerdictFailedException(Verdict verdict) {
        super("busquake verdict FAILED for run " + verdict.runId() + " (" + verdict.failures().size() + " of "
                + verdict.expectations().size() + " expectations): " + verdict.failures().stream()
                .map(f -> f.id() + ": " + f.summary()).collect(Collectors.joining("; ")));
        this.verdict = verdict;
    }

    public Verdict verdict() {
        return verdict;
    }
}

/**
 * A run's results under {@code results/<run-id>/}: the scenario as run ({@code scenario.resolved.yaml}), the
 * per-entry outcomes, the timeline ({@code timeline.csv}, also printed one console line per change), a pointer to
 * the Gatling report ({@code gatling-report.txt}) and the summary ({@code summary.txt}, printed at the end).
 * {@link io.busquake.report.RunReport} is the entry; verdict.json, junit.xml and report.html come with the verifier.
 */
package io.busquake.report;

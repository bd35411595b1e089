package io.busquake.report;

import io.busquake.load.LoadSummary;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes one run's results directory and its console lines.
 *
 * <pre>{@code
 * RunReport report = RunReport.create(Path.of("results", runId), clock, System.out);
 * report.writeScenario(scenario.toYaml());
 * report.timeline("phase", "1/2 ramp 1 -> 20 requests/s for 10s");
 * report.writeSummary(runId, scenarioName, target, loadSummary, loadDuration, "passed (7 expectations)");
 * }</pre>
 */
public final class RunReport implements AutoCloseable {
    public static final String SCENARIO_FILE = "scenario.resolved.yaml";
    public static final String OUTCOMES_FILE = "outcomes.csv";
    public static final String TIMELINE_FILE = "timeline.csv";
    public static final String SUMMARY_FILE = "summary.txt";
    public static final String GATLING_POINTER_FILE = "gatling-report.txt";

    private final Path directory;
    private final Clock clock;
    private final PrintStream console;
    private final BufferedWriter timeline;
    private volatile Instant loadStartedAt;

    private RunReport(Path directory, Clock clock, PrintStream console) {
        this.directory = directory;
        this.clock = clock;
        this.console = console;
        try {
            Files.createDirectories(directory);
            timeline = Files.newBufferedWriter(directory.resolve(TIMELINE_FILE), StandardCharsets.UTF_8);
            timeline.write("at,offsetMillis,event,detail\n");
            timeline.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the results directory " + directory
                    + "; check it is writable or run from the project directory", e);
        }
    }

    /** Creates {@code directory} and starts its timeline. */
    public static RunReport create(Path directory, Clock clock, PrintStream console) {
        return new RunReport(directory, clock, console);
    }

    public Path directory() {
        return directory;
    }

    /** Where the load writes its per-entry outcomes. */
    public Path outcomesFile() {
        return directory.resolve(OUTCOMES_FILE);
    }

    public void writeScenario(String resolvedYaml) {
        write(SCENARIO_FILE, resolvedYaml);
    }

    /** Marks the moment offsets in the timeline count from. */
    public void loadStarted() {
        loadStartedAt = clock.instant();
    }

    /** Appends a timeline line and prints it as one console line. */
    public synchronized void timeline(String event, String detail) {
        Instant now = clock.instant();
        Instant start = loadStartedAt;
        long offsetMillis = start == null ? 0 : Duration.between(start, now).toMillis();
        try {
            timeline.write(now + "," + offsetMillis + "," + event + "," + csv(detail) + "\n");
            timeline.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + directory.resolve(TIMELINE_FILE), e);
        }
        console.printf("busquake %s %+.1fs %s: %s%n", now, offsetMillis / 1000.0, event, detail);
    }

    /** Writes {@code summary.txt} and prints it. */
    public void writeSummary(String runId, String scenarioName, String target, LoadSummary load,
                             Duration loadDuration, String verdictLine) {
        double seconds = Math.max(0.001, loadDuration.toMillis() / 1000.0);
        StringBuilder text = new StringBuilder()
                .append("busquake run ").append(runId).append(" (scenario ").append(scenarioName).append(", ")
                .append(target).append(")\n")
                .append(String.format("  events generated   %d (%.1f/s)%n", load.eventsGenerated(),
                        load.eventsGenerated() / seconds))
                .append(String.format("  PutEvents requests %d (%.1f/s): %d OK, %d with failed entries, %d timed out%n",
                        load.requests(), load.requests() / seconds, load.requestsOk(),
                        load.requestsWithFailedEntries(), load.timeouts()))
                .append("  request errors     ").append(counts(load.requestErrors())).append('\n')
                .append("  entries accepted   ").append(load.entriesAccepted()).append('\n')
                .append("  entry errors       ").append(counts(load.entryErrors())).append('\n')
                .append("  producer retries   ").append(load.retries()).append(", abandoned ")
                .append(load.abandoned()).append('\n')
                .append("  verdict            ").append(verdictLine).append('\n')
                .append("  results            ").append(directory.toAbsolutePath()).append('\n');
        write(SUMMARY_FILE, text.toString());
        console.print(text);
    }

    /** Prints {@code text} on the console as it is. */
    public void print(String text) {
        console.print(text);
    }

    /**
     * Points at the newest Gatling report under {@code gatlingResults} written after {@code since}, once Gatling
     * has written it; answers it if found.
     */
    public Optional<Path> linkGatlingReport(Path gatlingResults, Instant since) {
        Optional<Path> report;
        try (Stream<Path> runs = Files.list(gatlingResults)) {
            report = runs.filter(dir -> Files.isRegularFile(dir.resolve("index.html")))
                    .filter(dir -> modifiedAfter(dir.resolve("index.html"), since))
                    .max(Comparator.comparing(dir -> dir.resolve("index.html").toFile().lastModified()))
                    .map(dir -> dir.resolve("index.html").toAbsolutePath());
        } catch (IOException e) {
            report = Optional.empty();
        }
        write(GATLING_POINTER_FILE, report.map(Path::toString)
                .orElse("no Gatling report found under " + gatlingResults.toAbsolutePath()) + "\n");
        report.ifPresent(path -> console.println("busquake Gatling report: " + path));
        return report;
    }

    private static boolean modifiedAfter(Path file, Instant since) {
        return file.toFile().lastModified() >= since.toEpochMilli();
    }

    private void write(String name, String text) {
        try {
            Files.writeString(directory.resolve(name), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + directory.resolve(name), e);
        }
    }

    private static String counts(Map<String, Long> counts) {
        return counts.isEmpty() ? "none" : counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static String csv(String text) {
        return text.contains(",") || text.contains("\"") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }

    @Override
    public synchronized void close() {
        try {
            timeline.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + directory.resolve(TIMELINE_FILE), e);
        }
    }
}

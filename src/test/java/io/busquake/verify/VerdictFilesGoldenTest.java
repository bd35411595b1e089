package io.busquake.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.busquake.report.VerdictFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins the shape of verdict.json and junit.xml as a real run writes them: a short smoke run under a squeezed
 * PutEvents quota, so its ingest expectation fails (junit.xml carries a failure) and a fault window is listed, against
 * golden files in {@code src/test/resources/golden/}. What varies
 * from run to run (instants, the run id, measured latencies, the results path) is normalised first. After a
 * deliberate change of the format, rerun with {@code -Dbusquake.updateGolden=true} and review the diff.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class VerdictFilesGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final Pattern INSTANT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");
    private static final Pattern RUN_ID = Pattern.compile("\\d{8}-\\d{6}-smoke");
    // Latencies are measured (PutEvents over a socket, receipt by a polling consumer): their values vary, their
    // presence and names do not.
    private static final Pattern MILLIS = Pattern.compile(
            "(\"(?:p50|p90|p99|max|mean)\" ?: ?)\\d+(\\.\\d+)?(?=[,\\s}])|(p\\d\\d|max|mean)=\\d+(\\.\\d+)?");

    @TempDir
    Path results;

    @Test
    void verdictJsonAndJunitXml_keepTheirShape() throws IOException {
        ScenarioDriver driver = new ScenarioDriver("smoke.yaml",
                // No producer retries: their jittered backoff would make the counts differ from run to run.
                "load.phases[0].duration=2s,load.phases[1].duration=3s,consumers.orders.waitTime=1s,"
                        + "load.producerRetry.maxAttempts=1,"
                        + "faults=[{type: squeeze-quota, tps: 2, startAfter: 1s, duration: 2s}]", results);
        Verdict verdict = driver.run(5);
        assertThat(verdict.passed()).isFalse();

        String json = normalise(Files.readString(driver.results().resolve(VerdictFiles.VERDICT_FILE)));
        String junit = normalise(Files.readString(driver.results().resolve(VerdictFiles.JUNIT_FILE)));
        if (Boolean.getBoolean("busquake.updateGolden")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(GOLDEN.resolve("smoke.verdict.json"), json, StandardCharsets.UTF_8);
            Files.writeString(GOLDEN.resolve("smoke.junit.xml"), junit, StandardCharsets.UTF_8);
        }
        assertThat(json).isEqualTo(Files.readString(GOLDEN.resolve("smoke.verdict.json")));
        assertThat(junit).isEqualTo(Files.readString(GOLDEN.resolve("smoke.junit.xml")));
    }

    static String normalise(String text) {
        String out = INSTANT.matcher(text).replaceAll("<instant>");
        out = RUN_ID.matcher(out).replaceAll("<run-id>");
        Matcher m = MILLIS.matcher(out);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String replacement = m.group(1) != null ? m.group(1) + "<millis>" : m.group(3) + "=<millis>";
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}

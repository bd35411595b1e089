package io.busquake.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.busquake.report.HtmlReport;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html of a real run (a fault, an alarm that fires and recovers) rendered by Debian's chromium, headless. The
 * screenshot is kept as {@code target/report-screenshot.png} for a person to look at. Skipped where chromium is not
 * installed ({@code apt-get install -y chromium}).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ReportInBrowserTest {
    private static final int WIDTH = 1400;
    private static final int HEIGHT = 2400;
    private static final Pattern NETWORK_REFERENCE = Pattern.compile(
            "(?i)\\b(src|href|xlink:href|action|poster|srcset)\\s*=\\s*[\"']?\\s*(https?:)?//");

    @TempDir
    Path results;

    @TempDir
    Path browserProfile;

    @Test
    void reportHtml_rendersInHeadlessChromium_withoutTheNetwork() throws IOException, InterruptedException {
        Optional<Path> chromium = chromium();
        assumeTrue(chromium.isPresent(), "chromium is not installed (apt-get install -y chromium): report.html was "
                + "not rendered");
        ScenarioDriver driver = new ScenarioDriver("smoke.yaml",
                "load.phases[0].duration=10s,load.phases[1].duration=50s,consumers.orders.waitTime=1s,settle=3m,"
                        + "faults=[{type: squeeze-quota, tps: 2, startAfter: 20s, duration: 20s}],"
                        + "expect.alarms=[{alarm: busquake-PutEventsApproximateThrottledCount, fault: squeeze-quota,"
                        + " within: 2m, recoverWithin: 4m}]", results);
        driver.run(4);
        Path report = driver.results().resolve(HtmlReport.FILE);
        String html = Files.readString(report);
        assertThat(NETWORK_REFERENCE.matcher(html).find()).as("a src/href that reaches the network").isFalse();
        assertThat(html).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("@import")
                .doesNotContainIgnoringCase("url(");

        Path png = results.resolve("report.png");
        Process browser = new ProcessBuilder(chromium.get().toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + browserProfile, "--screenshot=" + png,
                "--window-size=" + WIDTH + "," + HEIGHT, report.toUri().toString())
                .redirectErrorStream(true).redirectOutput(results.resolve("chromium.log").toFile()).start();
        assertThat(browser.waitFor(90, TimeUnit.SECONDS)).as("chromium ended").isTrue();
        assertThat(browser.exitValue()).as(Files.readString(results.resolve("chromium.log"))).isZero();

        assertThat(png).isRegularFile();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(WIDTH);
        assertThat(image.getHeight()).isEqualTo(HEIGHT);
        // A page of text and charts has many colours; a blank or error page has a handful.
        assertThat(colours(image)).isGreaterThan(50);
        Files.createDirectories(Path.of("target"));
        Files.copy(png, Path.of("target", "report-screenshot.png"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(report, Path.of("target", "report-screenshot.html"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static int colours(BufferedImage image) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                seen.add(image.getRGB(x, y));
            }
        }
        return seen.size();
    }

    private static Optional<Path> chromium() {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin");
        return Stream.of(path.split(File.pathSeparator))
                .flatMap(dir -> List.of("chromium", "chromium-browser").stream().map(name -> Path.of(dir, name)))
                .filter(Files::isExecutable).findFirst();
    }
}

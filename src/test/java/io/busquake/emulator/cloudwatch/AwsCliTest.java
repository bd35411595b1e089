package io.busquake.emulator.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both AWS CLI generations against the endpoint: the one on the PATH (botocore 1.42+ speaks RPC v2 CBOR to
 * CloudWatch) and Debian's {@code /usr/bin/aws} (speaks the query protocol). Each is skipped, saying so, where absent.
 */
class AwsCliTest {
    private static final String DEBIAN_CLI = "/usr/bin/aws";
    private final CloudWatchFixture f = new CloudWatchFixture();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void close() {
        f.close();
    }

    static Stream<Arguments> clis() {
        String onPath = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "aws")).filter(Files::isExecutable).map(Path::toString)
                .filter(p -> !p.equals(DEBIAN_CLI)).findFirst().orElse(null);
        return Stream.of(Arguments.of("the aws CLI on the PATH", onPath),
                Arguments.of("Debian's awscli package", Files.isExecutable(Path.of(DEBIAN_CLI)) ? DEBIAN_CLI : null));
    }

    private JsonNode run(String cli, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(cli));
        command.addAll(List.of(args));
        command.addAll(List.of("--endpoint-url", f.fx.emulator.endpoint().toString(), "--output", "json"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(false);
        Map<String, String> env = pb.environment();
        env.put("AWS_ACCESS_KEY_ID", "busquake");
        env.put("AWS_SECRET_ACCESS_KEY", "busquake");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_PAGER", "");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_CONFIG_FILE", "/nonexistent-busquake");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent-busquake");
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cli + " " + String.join(" ", args) + " did not finish within 120 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("%s %s failed: %s", cli, String.join(" ", args), err).isZero();
        return out.isBlank() ? json.createObjectNode() : json.readTree(out);
    }

    /**
     * The CLI prints timestamps as they came: CLI v1 with RPC v2 CBOR shows epoch seconds, the query protocol ISO 8601.
     */
    private static Instant instant(JsonNode node) {
        if (node.isNumber()) {
            return Instant.ofEpochMilli(Math.round(node.asDouble() * 1000));
        }
        return java.time.OffsetDateTime.parse(node.asText()).toInstant();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clis")
    void cli_putsMetricsAndAlarms_andReadsThemBack(String which, String cli) throws Exception {
        Assumptions.assumeTrue(cli != null, "skipped: " + which + " is not installed");
        run(cli, "cloudwatch", "put-metric-data", "--namespace", "Cli", "--metric-name", "Depth", "--value", "7",
                "--timestamp", "2026-01-01T00:00:05Z", "--dimensions", "Queue=orders");
        run(cli, "cloudwatch", "put-metric-alarm", "--alarm-name", "cli-depth", "--namespace", "Cli",
                "--metric-name", "Depth", "--dimensions", "Name=Queue,Value=orders", "--statistic", "Maximum",
                "--period", "60", "--evaluation-periods", "1", "--threshold", "5", "--comparison-operator",
                "GreaterThanThreshold", "--alarm-actions", "arn:aws:sns:us-east-1:000000000000:oncall");
        f.fx.clock.advance(Duration.ofMinutes(1));

        JsonNode alarms = run(cli, "cloudwatch", "describe-alarms", "--alarm-names", "cli-depth");
        JsonNode alarm = alarms.get("MetricAlarms").get(0);
        assertThat(alarm.get("StateValue").asText()).isEqualTo("ALARM");
        assertThat(alarm.get("Threshold").asDouble()).isEqualTo(5.0);
        assertThat(alarm.get("Dimensions").get(0).get("Value").asText()).isEqualTo("orders");
        assertThat(instant(alarm.get("StateUpdatedTimestamp"))).isEqualTo(Instant.parse("2026-01-01T00:01:00Z"));

        JsonNode history = run(cli, "cloudwatch", "describe-alarm-history", "--alarm-name", "cli-depth");
        List<String> types = new ArrayList<>();
        history.get("AlarmHistoryItems").forEach(i -> types.add(i.get("HistoryItemType").asText()));
        assertThat(types).containsExactly("Action", "StateUpdate", "ConfigurationUpdate");

        JsonNode data = run(cli, "cloudwatch", "get-metric-data", "--start-time", "2026-01-01T00:00:00Z",
                "--end-time", "2026-01-01T00:05:00Z", "--metric-data-queries",
                "[{\"Id\":\"d\",\"MetricStat\":{\"Metric\":{\"Namespace\":\"Cli\",\"MetricName\":\"Depth\","
                        + "\"Dimensions\":[{\"Name\":\"Queue\",\"Value\":\"orders\"}]},\"Period\":60,\"Stat\":\"Maximum\"}},"
                        + "{\"Id\":\"twice\",\"Expression\":\"d * 2\"}]");
        JsonNode results = data.get("MetricDataResults");
        assertThat(results.get(0).get("Values").get(0).asDouble()).isEqualTo(7.0);
        assertThat(instant(results.get(0).get("Timestamps").get(0))).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(results.get(1).get("Values").get(0).asDouble()).isEqualTo(14.0);
    }
}

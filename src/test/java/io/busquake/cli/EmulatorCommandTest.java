package io.busquake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/** {@code busquake emulator} in its own process, as a user starts it. */
class EmulatorCommandTest {

    @Test
    void emulatorCommand_servesUntilStopped_andPrintsWhatToExport() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "emulator", "--port", "0", "--region", "eu-west-1", "--account", "123456789012",
                "--put-events-tps", "50").redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            String endpoint = CompletableFuture.supplyAsync(() -> {
                try {
                    String line;
                    while ((line = out.readLine()) != null) {
                        lines.add(line);
                        if (line.contains("export AWS_ENDPOINT_URL=")) {
                            return line.substring(line.indexOf('=') + 1).trim();
                        }
                    }
                    return null;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).get(60, TimeUnit.SECONDS);
            assertThat(endpoint).as("output: %s", lines).startsWith("http://127.0.0.1:");
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("account 123456789012").contains("PutEvents 50.0 TPS"));

            try (EventBridgeClient events = EventBridgeClient.builder().endpointOverride(URI.create(endpoint))
                    .region(Region.EU_WEST_1).httpClient(UrlConnectionHttpClient.create())
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"))).build()) {
                assertThat(events.describeEventBus(b -> b.name("default")).arn())
                        .isEqualTo("arn:aws:events:eu-west-1:123456789012:event-bus/default");
            }
        } finally {
            process.destroy();
        }
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the emulator stops on SIGTERM").isTrue();
    }

    @Test
    void help_listsTheCommands() {
        var buffer = new java.io.ByteArrayOutputStream();
        var original = System.out;
        System.setOut(new java.io.PrintStream(buffer, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run("--help");
        } finally {
            System.setOut(original);
        }
        assertThat(code).isZero();
        assertThat(buffer.toString(StandardCharsets.UTF_8)).contains("emulator").contains("bench");
    }
}

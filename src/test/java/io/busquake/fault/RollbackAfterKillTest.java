package io.busquake.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.busquake.cli.Main;
import io.busquake.scenario.Target;
import io.busquake.target.RunTarget;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A standalone {@code busquake emulator} in one process, a run injecting faults against it from a second process
 * that is killed with kill -9 while every fault is in effect, then {@code busquake rollback}: the topology is back,
 * attribute by attribute, and a second rollback changes nothing.
 */
class RollbackAfterKillTest {
    private static final String FAULTS = """
            faults:
              - type: deny-target
                target: orders
                startAfter: 0s
                duration: 10m
              - type: break-dlq
                target: orders-dlq
                startAfter: 0s
                duration: 10m
              - type: target-errors
                target: orders
                startAfter: 0s
                duration: 10m
              - type: delete-target
                target: payments
                startAfter: 0s
                duration: 10m
              - type: disable-rule
                target: payments-to-queue
                startAfter: 0s
                duration: 10m
              - type: squeeze-quota
                tps: 5
                startAfter: 0s
                duration: 10m
              - type: slow-consumer
                target: orders
                processingTime: 40s
                startAfter: 0s
                duration: 10m
            """;

    @TempDir
    Path dir;
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
    }

    private Process java(String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        processes.add(process);
        return process;
    }

    /** Reads the process's output until a line matches; answers every line read. */
    private static List<String> readUntil(BufferedReader out, List<String> lines, Predicate<List<String>> done)
            throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while (!done.test(lines) && (line = out.readLine()) != null) {
                    lines.add(line);
                }
                return lines;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).get(120, TimeUnit.SECONDS);
    }

    private static String rollback(Path runDir) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            assertThat(Main.run("rollback", runDir.toString())).isZero();
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void runKilledMidFault_isRestoredByRollback_andASecondRollbackChangesNothing() throws Exception {
        Process emulator = java(Main.class.getName(), "emulator", "--port", "0");
        BufferedReader emulatorOut = new BufferedReader(new InputStreamReader(emulator.getInputStream(),
                StandardCharsets.UTF_8));
        List<String> emulatorLines = readUntil(emulatorOut, new ArrayList<>(),
                lines -> lines.stream().anyMatch(l -> l.contains("export AWS_ENDPOINT_URL=")));
        String endpoint = emulatorLines.stream().filter(l -> l.contains("export AWS_ENDPOINT_URL=")).findFirst()
                .map(l -> l.substring(l.indexOf('=') + 1).trim()).orElseThrow();

        String yaml = "target:\n  type: endpoint\n  endpoint: " + endpoint + "\n  credentials:\n    type: test\n"
                + FaultRig.BASE.formatted(30).replace("duration: 5m", "duration: 15m")
                .replace("""
                          queues:
                        """, """
                            payments-to-queue:
                              bus: orders
                              pattern:
                                source: [com.example.payments]
                              targets:
                                - queue: payments
                                  deadLetterQueue: orders-dlq
                          queues:
                            payments:
                        """).replace("faults:\n", FAULTS);
        Path scenario = dir.resolve("kill.yaml");
        Files.writeString(scenario, yaml);
        Path runDir = dir.resolve("results").resolve("run-1");

        Process run = java(FaultRunnerMain.class.getName(), scenario.toString(), runDir.toString());
        BufferedReader runOut = new BufferedReader(new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8));
        List<String> runLines = readUntil(runOut, new ArrayList<>(), lines -> lines.contains("provisioned"));
        assertThat(runLines).as("the run's output").contains("provisioned");

        try (RunTarget target = RunTarget.endpoint(URI.create(endpoint), "us-east-1", Target.LOCAL_ACCOUNT,
                new Target.Credentials(Target.Credentials.Source.TEST, Optional.empty()))) {
            Map<String, String> before = Topologies.snapshot(target, "orders");

            try (Writer in = new java.io.OutputStreamWriter(run.getOutputStream(), StandardCharsets.UTF_8)) {
                in.write("go\n");
                in.flush();
                readUntil(runOut, runLines, lines -> lines.stream().filter(l -> l.contains(") started:")).count() == 7);
                Map<String, String> during = Topologies.snapshot(target, "orders");
                assertThat(during).isNotEqualTo(before);
                assertThat(during.keySet()).noneMatch(k -> k.contains("/payments "));

                run.destroyForcibly();
                assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
            } catch (IOException e) {
                // The killed process's stdin is gone; nothing to close.
            }
            assertThat(runLines).noneMatch(l -> l.contains(") ended"));

            String first = rollback(runDir);
            assertThat(first).contains("rollback " + runDir + ": 6 restored, 1 already as before, 0 failed")
                    .contains("restored delete-target (delete-target) queue payments: queue payments recreated")
                    .contains("unchanged slow-consumer (slow-consumer) consumer orders: slow-consumer on consumer"
                            + " orders: lived in the run's process and ended with it");
            assertThat(Topologies.snapshot(target, "orders")).isEqualTo(before);

            String second = rollback(runDir);
            assertThat(second).contains("nothing to restore");
            assertThat(Topologies.snapshot(target, "orders")).isEqualTo(before);
        }
    }
}

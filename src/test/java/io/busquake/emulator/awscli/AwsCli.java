package io.busquake.emulator.awscli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.busquake.emulator.Emulator;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** One AWS CLI binary, run as a child process against the emulator with the environment the README tells users to set. */
final class AwsCli {
    private static final long TIMEOUT_SECONDS = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path binary;
    private final Emulator emulator;
    private final Path workDir;

    AwsCli(Path binary, Emulator emulator, Path workDir) {
        this.binary = binary;
        this.emulator = emulator;
        this.workDir = workDir;
    }

    /** The first {@code aws} on the PATH other than Debian's package (/usr/bin/aws), if any. */
    static Optional<Path> onPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "aws");
            if (Files.isExecutable(candidate) && !candidate.toAbsolutePath().normalize().equals(debian())) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static Path debian() {
        return Path.of("/usr/bin/aws");
    }

    /** The outcome of one CLI call. */
    record Result(int exitCode, String stdout, String stderr) {
        JsonNode json() {
            try {
                return stdout.isBlank() ? JSON.createObjectNode() : JSON.readTree(stdout);
            } catch (IOException e) {
                throw new AssertionError("the CLI did not print JSON: " + stdout + "\nstderr: " + stderr, e);
            }
        }
    }

    /** Runs {@code aws <args>} and fails the test unless it exits 0. */
    JsonNode ok(String... args) {
        Result r = run(args);
        if (r.exitCode != 0) {
            throw new AssertionError("aws " + String.join(" ", args) + " exited " + r.exitCode + "\nstdout: " + r.stdout
                    + "\nstderr: " + r.stderr);
        }
        return r.json();
    }

    Result run(String... args) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        // Debian's CLI 2.9 predates AWS_ENDPOINT_URL, so the endpoint is also given on the command line.
        command.add("--endpoint-url");
        command.add(emulator.endpoint().toString());
        command.add("--output");
        command.add("json");
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        Map<String, String> env = pb.environment();
        env.put("AWS_ENDPOINT_URL", emulator.endpoint().toString());
        env.put("AWS_REGION", emulator.region().id());
        env.put("AWS_DEFAULT_REGION", emulator.region().id());
        env.put("AWS_ACCESS_KEY_ID", "busquake");
        env.put("AWS_SECRET_ACCESS_KEY", "busquake");
        env.put("AWS_PAGER", "");
        // Keep the developer's own profiles and credentials out of the test.
        env.put("AWS_CONFIG_FILE", workDir.resolve("no-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", workDir.resolve("no-credentials").toString());
        env.remove("AWS_PROFILE");
        env.remove("AWS_SESSION_TOKEN");
        Path out = workDir.resolve("stdout.txt");
        Path err = workDir.resolve("stderr.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        try {
            Process process = pb.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("aws " + String.join(" ", args) + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + binary, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Writes a file the CLI reads with {@code file://name}. */
    String file(String name, String content) {
        try {
            Files.writeString(workDir.resolve(name), content, StandardCharsets.UTF_8);
            return "file://" + workDir.resolve(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.busquake.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar target/busquake.jar <command>}.
 *
 * <pre>{@code
 * java -jar target/busquake.jar --help
 * java -jar target/busquake.jar emulator --port 4566
 * }</pre>
 */
@Command(name = "busquake", mixinStandardHelpOptions = true, version = "busquake 0.1.0",
        description = "Event-traffic load and chaos tester for Amazon EventBridge.",
        subcommands = {EmulatorCommand.class, BenchCommand.class, RollbackCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and answers its exit code. */
    public static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }
}

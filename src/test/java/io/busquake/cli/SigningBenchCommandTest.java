package io.busquake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Runs the microbenchmark for a handful of operations: that it works and says what it measured, not how fast. */
class SigningBenchCommandTest {

    private static String run(StringWriter err, String... args) {
        StringWriter out = new StringWriter();
        CommandLine line = new CommandLine(new Main());
        line.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        int exit = line.execute(args);
        return exit + "\n" + out;
    }

    @Test
    void benchSigning_reportsEachPieceOfTheLoadSidesWorkPerRequest() {
        String output = run(new StringWriter(), "bench", "signing", "--entries", "3", "--operations", "20",
                "--rounds", "1");

        assertThat(output).startsWith("0\n").contains("3 entries per request").contains("body (PutEventsLoad.next)")
                .contains("SHA-256 of the body").contains("SigV4, cached key (main job)")
                .contains("SigV4, SDK signer per request").contains("body + answer check");
    }

    @Test
    void benchSigning_withElevenEntries_isRefusedWithTheAllowedRange() {
        StringWriter err = new StringWriter();

        assertThat(run(err, "bench", "signing", "--entries", "11")).startsWith("2\n");
        assertThat(err.toString()).contains("--entries must be 1-10").contains("but was 11");
    }
}

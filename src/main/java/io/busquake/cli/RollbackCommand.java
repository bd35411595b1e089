package io.busquake.cli;

import io.busquake.fault.FaultTimeline;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Restores what a crashed run's faults left changed, from its journal. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Undo the faults a run left in effect (after a crash or kill -9), from"
                + " <run-dir>/faults.journal. Restores only what still differs; running it again changes nothing.")
public final class RollbackCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<run-dir>", description = "The run's results directory, results/<run-id>.")
    private Path runDir;

    @Override
    public Integer call() {
        try {
            FaultTimeline.RollbackResult result = FaultTimeline.rollback(runDir, System.out);
            return result.failed() == 0 ? 0 : 1;
        } catch (RuntimeException e) {
            System.err.println("rollback " + runDir + " failed: " + e.getMessage());
            return 2;
        }
    }
}

package io.busquake.fault;

import io.busquake.clock.SchedulingClock;
import io.busquake.provision.Provisioner;
import io.busquake.scenario.Scenario;
import io.busquake.scenario.ScenarioLoader;
import io.busquake.target.RunTarget;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A run's fault side in its own JVM, for the kill -9 test: provisions the scenario's topology on its endpoint, prints
 * {@code provisioned}, waits for a line on stdin, starts the fault timeline on the wall clock and waits to be killed.
 */
public final class FaultRunnerMain {
    private FaultRunnerMain() {
    }

    public static void main(String[] args) throws Exception {
        Scenario scenario = ScenarioLoader.load(Path.of(args[0]));
        RunTarget target = RunTarget.start(scenario.target());
        Provisioner.provision(target, scenario.topology());
        System.out.println("provisioned");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        in.readLine();
        FaultTimeline timeline = FaultTimeline.prepare(scenario, target,
                FaultTimeline.Options.of(SchedulingClock.system(), Path.of(args[1]), System.out));
        timeline.start();
        in.readLine();
    }
}

/**
 * The lifecycle of one run, in one place: load the scenario, start the target, provision the topology, (start
 * consumers and schedule faults: later issues), hand the load to Gatling, settle, verify (a no-op hook until the
 * verifier lands), write results, tear down. {@link io.busquake.run.Run} is the entry; the Gatling simulation's
 * {@code before()} and {@code after()}, the CLI and the tests all drive it.
 */
package io.busquake.run;

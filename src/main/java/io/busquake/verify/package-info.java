/**
 * The verifier: after a run, decides every expectation of the scenario's {@code expect} block with the evidence that
 * decided it, and returns the {@link io.busquake.verify.Verdict}.
 *
 * <p>{@link io.busquake.verify.Verifier} is the door. It reads the {@link io.busquake.ledger.Ledger} (accepted,
 * expected to match, delivered, dead-lettered, processed; end-to-end latency), CloudWatch's DescribeAlarmHistory on
 * the run's target, and the figures the run hands it in {@link io.busquake.verify.RunFacts} (fault windows, ingest
 * counts, PutEvents latency). An expectation the target cannot show is {@code not-verifiable}: it fails the verdict
 * unless the scenario lists it in {@code allowNotVerifiable}, and it is never reported as passed. This package knows
 * {@code ledger}, {@code scenario} and {@code target} only.
 */
package io.busquake.verify;

/**
 * Measures the load side on its own: {@link io.busquake.load.bench.NullEndpoint}, a Netty HTTP server that answers
 * every PutEvents with a fixed 200 (one EventId per entry sent) and does nothing else; the rate ladder a benchmark
 * run climbs ({@link io.busquake.load.bench.Ladder}) and the meter that decides which of its steps were sustained
 * ({@link io.busquake.load.bench.StepMeter}); and the SDK's SigV4 signer called per request
 * ({@link io.busquake.load.bench.SdkSigner}), the before-figure for the cached-key signer the main job uses. The
 * Gatling benchmark ({@code simulations/.../PutEventsBenchmark}) and {@code bench/gatling-bench.sh} are built on it.
 */
package io.busquake.load.bench;

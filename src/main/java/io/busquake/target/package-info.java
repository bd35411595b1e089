/**
 * What a run talks to: the embedded endpoint (started here), or any endpoint URL (a standalone
 * {@code busquake emulator}, moto, LocalStack). {@link io.busquake.target.RunTarget} knows the endpoint, Region,
 * account and credentials, and builds the SDK v2 clients for them; it is the only place that knows which kind of
 * target a run has.
 */
package io.busquake.target;

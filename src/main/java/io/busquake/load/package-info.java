/**
 * The PutEvents load: request bodies in AWS JSON 1.1, SigV4 signing with a signing key derived once per day, the
 * event generator (every detail carries a {@code busquake} object: run id, injector, sequence number, idempotency
 * key, sent-at in microseconds), the producer-retry model, and the per-entry outcomes file. It knows nothing of
 * Gatling: the simulation asks {@link io.busquake.load.PutEventsLoad} for the next request, its signed headers, and
 * hands back the response.
 */
package io.busquake.load;

/**
 * Measures the load side on its own: {@link io.busquake.load.bench.NullEndpoint}, a Netty HTTP server that answers
 * every PutEvents with a fixed 200 (one EventId per entry sent) and does nothing else.
 */
package io.busquake.load.bench;

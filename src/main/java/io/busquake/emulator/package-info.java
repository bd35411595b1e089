/**
 * The embedded endpoint: EventBridge over AWS JSON 1.1 and SQS (ElasticMQ) on one port, with the retries,
 * dead-letter queues, throttling and AWS/Events metrics that busquake's verdicts depend on. Start here:
 * {@link io.busquake.emulator.Emulator}. Faults without a resource-state form are set through
 * {@link io.busquake.emulator.FaultControls}. This area knows nothing of the rest of busquake; busquake reaches it only
 * over AWS's wire protocols and the fault-control API, exactly as it reaches AWS.
 */
package io.busquake.emulator;

/**
 * The embedded CloudWatch behind the endpoint: metrics (AWS/Events from the EventBridge half, AWS/SQS sampled from
 * ElasticMQ, and PutMetricData's) served over Smithy RPC v2 CBOR, AWS JSON 1.0 and the query protocol, and metric
 * alarms evaluated on the emulator's clock by CloudWatch's rules for M-of-N datapoints and missing data. Start at
 * {@link io.busquake.emulator.internal.cloudwatch.CloudWatchService}; {@code AlarmBench} measures an evaluation round.
 */
package io.busquake.emulator.internal.cloudwatch;

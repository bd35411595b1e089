package io.busquake.emulator.internal.http;

/** A service served on the endpoint: EventBridge, SQS, CloudWatch or the fault-control API. */
@FunctionalInterface
public interface ServiceHandler {
    ApiResponse handle(ApiRequest request) throws Exception;
}

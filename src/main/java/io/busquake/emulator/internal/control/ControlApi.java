package io.busquake.emulator.internal.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.busquake.emulator.FaultControls;
import io.busquake.emulator.TargetFault;
import io.busquake.emulator.internal.AwsException;
import io.busquake.emulator.internal.Json;
import io.busquake.emulator.internal.http.ApiRequest;
import io.busquake.emulator.internal.http.ApiResponse;
import io.busquake.emulator.internal.http.ServiceHandler;

/**
 * The fault-control API over HTTP, on the endpoint's own port, for a busquake run in another process:
 * <ul>
 *   <li>{@code GET /_busquake/faults}: every target fault and the current quotas;</li>
 *   <li>{@code PUT /_busquake/faults/targets} with {@code {"arn":..., "errorCode":..., "retriable":..., "fraction":...,
 *       "latencyMillis":..., "timeout":...}}: sets a target's fault;</li>
 *   <li>{@code DELETE /_busquake/faults/targets?arn=...}: clears it;</li>
 *   <li>{@code PUT /_busquake/faults/quotas} with {@code {"putEventsTps":..., "invocationsTps":...}}: overrides quotas;</li>
 *   <li>{@code DELETE /_busquake/faults/quotas}: restores the defaults; {@code DELETE /_busquake/faults}: clears all.</li>
 * </ul>
 */
public final class ControlApi implements ServiceHandler {
    private final FaultControls faults;

    public ControlApi(FaultControls faults) {
        this.faults = faults;
    }

    @Override
    public ApiResponse handle(ApiRequest request) throws Exception {
        String path = request.path();
        String method = request.method();
        try {
            if (path.equals("/_busquake/faults") && method.equals("GET")) {
                return ok(snapshot());
            }
            if (path.equals("/_busquake/faults") && method.equals("DELETE")) {
                faults.clearAll();
                return ok(snapshot());
            }
            if (path.equals("/_busquake/faults/targets") && method.equals("PUT")) {
                JsonNode body = Json.MAPPER.readTree(request.body());
                String arn = body.path("arn").asText(null);
                if (arn == null) {
                    throw AwsException.validation("a target fault needs \"arn\": the ARN of the queue or bus");
                }
                faults.target(arn, new TargetFault(body.path("errorCode").asText(null),
                        body.path("retriable").asBoolean(true), body.path("fraction").asDouble(1.0),
                        body.path("latencyMillis").asLong(0), body.path("timeout").asBoolean(false)));
                return ok(snapshot());
            }
            if (path.equals("/_busquake/faults/targets") && method.equals("DELETE")) {
                String arn = request.formParameters().get("arn");
                if (arn == null) {
                    throw AwsException.validation("name the target to clear: DELETE /_busquake/faults/targets?arn=<ARN>");
                }
                faults.clearTarget(arn);
                return ok(snapshot());
            }
            if (path.equals("/_busquake/faults/quotas") && method.equals("PUT")) {
                JsonNode body = Json.MAPPER.readTree(request.body());
                if (body.has("putEventsTps")) {
                    faults.putEventsTps(body.get("putEventsTps").asDouble());
                }
                if (body.has("invocationsTps")) {
                    faults.invocationsTps(body.get("invocationsTps").asDouble());
                }
                return ok(snapshot());
            }
            if (path.equals("/_busquake/faults/quotas") && method.equals("DELETE")) {
                faults.resetQuotas();
                return ok(snapshot());
            }
        } catch (IllegalArgumentException e) {
            throw AwsException.validation(e.getMessage());
        }
        throw new AwsException("NotFound", 404, "no control operation " + method + " " + path
                + "; see the README's fault-control section");
    }

    private ObjectNode snapshot() {
        ObjectNode out = Json.object();
        ObjectNode targets = out.putObject("targets");
        faults.targetFaults().forEach((arn, f) -> targets.set(arn, Json.MAPPER.valueToTree(f)));
        out.putObject("quotas").put("putEventsTps", faults.quotas().putEventsTps())
                .put("invocationsTps", faults.quotas().invocationsTps());
        return out;
    }

    private static ApiResponse ok(ObjectNode body) {
        return ApiResponse.text(200, "application/json", Json.write(body));
    }
}

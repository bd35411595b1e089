package io.busquake.fault.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The endpoint's documented fault-control API ({@code <endpoint>/_busquake/faults}) over HTTP, so faults that have no
 * resource-state form work the same against the embedded endpoint and a standalone {@code busquake emulator}.
 */
public final class ControlPath {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public ControlPath(URI endpoint) {
        String text = endpoint.toString();
        this.base = URI.create((text.endsWith("/") ? text.substring(0, text.length() - 1) : text) + "/_busquake/faults");
    }

    public URI uri() {
        return base;
    }

    /** Whether the endpoint serves the control API; empty when it does, else why not. */
    public Optional<String> unavailableReason() {
        try {
            HttpResponse<String> response = send(HttpRequest.newBuilder(base).GET());
            return response.statusCode() == 200 ? Optional.empty()
                    : Optional.of("GET " + base + " answered HTTP " + response.statusCode());
        } catch (IllegalStateException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Every target fault and the current quotas: {@code {"targets":{arn:{...}}, "quotas":{...}}}. */
    public JsonNode snapshot() {
        return body(send(HttpRequest.newBuilder(base).GET()));
    }

    /** The fault set on {@code arn}, if any. */
    public Optional<JsonNode> targetFault(String arn) {
        JsonNode fault = snapshot().path("targets").get(arn);
        return Optional.ofNullable(fault);
    }

    public void setTargetFault(String arn, JsonNode fault) {
        ObjectNode body = fault.deepCopy();
        body.put("arn", arn);
        body(send(HttpRequest.newBuilder(URI.create(base + "/targets")).PUT(json(body))));
    }

    public void clearTargetFault(String arn) {
        body(send(HttpRequest.newBuilder(URI.create(base + "/targets?arn="
                + URLEncoder.encode(arn, StandardCharsets.UTF_8))).DELETE()));
    }

    public double putEventsTps() {
        return snapshot().path("quotas").path("putEventsTps").asDouble();
    }

    public void setPutEventsTps(double tps) {
        ObjectNode body = JSON.createObjectNode().put("putEventsTps", tps);
        body(send(HttpRequest.newBuilder(URI.create(base + "/quotas")).PUT(json(body))));
    }

    private static HttpRequest.BodyPublisher json(JsonNode body) {
        return HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(TIMEOUT).header("Content-Type", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("the fault-control API at " + base + " could not be reached ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling " + base, e);
        }
    }

    private JsonNode body(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri()
                    + " answered HTTP " + response.statusCode() + ": " + response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(base + " answered something that is not JSON: " + response.body(), e);
        }
    }
}

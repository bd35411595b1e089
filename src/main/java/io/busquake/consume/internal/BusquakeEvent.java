package io.busquake.consume.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.busquake.ledger.Ledger;
import java.util.Optional;

/**
 * The busquake fields of an EventBridge event as SQS delivers it: {@code detail.busquake} holds runId, injector,
 * seq, key and sentAtMicros.
 */
public record BusquakeEvent(String runId, String injector, long seq, String key, long sentAtMicros) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The event in an SQS message body, or empty when the body is not a busquake event. */
    public static Optional<BusquakeEvent> parse(String body) {
        JsonNode busquake;
        try {
            busquake = JSON.readTree(body).path("detail").path("busquake");
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        JsonNode seq = busquake.path("seq");
        JsonNode key = busquake.path("key");
        JsonNode sentAt = busquake.path("sentAtMicros");
        if (!seq.canConvertToLong() || !seq.isIntegralNumber() || !key.isTextual() || key.asText().isBlank()
                || !sentAt.isIntegralNumber() || seq.asLong() < 0 || seq.asLong() > Ledger.MAX_SEQ) {
            return Optional.empty();
        }
        return Optional.of(new BusquakeEvent(busquake.path("runId").asText(""), busquake.path("injector").asText(""),
                seq.asLong(), key.asText(), sentAt.asLong()));
    }
}

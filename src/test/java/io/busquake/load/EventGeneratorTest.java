package io.busquake.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.busquake.load.internal.DetailTemplate;
import io.busquake.load.internal.EventGenerator;
import io.busquake.scenario.ScenarioLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventGeneratorTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void entry_carriesTheBusquakeObject_theTemplateFields_andIsPaddedToTheTargetSize() throws Exception {
        var load = ScenarioLoader.load(Path.of("scenarios/smoke.yaml")).load();
        EventGenerator generator = new EventGenerator(load, "run-1", "i2");
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        PutEventsCall.Entry first = generator.next(now, 1_767_225_600_000_000L);
        PutEventsCall.Entry second = generator.next(now, 1_767_225_600_000_001L);

        JsonNode entry = json.readTree(second.entryJson());
        assertThat(entry.path("Source").asText()).isEqualTo("com.example.orders");
        assertThat(entry.path("DetailType").asText()).isIn("OrderPlaced", "OrderCancelled");
        assertThat(entry.path("EventBusName").asText()).isEqualTo("orders");
        String detailText = entry.path("Detail").asText();
        assertThat(detailText.getBytes(StandardCharsets.UTF_8)).hasSize(512);
        JsonNode detail = json.readTree(detailText);
        assertThat(detail.path("busquake").toString()).isEqualTo("{\"runId\":\"run-1\",\"injector\":\"i2\","
                + "\"seq\":1,\"key\":\"run-1:i2:1\",\"sentAtMicros\":1767225600000001}");
        assertThat(detail.path("orderId").asText()).hasSize(36);
        assertThat(detail.path("customer").asText()).matches("c-([1-9][0-9]{0,2}|1000)");
        assertThat(first.seq()).isZero();
        assertThat(second.seq()).isEqualTo(1);
        assertThat(generator.generated()).isEqualTo(2);
    }

    @Test
    void template_withAnUnknownPlaceholder_isRejectedNamingIt() {
        assertThatThrownBy(() -> DetailTemplate.compile("{\"a\":\"${nope}\"}"))
                .hasMessageContaining("unknown placeholder ${nope}")
                .hasMessageContaining("${randomInt(a,b)}");
    }
}

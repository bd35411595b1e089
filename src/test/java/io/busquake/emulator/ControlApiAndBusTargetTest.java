package io.busquake.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

class ControlApiAndBusTargetTest {
    private final EmulatorFixture fx = new EmulatorFixture();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        fx.close();
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(fx.emulator.endpoint() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void faultsSetOverHttp_areTheFaultsTheEndpointApplies() throws Exception {
        String arn = fx.emulator.queueArn("orders");
        var put = call("PUT", "/_busquake/faults/targets",
                "{\"arn\":\"" + arn + "\",\"errorCode\":\"THROTTLING\",\"retriable\":true,\"fraction\":0.25}");
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(fx.emulator.faults().targetFault(arn)).contains(TargetFault.failing("THROTTLING", true, 0.25));

        call("PUT", "/_busquake/faults/quotas", "{\"putEventsTps\":7}");
        assertThat(fx.emulator.faults().quotas().putEventsTps()).isEqualTo(7);
        assertThat(call("GET", "/_busquake/faults", null).body()).contains(arn).contains("\"putEventsTps\":7.0");

        call("DELETE", "/_busquake/faults/targets?arn=" + arn, null);
        assertThat(fx.emulator.faults().targetFault(arn)).isEmpty();
        call("DELETE", "/_busquake/faults", null);
        assertThat(fx.emulator.faults().quotas()).isEqualTo(Quotas.defaultsFor("us-east-1"));
    }

    @Test
    void badFaultRequest_isRefusedWithTheReason() throws Exception {
        var response = call("PUT", "/_busquake/faults/targets", "{\"arn\":\"x\",\"errorCode\":\"E\",\"fraction\":2}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("fraction must be between 0 and 1, but was 2.0");
    }

    @Test
    void ruleWhoseTargetIsAnotherBus_deliversThroughThatBusRules() {
        fx.events.createEventBus(b -> b.name("downstream"));
        String url = fx.queueForEvents("sink");
        fx.events.putRule(b -> b.name("forward").eventPattern("{\"source\":[\"shop\"]}"));
        fx.events.putTargets(b -> b.rule("forward").targets(t -> t.id("bus")
                .arn("arn:aws:events:us-east-1:000000000000:event-bus/downstream")));
        fx.events.putRule(b -> b.name("collect").eventBusName("downstream").eventPattern("{\"source\":[\"shop\"]}"));
        fx.events.putTargets(b -> b.rule("collect").eventBusName("downstream")
                .targets(t -> t.id("q").arn(fx.emulator.queueArn("sink"))));

        fx.events.putEvents(b -> b.entries(PutEventsRequestEntry.builder().source("shop").detailType("t")
                .detail("{\"n\":1}").build()));
        fx.settle();

        assertThat(fx.drain(url)).singleElement().satisfies(m -> assertThat(m.body()).contains("\"n\":1"));
    }
}

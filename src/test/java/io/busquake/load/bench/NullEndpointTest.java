package io.busquake.load.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.busquake.target.RunTarget;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

class NullEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void theSdkClient_getsOneEventIdPerEntry_andTheEndpointCountsTheSignedRequest() {
        try (NullEndpoint endpoint = NullEndpoint.start();
             EventBridgeClient events = EventBridgeClient.builder().endpointOverride(endpoint.endpoint())
                     .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                             RunTarget.TEST_ACCESS_KEY_ID, RunTarget.TEST_SECRET_ACCESS_KEY))).build()) {
            List<PutEventsRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                entries.add(PutEventsRequestEntry.builder().source("shop").detailType("OrderPlaced")
                        .detail("{\"id\":" + i + ",\"lines\":[{\"sku\":\"a\"},{\"sku\":\"}{\"}]}").build());
            }

            PutEventsResponse response = events.putEvents(b -> b.entries(entries));

            assertThat(response.failedEntryCount()).isZero();
            assertThat(response.entries()).hasSize(7).extracting(PutEventsResultEntry::eventId).doesNotContainNull()
                    .doesNotHaveDuplicates();
            assertThat(endpoint.requests()).isEqualTo(1);
            assertThat(endpoint.signedRequests()).isEqualTo(1);
            assertThat(endpoint.entries()).isEqualTo(7);
        }
    }

    @Test
    void requestsOnOneKeptAliveConnection_eachGetTheirOwnAnswer() throws Exception {
        try (NullEndpoint endpoint = NullEndpoint.start()) {
            for (int n = 0; n <= 12; n++) {
                HttpResponse<String> response = http.send(post(endpoint, HttpRequest.BodyPublishers.ofString(
                        body(n))), HttpResponse.BodyHandlers.ofString());

                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValue("content-type")).hasValue("application/x-amz-json-1.1");
                JsonNode answer = JSON.readTree(response.body());
                assertThat(answer.path("Entries")).hasSize(n);
                assertThat(answer.path("FailedEntryCount").asInt(-1)).isZero();
            }
            assertThat(endpoint.requests()).isEqualTo(13);
            assertThat(endpoint.signedRequests()).isZero();
            assertThat(endpoint.entries()).isEqualTo(78);
            assertThat(endpoint.connections()).isEqualTo(1);
            assertThat(endpoint.peakConnections()).isEqualTo(1);
        }
    }

    @Test
    void aChunkedBody_isCountedAsItStreamsIn() throws Exception {
        try (NullEndpoint endpoint = NullEndpoint.start()) {
            byte[] body = body(10).getBytes(StandardCharsets.UTF_8);
            // A publisher of unknown length: the JDK client sends it with Transfer-Encoding: chunked.
            HttpResponse<String> response = http.send(post(endpoint, HttpRequest.BodyPublishers.ofInputStream(
                    () -> new ByteArrayInputStream(body))), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).path("Entries")).hasSize(10);
        }
    }

    @Test
    void anythingButPost_isRefusedAndNotCounted() throws Exception {
        try (NullEndpoint endpoint = NullEndpoint.start()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint.endpoint()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(405);
            assertThat(response.body()).contains("POST only");
            assertThat(endpoint.requests()).isZero();
        }
    }

    private static HttpRequest post(NullEndpoint endpoint, HttpRequest.BodyPublisher body) {
        return HttpRequest.newBuilder(endpoint.endpoint()).header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "AWSEvents.PutEvents").POST(body).build();
    }

    private static String body(int entries) {
        StringBuilder body = new StringBuilder("{\"Entries\":[");
        for (int i = 0; i < entries; i++) {
            body.append(i == 0 ? "" : ",").append("{\"Source\":\"s\",\"DetailType\":\"t\",\"Detail\":\"{\\\"n\\\":")
                    .append(i).append(",\\\"x\\\":\\\"").append("y".repeat(500)).append("\\\"}\"}");
        }
        return body.append("]}").toString();
    }
}

package io.busquake.emulator.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The AWS JSON 1.0 and query protocols and the error shapes of all three, as raw HTTP over a socket. */
class WireProtocolTest {
    private static final String SCOPE = "AWS4-HMAC-SHA256 Credential=busquake/20260101/us-east-1/monitoring/"
            + "aws4_request, SignedHeaders=host, Signature=0";
    private final CloudWatchFixture f = new CloudWatchFixture();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void close() {
        f.close();
    }

    private HttpResponse<byte[]> jsonCall(String operation, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(f.fx.emulator.endpoint())
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "GraniteServiceVersion20100801." + operation)
                .header("Authorization", SCOPE)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<String> queryCall(String form) throws Exception {
        return http.send(HttpRequest.newBuilder(f.fx.emulator.endpoint())
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .header("Authorization", SCOPE)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void awsJson10_putsAndReadsMetrics_withEpochSecondTimestamps() throws Exception {
        HttpResponse<byte[]> put = jsonCall("PutMetricData", "{\"Namespace\":\"J\",\"MetricData\":[{\"MetricName\":"
                + "\"m\",\"Value\":4,\"Timestamp\":1767225601.5}]}");
        assertThat(put.statusCode()).isEqualTo(200);
        HttpResponse<byte[]> get = jsonCall("GetMetricData", "{\"StartTime\":1767225600,\"EndTime\":1767225900,"
                + "\"MetricDataQueries\":[{\"Id\":\"m\",\"MetricStat\":{\"Metric\":{\"Namespace\":\"J\",\"MetricName\":"
                + "\"m\"},\"Period\":60,\"Stat\":\"Sum\"}}]}");
        assertThat(get.headers().firstValue("content-type")).contains("application/x-amz-json-1.0");
        JsonNode result = json.readTree(get.body()).get("MetricDataResults").get(0);
        assertThat(result.get("Timestamps").get(0).asDouble()).isEqualTo(1767225600.0);
        assertThat(result.get("Values").get(0).asDouble()).isEqualTo(4.0);
    }

    @Test
    void awsJson10_error_carriesTypeAndQueryCompatibleHeader() throws Exception {
        HttpResponse<byte[]> r = jsonCall("PutMetricData", "{\"Namespace\":\"AWS/SQS\",\"MetricData\":[{\"MetricName\":"
                + "\"m\",\"Value\":4}]}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json.readTree(r.body()).get("__type").asText())
                .isEqualTo("com.amazonaws.cloudwatch#InvalidParameterValueException");
        assertThat(r.headers().firstValue("x-amzn-query-error")).contains("InvalidParameterValue;Sender");
    }

    @Test
    void rpcV2Cbor_error_isACborMapWithTheProtocolHeader() throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(f.fx.emulator.endpoint()
                        + "/service/GraniteServiceVersion20100801/operation/SetAlarmState"))
                .header("Content-Type", "application/cbor").header("smithy-protocol", "rpc-v2-cbor")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new ObjectMapper(new CBORFactory()).writeValueAsBytes(
                        java.util.Map.of("AlarmName", "nope", "StateValue", "OK", "StateReason", "x")))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("smithy-protocol")).contains("rpc-v2-cbor");
        assertThat(r.headers().firstValue("content-type")).contains("application/cbor");
        JsonNode body = new ObjectMapper(new CBORFactory()).readTree(r.body());
        assertThat(body.get("__type").asText()).isEqualTo("com.amazonaws.cloudwatch#ResourceNotFound");
        assertThat(body.get("message").asText()).contains("nope");
    }

    @Test
    void queryProtocol_answersXml_andErrorsAsErrorResponse() throws Exception {
        HttpResponse<String> put = queryCall("Action=PutMetricAlarm&Version=2010-08-01&AlarmName=q&Namespace=Q"
                + "&MetricName=m&Statistic=Sum&Period=60&EvaluationPeriods=1&Threshold=1"
                + "&ComparisonOperator=GreaterThanThreshold&Dimensions.member.1.Name=D&Dimensions.member.1.Value=v");
        assertThat(put.statusCode()).isEqualTo(200);
        HttpResponse<String> described = queryCall("Action=DescribeAlarms&Version=2010-08-01&AlarmNames.member.1=q");
        assertThat(described.body()).contains("<DescribeAlarmsResult><MetricAlarms><member><AlarmName>q</AlarmName>")
                .contains("<Dimensions><member><Name>D</Name><Value>v</Value></member></Dimensions>")
                .contains("<StateUpdatedTimestamp>2026-01-01T00:00:00Z</StateUpdatedTimestamp>");
        HttpResponse<String> error = queryCall("Action=DeleteAlarms&Version=2010-08-01&AlarmNames.member.1=nope");
        assertThat(error.statusCode()).isEqualTo(404);
        assertThat(error.body()).contains("<ErrorResponse").contains("<Type>Sender</Type>")
                .contains("<Code>ResourceNotFound</Code>");
    }
}

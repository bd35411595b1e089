package io.busquake.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.busquake.load.internal.CachedKeySigner;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

class CachedKeySignerTest {
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final String TARGET = "AWSEvents.PutEvents";

    @ParameterizedTest
    @CsvSource({
            "http://127.0.0.1:4566, 127.0.0.1:4566, us-east-1, 2026-01-01T00:00:00Z, false",
            "https://events.eu-west-1.amazonaws.com, events.eu-west-1.amazonaws.com, eu-west-1, 2026-11-27T23:59:59Z, false",
            "https://events.us-west-2.amazonaws.com, events.us-west-2.amazonaws.com, us-west-2, 2026-03-04T05:06:07Z, true"})
    void signature_matchesTheSdkSignerByteForByte(String endpoint, String host, String region, String at,
                                                  boolean session) {
        Instant now = Instant.parse(at);
        AwsCredentialsIdentity credentials = session
                ? AwsSessionCredentialsIdentity.create("ASIAEXAMPLE", "secret/with+chars", "token=abc/def")
                : AwsCredentialsIdentity.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        byte[] body = ("{\"Entries\":[{\"Source\":\"shop\",\"DetailType\":\"OrderPlaced\",\"Detail\":"
                + "\"{\\\"id\\\":7,\\\"name\\\":\\\"caf\u00e9\\\"}\"}]}").getBytes(StandardCharsets.UTF_8);

        Map<String, String> ours = new CachedKeySigner(region, "events", host, CONTENT_TYPE, TARGET)
                .sign(body, now, credentials);
        SdkHttpRequest sdk = sdkSigned(URI.create(endpoint), region, now, credentials, body);

        assertThat(ours.get("Authorization")).isEqualTo(sdk.firstMatchingHeader("Authorization").orElseThrow());
        assertThat(ours.get("X-Amz-Date")).isEqualTo(sdk.firstMatchingHeader("X-Amz-Date").orElseThrow());
        assertThat(ours.get("Host")).isEqualTo(sdk.firstMatchingHeader("Host").orElseThrow());
        assertThat(ours.get("X-Amz-Security-Token")).isEqualTo(sdk.firstMatchingHeader("X-Amz-Security-Token")
                .orElse(null));
    }

    @Test
    void signingKey_isDerivedOncePerDay_notPerRequest() {
        CachedKeySigner signer = new CachedKeySigner("us-east-1", "events", "localhost:1", CONTENT_TYPE, TARGET);
        AwsCredentialsIdentity credentials = AwsCredentialsIdentity.create("AKID", "secret");
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

        for (int i = 0; i < 1000; i++) {
            signer.sign(body, Instant.parse("2026-01-01T10:00:00Z").plusSeconds(i), credentials);
        }
        assertThat(signer.keyDerivations()).isEqualTo(1);

        signer.sign(body, Instant.parse("2026-01-02T00:00:00Z"), credentials);
        assertThat(signer.keyDerivations()).isEqualTo(2);
    }

    private static SdkHttpRequest sdkSigned(URI endpoint, String region, Instant now,
                                            AwsCredentialsIdentity credentials, byte[] body) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint)
                .encodedPath("/").putHeader("Content-Type", CONTENT_TYPE).putHeader("X-Amz-Target", TARGET).build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(credentials).request(request)
                .payload(ContentStreamProvider.fromInputStreamSupplier(() -> new ByteArrayInputStream(body)))
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "events")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4FamilyHttpSigner.SIGNING_CLOCK, Clock.fixed(now, ZoneOffset.UTC)));
        return signed.request();
    }
}

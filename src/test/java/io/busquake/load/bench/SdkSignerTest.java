package io.busquake.load.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.busquake.load.PutEventsLoad;
import io.busquake.load.internal.CachedKeySigner;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

class SdkSignerTest {
    @Test
    void theBeforeFigure_signsExactlyAsTheMainJobsSigner() {
        AwsCredentialsIdentity credentials = AwsCredentialsIdentity.create("AKIDEXAMPLE", "secret/key+");
        byte[] body = "{\"Entries\":[{\"Source\":\"a\",\"DetailType\":\"b\",\"Detail\":\"{}\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        Instant now = Instant.parse("2026-11-27T12:34:56Z");

        Map<String, String> sdk = new SdkSigner(URI.create("http://127.0.0.1:4566"), "us-east-1", "events")
                .sign(body, now, credentials);
        Map<String, String> cached = new CachedKeySigner("us-east-1", "events", "127.0.0.1:4566",
                PutEventsLoad.CONTENT_TYPE, PutEventsLoad.AMZ_TARGET).sign(body, now, credentials);

        cached.forEach((name, value) -> assertThat(sdk).as(name).containsEntry(name, value));
        assertThat(sdk).containsEntry("Content-Type", PutEventsLoad.CONTENT_TYPE)
                .containsEntry("X-Amz-Target", PutEventsLoad.AMZ_TARGET);
    }
}

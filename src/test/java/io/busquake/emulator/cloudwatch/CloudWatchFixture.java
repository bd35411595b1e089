package io.busquake.emulator.cloudwatch;

import io.busquake.emulator.EmulatorFixture;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/** The emulator on a virtual clock with an SDK v2 CloudWatch client (RPC v2 CBOR) pointed at it. */
final class CloudWatchFixture implements AutoCloseable {
    final EmulatorFixture fx = new EmulatorFixture();
    final CloudWatchClient cw = CloudWatchClient.builder().endpointOverride(fx.emulator.endpoint())
            .region(fx.emulator.region()).credentialsProvider(fx.emulator.credentials())
            .httpClient(UrlConnectionHttpClient.create()).build();

    Instant now() {
        return fx.clock.instant();
    }

    /** Moves virtual time on by whole minutes, one minute at a time, letting deliveries settle after each. */
    void minutes(int count) {
        fx.advance(Duration.ofMinutes(count), Duration.ofMinutes(1));
    }

    @Override
    public void close() {
        cw.close();
        fx.close();
    }
}

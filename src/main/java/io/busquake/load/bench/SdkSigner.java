package io.busquake.load.bench;

import io.busquake.load.PutEventsLoad;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * SigV4 for a PutEvents request the way a client calling the SDK's {@code AwsV4HttpSigner} per request does it: an
 * {@code SdkHttpRequest} built for every request, signed, and its headers copied out. This is the before-figure of
 * the benchmark; the main job signs with {@code PutEventsLoad.signedHeaders}, whose signing key is derived once per
 * day. Both give the same headers for the same body and instant.
 */
public final class SdkSigner {
    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    private final URI endpoint;
    private final String region;
    private final String service;

    /** @param endpoint the URL requests are POSTed to; its host and port are signed as the Host header */
    public SdkSigner(URI endpoint, String region, String service) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.region = Objects.requireNonNull(region, "region");
        this.service = Objects.requireNonNull(service, "service");
    }

    /**
     * Every header of the signed request: Host, X-Amz-Date, x-amz-content-sha256, Authorization, the session token
     * if any, and the {@link PutEventsLoad#HEADERS} it was built with (which must be sent as they are).
     */
    public Map<String, String> sign(byte[] body, Instant now, AwsCredentialsIdentity credentials) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint)
                .encodedPath("/");
        PutEventsLoad.HEADERS.forEach(request::putHeader);
        SignedRequest signed = SIGNER.sign(r -> r.identity(credentials).request(request.build())
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4FamilyHttpSigner.SIGNING_CLOCK, Clock.fixed(now, ZoneOffset.UTC)));
        Map<String, List<String>> headers = signed.request().headers();
        Map<String, String> out = new LinkedHashMap<>(headers.size() * 2);
        headers.forEach((name, values) -> out.put(name, values.get(0)));
        return out;
    }
}

package io.busquake.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The benchmark's PutEvents client: one keep-alive HTTP/1.1 connection, requests signed with the SDK's SigV4 signer,
 * and nothing else. The SDK's full client costs more CPU per request than the endpoint it measures, and both share
 * the same cores here.
 */
final class RawPutEventsClient implements AutoCloseable {
    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    private final URI endpoint;
    private final String region;
    private final AwsCredentialsIdentity credentials;
    private Socket socket;
    private OutputStream out;
    private InputStream in;

    RawPutEventsClient(URI endpoint, String region, AwsCredentialsIdentity credentials) {
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = credentials;
    }

    /** Sends one PutEvents body; answers FailedEntryCount, or -1 for a whole-request error. */
    int putEvents(byte[] body) throws IOException {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint)
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", "AWSEvents.PutEvents").build();
        SignedRequest signed = SIGNER.sign(r -> r.identity(credentials).request(request)
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "events")
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.systemUTC()));
        StringBuilder head = new StringBuilder(512).append("POST / HTTP/1.1\r\nHost: ").append(endpoint.getHost())
                .append(':').append(endpoint.getPort()).append("\r\nContent-Length: ").append(body.length).append("\r\n");
        for (Map.Entry<String, java.util.List<String>> h : signed.request().headers().entrySet()) {
            if (!h.getKey().equalsIgnoreCase("Host")) {
                head.append(h.getKey()).append(": ").append(h.getValue().get(0)).append("\r\n");
            }
        }
        head.append("\r\n");
        connect();
        try {
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return readResponse();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private void connect() throws IOException {
        if (socket == null) {
            socket = new Socket(endpoint.getHost(), endpoint.getPort());
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        }
    }

    private int readResponse() throws IOException {
        String status = line();
        int code = Integer.parseInt(status.split(" ")[1]);
        int length = 0;
        String l;
        while (!(l = line()).isEmpty()) {
            if (l.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Integer.parseInt(l.substring(15).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        if (code != 200) {
            return -1;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        int at = text.indexOf("\"FailedEntryCount\":");
        if (at < 0) {
            return 0;
        }
        int from = at + "\"FailedEntryCount\":".length();
        int to = from;
        while (to < text.length() && Character.isDigit(text.charAt(to))) {
            to++;
        }
        return Integer.parseInt(text.substring(from, to));
    }

    private String line() throws IOException {
        StringBuilder b = new StringBuilder(64);
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                b.append((char) c);
            }
        }
        if (c == -1 && b.length() == 0) {
            throw new IOException("connection closed by the endpoint");
        }
        return b.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // Closing a broken connection: nothing left to do.
            }
            socket = null;
        }
    }
}

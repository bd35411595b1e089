package io.busquake.cli;

import io.busquake.load.internal.CachedKeySigner;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The benchmark's PutEvents client: one keep-alive HTTP/1.1 connection, requests signed with SigV4 the way the main
 * job signs them (a signing key derived once a day, {@link CachedKeySigner}), and nothing else. The SDK's full
 * client costs more CPU per request than the endpoint it measures, and both share the same cores here.
 */
final class RawPutEventsClient implements AutoCloseable {
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final String TARGET = "AWSEvents.PutEvents";

    private final URI endpoint;
    private final AwsCredentialsIdentity credentials;
    private final CachedKeySigner signer;
    private Socket socket;
    private OutputStream out;
    private InputStream in;

    RawPutEventsClient(URI endpoint, String region, AwsCredentialsIdentity credentials) {
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.signer = new CachedKeySigner(region, "events", endpoint.getHost() + ":" + endpoint.getPort(),
                CONTENT_TYPE, TARGET);
    }

    /** Sends one PutEvents body; answers FailedEntryCount, or -1 for a whole-request error. */
    int putEvents(byte[] body) throws IOException {
        Map<String, String> signed = signer.sign(body, Instant.now(), credentials);
        StringBuilder head = new StringBuilder(512).append("POST / HTTP/1.1\r\nContent-Length: ").append(body.length)
                .append("\r\nContent-Type: ").append(CONTENT_TYPE).append("\r\nX-Amz-Target: ").append(TARGET)
                .append("\r\n");
        for (Map.Entry<String, String> h : signed.entrySet()) {
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
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
            // One write per request: head and body leave in one segment rather than two.
            out = new java.io.BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
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

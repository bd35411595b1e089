package io.busquake.emulator.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.busquake.emulator.Emulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The endpoint's HTTP/1.1 behaviour as clients rely on it, spoken over a raw socket: keep-alive and pipelining,
 * {@code Expect: 100-continue} (the AWS CLI sends it for larger bodies), {@code Connection: close}, and a clear 400
 * for a request that is not HTTP.
 */
class HttpFrontEndTest {
    private static Emulator emulator;

    @BeforeAll
    static void start() {
        emulator = Emulator.builder().build().start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static String listBuses(String extraHeaders, boolean close) {
        String body = "{}";
        return "POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: AWSEvents.ListEventBuses\r\n"
                + "Content-Type: application/x-amz-json-1.1\r\nContent-Length: " + body.length() + "\r\n"
                + extraHeaders + (close ? "Connection: close\r\n" : "") + "\r\n" + body;
    }

    /** Reads one response: status line and headers, then exactly Content-Length bytes of body. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return head.size() == 0 ? null : head.toString(StandardCharsets.ISO_8859_1);
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return headers + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static Socket connect() throws IOException {
        Socket s = new Socket(emulator.endpoint().getHost(), emulator.endpoint().getPort());
        s.setSoTimeout(10_000);
        return s;
    }

    @Test
    void keepsTheConnectionOpenAndAnswersPipelinedRequestsInOrder() throws IOException {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            String putEvents = "{\"Entries\":[{\"Source\":\"t\",\"DetailType\":\"d\",\"Detail\":\"{}\"}]}";
            out.write((listBuses("", false) + listBuses("", false)
                    + "POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: AWSEvents.PutEvents\r\n"
                    + "Content-Type: application/x-amz-json-1.1\r\nContent-Length: " + putEvents.length() + "\r\n\r\n"
                    + putEvents
                    + "POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: AWSEvents.DescribeRule\r\n"
                    + "Content-Type: application/x-amz-json-1.1\r\nContent-Length: 17\r\n\r\n{\"Name\":\"nosuch\"}")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            for (int i = 0; i < 2; i++) {
                String response = readResponse(in);
                assertThat(response).startsWith("HTTP/1.1 200 ").contains("\"Name\":\"default\"")
                        .containsIgnoringCase("x-amzn-RequestId:");
            }
            assertThat(readResponse(in)).as("PutEvents, answered after the two before it")
                    .startsWith("HTTP/1.1 200 ").contains("\"FailedEntryCount\":0");
            assertThat(readResponse(in)).startsWith("HTTP/1.1 400 ").contains("ResourceNotFoundException");
        }
    }

    @Test
    void answersExpectContinueBeforeTheBody() throws IOException {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            String request = listBuses("Expect: 100-continue\r\n", false);
            int bodyAt = request.indexOf("\r\n\r\n") + 4;
            out.write(request.substring(0, bodyAt).getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            assertThat(readResponse(in)).startsWith("HTTP/1.1 100 Continue");
            out.write(request.substring(bodyAt).getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200 ").contains("\"Name\":\"default\"");
        }
    }

    @Test
    void closesTheConnectionWhenTheClientAsks() throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write(listBuses("", true).getBytes(StandardCharsets.UTF_8));
            InputStream in = s.getInputStream();
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200 ").containsIgnoringCase("connection: close");
            assertThat(in.read()).as("end of stream after the response").isEqualTo(-1);
        }
    }

    @Test
    void answersGarbageWith400AndCloses() throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write("this is not HTTP\r\n\r\n".getBytes(StandardCharsets.UTF_8));
            InputStream in = s.getInputStream();
            assertThat(readResponse(in)).startsWith("HTTP/1.1 400 ");
            assertThat(in.read()).isEqualTo(-1);
        }
        // ...and the endpoint still serves everyone else.
        try (Socket s = connect()) {
            s.getOutputStream().write(listBuses("", true).getBytes(StandardCharsets.UTF_8));
            assertThat(readResponse(s.getInputStream())).startsWith("HTTP/1.1 200 ");
        }
    }
}

package io.busquake.emulator.internal.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.busquake.emulator.internal.AwsException;
import io.busquake.emulator.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP endpoint every service answers on. It tells services apart the way AWS's front ends do: by
 * {@code X-Amz-Target}, by the Smithy RPC v2 path, or, for the query protocol, by the service in the SigV4 scope.
 */
public final class EndpointServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointServer.class);
    public static final String CONTROL_PREFIX = "/_busquake/";

    static {
        // The JDK server writes headers and body separately; with Nagle's algorithm on, a client's delayed ACK then
        // holds every response back by about 40 ms. Read once, when the JDK's server configuration first loads.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private volatile Map<String, ServiceHandler> services;
    private volatile SigV4Verifier verifier;

    /**
     * @param services handlers by service key: {@code events}, {@code sqs}, {@code monitoring}, {@code control}
     */
    public EndpointServer(String host, int port, int threads, Map<String, ServiceHandler> services) throws IOException {
        this.services = Map.copyOf(services);
        this.server = HttpServer.create(new InetSocketAddress(host, port), 1024);
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "busquake-endpoint-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        server.setExecutor(executor);
        server.createContext("/", this::serve);
    }

    /** Checks every AWS request's signature against one secret from now on; null switches checking off. */
    public void setVerifier(SigV4Verifier verifier) {
        this.verifier = verifier;
    }

    /** Sets the services once they are built (some need the bound port first). */
    public void setServices(Map<String, ServiceHandler> services) {
        this.services = Map.copyOf(services);
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Which service a request is for, or null. */
    static String route(ApiRequest request) {
        if (request.path().startsWith(CONTROL_PREFIX)) {
            return "control";
        }
        String target = request.header("x-amz-target");
        if (target != null) {
            if (target.startsWith("AWSEvents.")) {
                return "events";
            }
            if (target.startsWith("AmazonSQS.")) {
                return "sqs";
            }
            if (target.startsWith("GraniteServiceVersion20100801.")) {
                return "monitoring";
            }
        }
        if (request.path().startsWith("/service/GraniteServiceVersion20100801/")) {
            return "monitoring";
        }
        String service = request.signingService();
        if (service != null) {
            return switch (service) {
                case "events" -> "events";
                case "sqs" -> "sqs";
                case "monitoring" -> "monitoring";
                default -> null;
            };
        }
        // Unsigned query-protocol requests: SQS addresses queues by path, CloudWatch never does.
        return request.formParameters().containsKey("Action") ? "sqs" : null;
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            ApiRequest request = read(exchange);
            String key = route(request);
            ServiceHandler handler = key == null ? null : services.get(key);
            ApiResponse response;
            if (handler == null) {
                response = ApiResponse.text(400, "application/json", Json.errorBody("UnknownOperationException",
                        "busquake does not serve " + (key == null ? "this request" : "the " + key + " service")));
            } else {
                try {
                    SigV4Verifier v = verifier;
                    if (v != null && !"control".equals(key)) {
                        v.verify(request);
                    }
                    response = handler.handle(request);
                } catch (AwsException e) {
                    response = errorResponse(request, e);
                } catch (Exception e) {
                    LOG.warn("internal error serving {} {}", request.method(), request.path(), e);
                    response = ApiResponse.text(500, "application/json", Json.errorBody("InternalException", "Internal error"));
                }
            }
            write(exchange, response);
        }
    }

    /** An error in the wire form the client speaks: AWS JSON, Smithy RPC v2 CBOR, or query-protocol XML. */
    static ApiResponse errorResponse(ApiRequest request, AwsException e) {
        if (request.header("x-amz-target") != null) {
            return ApiResponse.text(e.httpStatus(), "application/x-amz-json-1.0", Json.errorBody(e.code(), e.getMessage()));
        }
        if (request.path().startsWith("/service/")) {
            try {
                var body = new com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper().writeValueAsBytes(
                        java.util.Map.of("__type", e.code(), "message", e.getMessage()));
                return ApiResponse.of(e.httpStatus(), "application/cbor", body).withHeader("smithy-protocol", "rpc-v2-cbor");
            } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
                throw new IllegalStateException(ex);
            }
        }
        String xml = "<ErrorResponse><Error><Type>" + (e.senderFault() ? "Sender" : "Receiver") + "</Type><Code>"
                + xmlEscape(e.code()) + "</Code><Message>" + xmlEscape(e.getMessage()) + "</Message></Error><RequestId>"
                + java.util.UUID.randomUUID() + "</RequestId></ErrorResponse>";
        return ApiResponse.text(e.httpStatus(), "text/xml", xml);
    }

    private static String xmlEscape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static ApiRequest read(HttpExchange exchange) throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        return new ApiRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), headers, body);
    }

    private static void write(HttpExchange exchange, ApiResponse response) throws IOException {
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        if (!response.headers().containsKey("x-amzn-RequestId")) {
            exchange.getResponseHeaders().set("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
        }
        byte[] body = response.body() == null ? new byte[0] : response.body();
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

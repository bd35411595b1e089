package io.busquake.emulator.internal.http;

import io.busquake.emulator.internal.AwsException;
import io.busquake.emulator.internal.Ids;
import io.busquake.emulator.internal.Json;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
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


    /** I/O threads: the machine's cores, at most four; each also answers the PutEvents requests it reads. */
    private static final int IO_THREADS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    /** Larger than any AWS request busquake serves (PutEvents and PutMetricData stop at 1 MB). */
    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private final ExecutorService executor;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel serverChannel;
    private volatile Map<String, ServiceHandler> services;
    private volatile SigV4Verifier verifier;

    /**
     * Binds the port at once (some services need to know it), but accepts connections only from {@link #start()}.
     *
     * @param threads threads for the requests that may block (SQS, CloudWatch, control, the rest of EventBridge);
     *                PutEvents never blocks and is answered on the I/O thread that read it
     * @param services handlers by service key: {@code events}, {@code sqs}, {@code monitoring}, {@code control}
     */
    public EndpointServer(String host, int port, int threads, Map<String, ServiceHandler> services) throws IOException {
        this.services = Map.copyOf(services);
        this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                daemonThreads("busquake-endpoint"));
        this.boss = new MultiThreadIoEventLoopGroup(1, daemonThreads("busquake-accept"), NioIoHandler.newFactory());
        this.workers = new MultiThreadIoEventLoopGroup(IO_THREADS, daemonThreads("busquake-io"),
                NioIoHandler.newFactory());
        ServerBootstrap bootstrap = new ServerBootstrap().group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpServerKeepAliveHandler(),
                                new HttpObjectAggregator(MAX_BODY_BYTES), new Dispatch());
                    }
                });
        try {
            this.serverChannel = bootstrap.bind(new InetSocketAddress(host, port)).syncUninterruptibly().channel();
        } catch (Exception e) {
            boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            executor.shutdownNow();
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
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
        serverChannel.config().setAutoRead(true);
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
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

    /** Answers one request; never throws. */
    ApiResponse serve(ApiRequest request) {
        String key = route(request);
        ServiceHandler handler = key == null ? null : services.get(key);
        if (handler == null) {
            return ApiResponse.text(400, "application/json", Json.errorBody("UnknownOperationException",
                    "busquake does not serve " + (key == null ? "this request" : "the " + key + " service")));
        }
        try {
            SigV4Verifier v = verifier;
            if (v != null && !"control".equals(key)) {
                v.verify(request);
            }
            return handler.handle(request);
        } catch (AwsException e) {
            return errorResponse(request, e);
        } catch (Exception e) {
            LOG.warn("internal error serving {} {}", request.method(), request.path(), e);
            return ApiResponse.text(500, "application/json", Json.errorBody("InternalException", "Internal error"));
        }
    }

    /** PutEvents never blocks (it only queues deliveries), so it is answered on the I/O thread; the rest may. */
    private static boolean answerInline(ApiRequest request) {
        return "AWSEvents.PutEvents".equals(request.header("x-amz-target"));
    }

    /** One per connection; only its I/O thread touches {@code tail}. */
    private final class Dispatch extends SimpleChannelInboundHandler<FullHttpRequest> {
        /** The last request of this connection handed to another thread, done once its answer is written. */
        private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest http) {
            if (!http.decoderResult().isSuccess()) {
                FullHttpResponse bad = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                        HttpResponseStatus.BAD_REQUEST, Unpooled.EMPTY_BUFFER);
                bad.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0).set(HttpHeaderNames.CONNECTION, "close");
                ctx.writeAndFlush(bad).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            ApiRequest request = read(http);
            boolean keepAlive = HttpUtil.isKeepAlive(http);
            boolean inline = answerInline(request);
            if (inline && tail.isDone()) {
                ctx.writeAndFlush(toHttp(serve(request), keepAlive));
                return;
            }
            // Behind a request still being served (a client pipelining), or one that may block: answered in turn,
            // since HTTP/1.1 answers a connection's requests in the order they came.
            tail = tail.thenRunAsync(() -> ctx.writeAndFlush(toHttp(serve(request), keepAlive)),
                    inline ? ctx.executor() : executor);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
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
                + Ids.uuid() + "</RequestId></ErrorResponse>";
        return ApiResponse.text(e.httpStatus(), "text/xml", xml);
    }

    private static String xmlEscape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static ApiRequest read(FullHttpRequest http) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : http.headers()) {
            headers.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>(1)).add(h.getValue());
        }
        ByteBuf content = http.content();
        byte[] body = new byte[content.readableBytes()];
        content.getBytes(content.readerIndex(), body);
        String uri = http.uri();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        if (path.startsWith("http://") || path.startsWith("https://")) {
            // An absolute-form request target (sent through a proxy): keep its path only.
            int slash = path.indexOf('/', path.indexOf("//") + 2);
            path = slash < 0 ? "/" : path.substring(slash);
        }
        return new ApiRequest(http.method().name(), path.isEmpty() ? "/" : path, q < 0 ? null : uri.substring(q + 1),
                headers, body);
    }

    private static FullHttpResponse toHttp(ApiResponse response, boolean keepAlive) {
        byte[] body = response.body() == null ? new byte[0] : response.body();
        FullHttpResponse http = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(response.status()), Unpooled.wrappedBuffer(body));
        response.headers().forEach((k, v) -> http.headers().set(k, v));
        if (!response.headers().containsKey("x-amzn-RequestId")) {
            http.headers().set("x-amzn-RequestId", Ids.uuid());
        }
        http.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        HttpUtil.setKeepAlive(http, keepAlive);
        return http;
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        executor.shutdownNow();
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}

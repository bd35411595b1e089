package io.busquake.load.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * An HTTP endpoint that answers every POST with a valid PutEvents 200, one EventId per entry the request carried and
 * {@code FailedEntryCount} 0, and does nothing else: no parsing, no signature check, no routing. Aimed at by the
 * Gatling benchmark so that the load side alone is measured.
 *
 * <pre>{@code
 * try (NullEndpoint endpoint = NullEndpoint.start()) {
 *     // POST PutEvents bodies to endpoint.endpoint()
 * }
 * }</pre>
 *
 * <p>Cheap on purpose: the request body is scanned once as it streams in (to count entries, see
 * {@link EntryCounter}), never aggregated or copied, and the answers for 0..10 entries are built once. The EventIds
 * are fixed per position: nothing the load side checks depends on them being unique.
 */
public final class NullEndpoint implements AutoCloseable {
    /** Answers built once: PutEvents takes at most 10 entries. */
    private static final int PREBUILT_ANSWERS = 10;
    private static final AsciiString CONTENT_TYPE = AsciiString.cached("application/x-amz-json-1.1");
    private static final ByteBuf[] ANSWERS = new ByteBuf[PREBUILT_ANSWERS + 1];
    private static final ByteBuf NOT_POST = prebuilt(
            "{\"__type\":\"UnknownOperationException\",\"message\":\"the null endpoint answers POST only\"}"
                    .getBytes(StandardCharsets.UTF_8));
    private static final ByteBuf MALFORMED = prebuilt(
            "{\"__type\":\"SerializationException\",\"message\":\"the request is not valid HTTP/1.1\"}"
                    .getBytes(StandardCharsets.UTF_8));

    static {
        for (int n = 0; n <= PREBUILT_ANSWERS; n++) {
            ANSWERS[n] = prebuilt(answer(n));
        }
    }

    private final EventLoopGroup group;
    private final Channel server;
    private final URI endpoint;
    private final Counts counts;

    /** What was answered, shared by the connections' handlers. */
    private static final class Counts {
        final LongAdder requests = new LongAdder();
        final LongAdder signedRequests = new LongAdder();
        final LongAdder entries = new LongAdder();
        final LongAdder connections = new LongAdder();
        final AtomicInteger open = new AtomicInteger();
        final AtomicInteger peakOpen = new AtomicInteger();
    }

    private NullEndpoint(EventLoopGroup group, Channel server, Counts counts) {
        this.group = group;
        this.server = server;
        this.counts = counts;
        InetSocketAddress address = (InetSocketAddress) server.localAddress();
        this.endpoint = URI.create("http://" + address.getHostString() + ":" + address.getPort());
    }

    /** Starts on a free 127.0.0.1 port with one I/O thread. */
    public static NullEndpoint start() {
        return start("127.0.0.1", 0, 1);
    }

    /**
     * @param port    the port to bind; 0 takes any free one
     * @param threads I/O threads; one keeps up with a Gatling injector on the same machine
     */
    public static NullEndpoint start(String host, int port, int threads) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, but was " + port);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, but was " + threads);
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        Counts counts = new Counts();
        try {
            Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            counts.connections.increment();
                            counts.peakOpen.accumulateAndGet(counts.open.incrementAndGet(), Math::max);
                            channel.closeFuture().addListener(closed -> counts.open.decrementAndGet());
                            channel.pipeline().addLast(new HttpServerCodec(), new Answerer(counts));
                        }
                    })
                    .bind(host, port).syncUninterruptibly().channel();
            return new NullEndpoint(group, server, counts);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new IllegalStateException("the null endpoint could not bind " + host + ":" + port
                    + "; pick another port, or 0 for any free one", e);
        }
    }

    /** The URL to POST PutEvents to: {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return endpoint;
    }

    /** POST requests answered. */
    public long requests() {
        return counts.requests.sum();
    }

    /** POST requests that carried an {@code Authorization} header. */
    public long signedRequests() {
        return counts.signedRequests.sum();
    }

    /** Connections accepted so far, including any a client closed and opened again. */
    public long connections() {
        return counts.connections.sum();
    }

    /** The most connections open at once: shows whether a client kept to a bounded pool. */
    public int peakConnections() {
        return counts.peakOpen.get();
    }

    /** Entries counted in the POST requests answered. */
    public long entries() {
        return counts.entries.sum();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** A response body shared by every response: written as a duplicate, never released. */
    private static ByteBuf prebuilt(byte[] body) {
        return Unpooled.unreleasableBuffer(Unpooled.directBuffer(body.length).writeBytes(body)).asReadOnly();
    }

    /** The PutEvents answer it gives to a request of {@code n} entries. */
    public static byte[] answer(int n) {
        StringBuilder body = new StringBuilder(32 + n * 60).append("{\"Entries\":[");
        for (int i = 0; i < n; i++) {
            body.append(i == 0 ? "" : ",").append("{\"EventId\":\"")
                    .append(String.format("00000000-0000-4000-8000-%012d", i + 1)).append("\"}");
        }
        return body.append("],\"FailedEntryCount\":0}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** One per connection: HTTP/1.1 requests on a connection arrive one after another. */
    private static final class Answerer extends ChannelInboundHandlerAdapter {
        private final Counts counts;
        private final EntryCounter counter = new EntryCounter();
        private boolean post;
        private boolean signed;
        private boolean keepAlive;

        Answerer(Counts counts) {
            this.counts = counts;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof HttpObject object && object.decoderResult().isFailure()) {
                    ctx.writeAndFlush(response(HttpResponseStatus.BAD_REQUEST, MALFORMED.duplicate()))
                            .addListener(ChannelFutureListener.CLOSE);
                    return;
                }
                if (msg instanceof HttpRequest request) {
                    post = HttpMethod.POST.equals(request.method());
                    signed = request.headers().contains(HttpHeaderNames.AUTHORIZATION);
                    keepAlive = HttpUtil.isKeepAlive(request);
                    counter.reset();
                }
                if (msg instanceof HttpContent content) {
                    if (post) {
                        counter.feed(content.content());
                    }
                    if (msg instanceof LastHttpContent) {
                        respond(ctx);
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void respond(ChannelHandlerContext ctx) {
            FullHttpResponse response;
            if (post) {
                int n = counter.entries();
                counts.requests.increment();
                counts.entries.add(n);
                if (signed) {
                    counts.signedRequests.increment();
                }
                response = response(HttpResponseStatus.OK, n <= PREBUILT_ANSWERS ? ANSWERS[n].duplicate()
                        : Unpooled.wrappedBuffer(answer(n)));
            } else {
                response = response(HttpResponseStatus.METHOD_NOT_ALLOWED, NOT_POST.duplicate());
            }
            if (keepAlive) {
                ctx.write(response);
            } else {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            // One flush for everything answered from this read, not one per response.
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        private static FullHttpResponse response(HttpResponseStatus status, ByteBuf body) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
            return response;
        }
    }
}

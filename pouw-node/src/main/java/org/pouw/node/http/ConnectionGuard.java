package org.pouw.node.http;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.task.InterruptableTask;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionListener;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.node.config.HttpLimits;
import org.pouw.node.ratelimit.ClientAddress;

/**
 * The connection limits of the HTTP layer (issue 18, defect 3 and "Connections"): every connection is watched from
 * accept to close, counted in all and under its client's address, and a sweeper closes the ones whose client turn ran
 * past its deadline (see {@link ConnectionWatch}). A connection over a cap is still read, so its first request can be
 * answered properly (429 over the address's cap, 503 over the total) before it is closed.
 *
 * <p>The web server runs each connection, its requests and its endpoints on one thread; the guard keeps the
 * connection's watch in a thread local there, which is how an endpoint's body read or event stream finds it.
 */
final class ConnectionGuard implements AutoCloseable {
    private static final ThreadLocal<ConnectionWatch> CURRENT = new ThreadLocal<>();
    private static final long SWEEP_MS = 100;

    private final HttpLimits limits;
    private final ClientAddress addresses;
    private final Set<ConnectionWatch> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final Map<String, AtomicInteger> connectionsByAddress = new ConcurrentHashMap<>();
    private final AtomicInteger streams = new AtomicInteger();
    private final Map<String, AtomicInteger> streamsByAddress = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(task ->
            Thread.ofPlatform().daemon().name("pouw-http-deadlines").unstarted(task));

    ConnectionGuard(HttpLimits limits, ClientAddress addresses) {
        this.limits = limits;
        this.addresses = addresses;
        sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_MS, SWEEP_MS, TimeUnit.MILLISECONDS);
    }

    /** The watch of the connection this thread serves, or null outside one. */
    static ConnectionWatch current() {
        return CURRENT.get();
    }

    /** HTTP/1.1 with every connection passing through the guard. */
    ServerConnectionSelector selector(Http1Config.Builder http1) {
        Http1ConnectionListener listener = new Http1ConnectionListener() {
            @Override
            public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
                ConnectionWatch watch = CURRENT.get();
                if (watch != null) {
                    watch.requestLineRead();
                }
            }

            @Override
            public void headers(ConnectionContext ctx, Headers headers) {
                ConnectionWatch watch = CURRENT.get();
                if (watch != null) {
                    watch.headersRead();
                }
            }

            @Override
            public void status(ConnectionContext ctx, Status status) {
                ConnectionWatch watch = CURRENT.get();
                if (watch != null) {
                    watch.responseStarted();
                }
            }
        };
        Http1Config config = http1.addReceiveListener(listener).addSendListener(new Http1ConnectionListener() {
            @Override
            public void status(ConnectionContext ctx, Status status) {
                listener.status(ctx, status);
            }
        }).build();
        Http1ConnectionSelector http = Http1ConnectionSelector.builder().config(config).build();
        return new ServerConnectionSelector() {
            @Override
            public int bytesToIdentifyConnection() {
                return http.bytesToIdentifyConnection();
            }

            @Override
            public Support supports(BufferData data) {
                return http.supports(data);
            }

            @Override
            public Set<String> supportedApplicationProtocols() {
                return http.supportedApplicationProtocols();
            }

            @Override
            public ServerConnection connection(ConnectionContext ctx) {
                return new Watched(opened(ctx), http.connection(ctx));
            }
        };
    }

    /** Connections open now, refused ones included until they close ({@code pouw_http_connections_open}). */
    int open() {
        return connections.get();
    }

    /** Called on the connection's thread as it starts: counts it and decides whether it is served. */
    private ConnectionWatch opened(ConnectionContext ctx) {
        // Counted under the rate limits' key: an IPv4 address, an IPv6 /64, a mapped IPv4 address as IPv4. A
        // connection is counted by its TCP peer, the only address known before a request arrives; a connection from
        // a trusted proxy carries many clients' requests, so the per-address cap does not apply to it (the total
        // does), and its clients are held apart by the rate limits, which key on the forwarded address.
        InetAddress peer = ctx.remotePeer().address() instanceof InetSocketAddress socket ? socket.getAddress() : null;
        String address = peer != null ? ClientAddress.key(peer) : "unknown";
        boolean proxy = peer != null && addresses.isTrustedProxy(peer);
        int total = connections.incrementAndGet();
        int fromAddress = connectionsByAddress.computeIfAbsent(address, key -> new AtomicInteger()).incrementAndGet();
        String refusal = !proxy && fromAddress > limits.maxConnectionsPerAddress()
                ? "too_many_connections_from_address"
                : total > limits.maxConnections() ? "too_many_connections" : null;
        ConnectionWatch watch = new ConnectionWatch(ConnectionLine.of(ctx.serverSocket()), address, refusal,
                System.nanoTime());
        open.add(watch);
        CURRENT.set(watch);
        return watch;
    }

    private void closed(ConnectionWatch watch) {
        CURRENT.remove();
        if (open.remove(watch)) {
            connections.decrementAndGet();
            release(connectionsByAddress, watch.address());
            if (watch.eventStreamOf() != null) {
                streamClosed(watch);
            }
        }
    }

    /**
     * Takes an event-stream slot for the current connection: 429 over the cap of {@code client} (the address the
     * rate limits key on: behind a trusted proxy, the forwarded client's), 503 over the total. The slot is given
     * back by {@link #streamClosed} or when the connection ends.
     */
    void streamOpened(ConnectionWatch watch, InetAddress client) {
        String clientKey = ClientAddress.key(client);
        int fromAddress = streamsByAddress.computeIfAbsent(clientKey, key -> new AtomicInteger())
                .incrementAndGet();
        int total = streams.incrementAndGet();
        if (fromAddress > limits.maxEventStreamsPerAddress() || total > limits.maxEventStreams()) {
            streams.decrementAndGet();
            release(streamsByAddress, clientKey);
            if (fromAddress > limits.maxEventStreamsPerAddress()) {
                throw new PouwException(Problem.RATE_LIMITED, "too many event streams open from this address (at most "
                        + limits.maxEventStreamsPerAddress() + ", http.max_event_streams_per_address)");
            }
            throw new PouwException(Problem.UNAVAILABLE, "too many event streams open on this node (at most "
                    + limits.maxEventStreams() + ", http.max_event_streams)");
        }
        watch.holdsEventStream(clientKey);
        watch.streamStarted();
    }

    /** How often a quiet event stream is written a heartbeat ({@code http.stream_heartbeat_ms}). */
    long streamHeartbeatMs() {
        return limits.streamHeartbeatMs();
    }

    void streamClosed(ConnectionWatch watch) {
        String clientKey = watch.eventStreamOf();
        if (clientKey != null) {
            watch.holdsEventStream(null);
            streams.decrementAndGet();
            release(streamsByAddress, clientKey);
        }
        watch.streamEnded();
    }

    private static void release(Map<String, AtomicInteger> counts, String address) {
        counts.computeIfPresent(address, (key, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    private void sweep() {
        long now = System.nanoTime();
        for (ConnectionWatch watch : open) {
            String overdue = watch.expire(now, limits);
            if (overdue != null) {
                // the 408's write may block on a client that reads nothing; the sweep must go on for everyone else
                Thread.ofVirtual().name("pouw-http-hang-up").start(() -> watch.hangUp(overdue));
            }
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }

    /** The web server's HTTP/1.1 connection, reporting its end to the guard. */
    private final class Watched implements ServerConnection, InterruptableTask<Void> {
        private final ConnectionWatch watch;
        private final ServerConnection delegate;

        Watched(ConnectionWatch watch, ServerConnection delegate) {
            this.watch = watch;
            this.delegate = delegate;
        }

        @Override
        public void handle(Limit limit) throws InterruptedException {
            try {
                delegate.handle(limit);
            } finally {
                closed(watch);
            }
        }

        @Override
        public Duration idleTime() {
            return delegate.idleTime();
        }

        @Override
        public void close(boolean interrupt) {
            delegate.close(interrupt);
        }

        @Override
        public boolean canInterrupt() {
            return delegate instanceof InterruptableTask<?> task && task.canInterrupt();
        }
    }
}

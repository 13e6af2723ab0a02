package org.pouw.node.http;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's HTTP/1 connections, counted while they are open ({@code pouw_http_connections_open}). Helidon hands
 * each accepted connection to the first selector that recognises its first bytes; this one is configured ahead of
 * the one Helidon would discover, recognises what the HTTP/1 selector built from the same {@link Http1Config}
 * recognises, and wraps the connection it makes so that its lifetime is counted. A socket that has sent nothing yet
 * is not counted: no selector has seen it.
 */
final class CountedConnections implements ServerConnectionSelector {
    private final ServerConnectionSelector http1;
    private final AtomicInteger open = new AtomicInteger();

    CountedConnections(Http1Config config) {
        this.http1 = Http1ConnectionSelector.builder().config(config).build();
    }

    int open() {
        return open.get();
    }

    @Override
    public int bytesToIdentifyConnection() {
        return http1.bytesToIdentifyConnection();
    }

    @Override
    public Support supports(BufferData data) {
        return http1.supports(data);
    }

    @Override
    public Set<String> supportedApplicationProtocols() {
        return http1.supportedApplicationProtocols();
    }

    @Override
    public ServerConnection connection(ConnectionContext context) {
        return new Counted(http1.connection(context));
    }

    /** One connection: counted from the moment the server starts serving it until it ends, however it ends. */
    private final class Counted implements ServerConnection {
        private final ServerConnection connection;

        Counted(ServerConnection connection) {
            this.connection = connection;
        }

        @Override
        public void handle(Limit limit) throws InterruptedException {
            open.incrementAndGet();
            try {
                connection.handle(limit);
            } finally {
                open.decrementAndGet();
            }
        }

        @Override
        public void handle(Semaphore requestSemaphore) throws InterruptedException {
            open.incrementAndGet();
            try {
                connection.handle(requestSemaphore);
            } finally {
                open.decrementAndGet();
            }
        }

        @Override
        public Duration idleTime() {
            return connection.idleTime();
        }

        @Override
        public void close(boolean interrupt) {
            connection.close(interrupt);
        }
    }
}

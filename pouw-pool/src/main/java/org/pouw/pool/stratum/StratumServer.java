package org.pouw.pool.stratum;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import javax.net.ssl.SSLServerSocket;
import org.pouw.core.Clock;
import org.pouw.pool.PoolLog;
import org.pouw.pool.attest.ShareAttestor;
import org.pouw.pool.metrics.PoolMetrics;
import org.pouw.pool.share.ShareValidator;

/**
 * The pool's Stratum V1 endpoint (issue 23 §2; docs/pool.md §3a): a plaintext port (loopback only unless the operator
 * accepts the risk) and a TLS port for miners across networks, each connection a {@link StratumSession} on a virtual
 * thread, at most {@code maxConnections} at once over both. Shares are attested by the same {@link ShareAttestor} as
 * over HTTP, for connections that ask for attestations.
 */
public final class StratumServer implements AutoCloseable {
    private final StratumSettings settings;
    private final ShareValidator validator;
    private final PoolMetrics metrics;
    private final ShareChallengeSource challenges;
    private final Clock clock;
    private final ShareAttestor attestor;
    private final Extranonces extranonces = new Extranonces();
    private final Semaphore slots;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final List<ServerSocket> listeners = new ArrayList<>();
    private final List<Socket> open = new ArrayList<>();
    private ServerSocket plain;
    private ServerSocket tls;

    public StratumServer(StratumSettings settings, ShareValidator validator, PoolMetrics metrics,
            ShareChallengeSource challenges, Clock clock, ShareAttestor attestor) {
        this.settings = settings;
        this.validator = validator;
        this.metrics = metrics;
        this.challenges = challenges;
        this.clock = clock;
        this.attestor = attestor;
        this.slots = new Semaphore(settings.maxConnections());
        metrics.stratumConnections(this::connections);
    }

    public void start() throws IOException {
        InetAddress bind = InetAddress.getByName(settings.bindHost());
        if (settings.plainPort() >= 0) {
            plain = new ServerSocket();
            plain.setReuseAddress(true);
            plain.bind(new InetSocketAddress(bind, settings.plainPort()), 256);
            listen(plain);
        }
        if (settings.tlsPort() >= 0) {
            SSLServerSocket secure = (SSLServerSocket) settings.tls().getServerSocketFactory().createServerSocket();
            secure.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            secure.setReuseAddress(true);
            secure.bind(new InetSocketAddress(bind, settings.tlsPort()), 256);
            tls = secure;
            listen(tls);
        }
        PoolLog.event("stratum_listening", "plain_port", String.valueOf(plainPort()), "tls_port",
                String.valueOf(tlsPort()), "process_id", extranonces.processIdHex());
    }

    /** Connections held now, over both ports. */
    public int connections() {
        return settings.maxConnections() - slots.availablePermits();
    }

    /** The plaintext port, −1 when there is none. */
    public int plainPort() {
        return plain == null ? -1 : plain.getLocalPort();
    }

    /** The TLS port, −1 when there is none. */
    public int tlsPort() {
        return tls == null ? -1 : tls.getLocalPort();
    }

    private void listen(ServerSocket listener) {
        listeners.add(listener);
        Thread.ofPlatform().daemon().name("stratum-accept-" + listener.getLocalPort()).start(() -> {
            while (!listener.isClosed()) {
                Socket socket;
                try {
                    socket = listener.accept();
                } catch (IOException e) {
                    return;
                }
                if (!slots.tryAcquire()) {
                    // Full: closing at once costs less than any answer, and the miner's client retries.
                    closeQuietly(socket);
                    continue;
                }
                synchronized (open) {
                    open.add(socket);
                }
                threads.execute(() -> {
                    try {
                        new StratumSession(socket, settings, validator, metrics, challenges, clock, attestor,
                                extranonces.next()).run();
                    } finally {
                        synchronized (open) {
                            open.remove(socket);
                        }
                        slots.release();
                    }
                });
            }
        });
    }

    @Override
    public void close() {
        for (ServerSocket listener : listeners) {
            closeQuietly(listener);
        }
        synchronized (open) {
            open.forEach(StratumServer::closeQuietly);
        }
        threads.shutdownNow();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // Closing on the way out: nothing left to tell anyone.
        }
    }
}

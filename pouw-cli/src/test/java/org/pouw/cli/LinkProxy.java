package org.pouw.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder a test puts on a link between two nodes so that it, not either node's operator, decides whether the
 * link exists: it listens on a port of a loopback address and copies bytes both ways to one target address. Each
 * proxy may listen on its own address of 127.0.0.0/8 ({@code 127.1.0.1}, {@code 127.2.0.1}, …): a node keeps its
 * outbound links in distinct /16 groups, so two addresses it should dial must not share one. It understands
 * nothing of what it forwards (the nodes' TLS and handshake pass through it untouched). {@link #cut()} closes every
 * connection it carries and closes each new one as it arrives, as a broken route would; {@link #restore()} forwards
 * again.
 */
final class LinkProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;

    LinkProxy(String listenHost, String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getByName(listenHost));
        Thread.ofVirtual().name("link-proxy-" + listener.getLocalPort()).start(this::accept);
    }

    /** Where a node dials to go through this proxy, {@code host:port}. */
    String address() {
        return listener.getInetAddress().getHostAddress() + ":" + listener.getLocalPort();
    }

    /** Ends every forwarded connection and refuses new ones until {@link #restore()}. */
    void cut() {
        cut = true;
        for (Socket socket : open) {
            closeQuietly(socket);
        }
    }

    void restore() {
        cut = false;
    }

    @Override
    public void close() {
        cut();
        closeQuietly(listener);
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket inbound;
            try {
                inbound = listener.accept();
            } catch (IOException e) {
                return;
            }
            if (cut) {
                closeQuietly(inbound);
                continue;
            }
            Thread.ofVirtual().start(() -> forward(inbound));
        }
    }

    private void forward(Socket inbound) {
        Socket outbound = new Socket();
        open.add(inbound);
        open.add(outbound);
        try {
            outbound.connect(new java.net.InetSocketAddress(targetHost, targetPort), 5_000);
            if (cut) {
                return;
            }
            Thread back = Thread.ofVirtual().start(() -> copy(outbound, inbound));
            copy(inbound, outbound);
            back.join();
        } catch (IOException e) {
            // the target is down: the dialer sees its connection closed, as it would without the proxy
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(inbound);
            closeQuietly(outbound);
            open.remove(inbound);
            open.remove(outbound);
        }
    }

    /** Copies until either side ends, then ends both: a half-open link is not what the nodes would see on a cut. */
    private static void copy(Socket from, Socket to) {
        byte[] buffer = new byte[64 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // closed by a cut or by either end
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }
}

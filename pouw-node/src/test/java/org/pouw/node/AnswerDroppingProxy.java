package org.pouw.node;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy in front of a node that forwards everything, except that on the first connection carrying a
 * proof submission it lets the request through, waits until the node starts answering — the node answers a submit
 * only after its transaction committed — and then closes the client's socket without passing the answer on: the
 * client sees a node that committed and died before it answered (issue 18, defect 11).
 */
final class AnswerDroppingProxy implements AutoCloseable {
    private static final byte[] SUBMIT = "/submit HTTP/1.1".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final int nodePort;
    private final AtomicBoolean armed = new AtomicBoolean(true);
    final AtomicInteger dropped = new AtomicInteger();

    AnswerDroppingProxy(int nodePort) throws IOException {
        this.nodePort = nodePort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket node = new Socket(InetAddress.getLoopbackAddress(), nodePort);
                AtomicBoolean dropAnswer = new AtomicBoolean();
                Thread.ofVirtual().start(() -> pump(client, node, dropAnswer, true));
                Thread.ofVirtual().start(() -> pump(node, client, dropAnswer, false));
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** Copies {@code from} to {@code to}; the request side arms the drop, the answer side carries it out. */
    private void pump(Socket from, Socket to, AtomicBoolean dropAnswer, boolean requests) {
        byte[] buffer = new byte[64 * 1024];
        try (from; to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (requests && contains(buffer, read, SUBMIT) && armed.compareAndSet(true, false)) {
                    dropAnswer.set(true);
                }
                if (!requests && dropAnswer.get()) {
                    dropped.incrementAndGet();
                    return; // the node answered, so it committed; the client never hears it
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException closed) {
            // one side went away; closing both ends is all there is to do
        }
    }

    private static boolean contains(byte[] buffer, int length, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (buffer[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}

package org.pouw.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One HTTP/1.1 connection to a node, kept alive, posting JSON bodies one after another and reading each answer by its
 * {@code Content-Length}: what a load generator needs to drive a node hard from few CPU cycles (pouw-bench's
 * {@code ReceiptLoadClient}), where the JDK's client spends about as much CPU per call as the node's endpoint. Each
 * request is made into bytes once, by {@link #request}, so posting is one socket write and the reads of the answer.
 * Not thread-safe: one connection per thread. No authentication, redirects or retries; an answer the node sends
 * without {@code Content-Length} (chunked), other than a 204 or 304, is refused with an
 * {@link IllegalStateException}.
 */
public final class KeptAliveConnection implements AutoCloseable {
    private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};
    private static final int MAX_ANSWER_BYTES = 1 << 20;

    private final URI node;
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private byte[] buffer = new byte[16_384];
    private int start;
    private int end;

    /** An answer: its status and its body's bytes. */
    public record Answer(int status, byte[] body) {
        /** Whether the body holds {@code text} (ASCII), as a generator checks an answer without parsing it. */
        public boolean bodyContains(String text) {
            byte[] needle = text.getBytes(StandardCharsets.US_ASCII);
            return indexOf(body, needle, 0, body.length) >= 0;
        }
    }

    /** Connects to {@code node} ({@code http://host:port}). */
    public KeptAliveConnection(URI node) {
        if (!"http".equals(node.getScheme()) || node.getHost() == null || node.getPort() < 1) {
            throw new IllegalArgumentException("node must be http://host:port, got " + node);
        }
        this.node = node;
        socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(node.getHost(), node.getPort()), 10_000);
            out = socket.getOutputStream();
            in = socket.getInputStream();
        } catch (IOException e) {
            closeQuietly();
            throw new UncheckedIOException("cannot connect to " + node, e);
        }
    }

    /** The bytes of {@code POST path} with {@code json} as its body, to give {@link #send} as often as wanted. */
    public byte[] request(String path, String json) {
        if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c >= 127)) {
            throw new IllegalArgumentException("path must be an absolute path of visible ASCII, got " + path);
        }
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + node.getHost() + ":" + node.getPort()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    /** Sends one request made by {@link #request} and reads its answer. */
    public Answer send(byte[] request) {
        try {
            out.write(request);
            out.flush();
            return readAnswer();
        } catch (IOException e) {
            throw new UncheckedIOException("the connection to " + node + " failed", e);
        }
    }

    private Answer readAnswer() throws IOException {
        int headEnd;
        while ((headEnd = indexOf(buffer, HEAD_END, start, end)) < 0) {
            fill();
        }
        String head = new String(buffer, start, headEnd - start, StandardCharsets.US_ASCII);
        int bodyOffset = headEnd + HEAD_END.length - start;
        int status = status(head);
        int length = status == 204 || status == 304 ? 0 : contentLength(head);
        while (end - start < bodyOffset + length) {
            fill();
        }
        byte[] body = Arrays.copyOfRange(buffer, start + bodyOffset, start + bodyOffset + length);
        start += bodyOffset + length;
        return new Answer(status, body);
    }

    private static int status(String head) {
        if (!head.startsWith("HTTP/1.1 ") || head.length() < 12) {
            throw new IllegalStateException("not an HTTP/1.1 answer: " + head.lines().findFirst().orElse(""));
        }
        return Integer.parseInt(head.substring(9, 12));
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase("content-length")) {
                int length = Integer.parseInt(line.substring(colon + 1).strip());
                if (length < 0 || length > MAX_ANSWER_BYTES) {
                    throw new IllegalStateException("an answer of " + length + " bytes");
                }
                return length;
            }
        }
        throw new IllegalStateException("an answer without Content-Length: " + head.lines().findFirst().orElse(""));
    }

    /** Reads more, first moving what is unread to the front of the buffer (and growing it for a large answer). */
    private void fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buffer.length) {
            if (buffer.length >= MAX_ANSWER_BYTES + 16_384) {
                throw new IllegalStateException("an answer larger than " + MAX_ANSWER_BYTES + " bytes");
            }
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        int n = in.read(buffer, end, buffer.length - end);
        if (n < 0) {
            throw new IOException("the node closed the connection");
        }
        end += n;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from, int to) {
        for (int i = from; i + needle.length <= to; i++) {
            int j = 0;
            while (j < needle.length && haystack[i + j] == needle[j]) {
                j++;
            }
            if (j == needle.length) {
                return i;
            }
        }
        return -1;
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }
}

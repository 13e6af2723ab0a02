package org.pouw.pool.stratum;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Newline-delimited request lines with a length bound. A read that times out returns null and keeps what it had of
 * the line, so the session can look at its deadlines between bytes without losing a half-received request.
 */
final class StratumLineReader {
    /** The peer sent a longer line than the pool takes. */
    static final class LineTooLongException extends IOException {
        LineTooLongException(int max) {
            super("a request line has at most " + max + " bytes");
        }
    }

    private final InputStream in;
    private final int maxBytes;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    /** Bytes read from the socket and not yet consumed: one read a burst of lines, not one a byte. */
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;

    StratumLineReader(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /** Whether bytes already read wait here: a pipelining miner's next request, answered before anything is flushed. */
    boolean buffered() {
        return position < limit;
    }

    /** The next line without its end ({@code \n}, an optional {@code \r} before it), or null when the read timed out. */
    String readLine() throws IOException {
        while (true) {
            if (position == limit) {
                int read;
                try {
                    read = in.read(buffer);
                } catch (SocketTimeoutException e) {
                    return null;
                }
                if (read < 0) {
                    throw new EOFException("the miner closed the connection");
                }
                position = 0;
                limit = read;
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            int taken = position - start;
            if (line.size() + taken > maxBytes) {
                throw new LineTooLongException(maxBytes);
            }
            line.write(buffer, start, taken);
            if (position < limit) {
                position++; // the newline
                byte[] bytes = line.toByteArray();
                line.reset();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.UTF_8);
            }
        }
    }
}

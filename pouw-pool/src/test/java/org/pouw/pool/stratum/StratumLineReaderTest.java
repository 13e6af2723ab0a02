package org.pouw.pool.stratum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;

/**
 * The Stratum line reader reads in bursts: several lines from one read, a line cut across reads and timeouts kept
 * whole, {@code \r\n} ends, and the length bound exact whatever the read sizes.
 */
class StratumLineReaderTest {
    /** Hands out the given chunks one read at a time; a null chunk is a read that timed out. */
    private static final class Chunks extends InputStream {
        private final Deque<String> chunks = new ArrayDeque<>();
        private int reads;

        Chunks(String... parts) {
            for (String part : parts) {
                chunks.add(part == null ? "\u0000TIMEOUT" : part);
            }
        }

        @Override
        public int read() {
            throw new AssertionError("the reader reads in bursts, never a byte at a time");
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws SocketTimeoutException {
            reads++;
            String next = chunks.poll();
            if (next == null) {
                return -1;
            }
            if (next.equals("\u0000TIMEOUT")) {
                throw new SocketTimeoutException("tick");
            }
            byte[] bytes = next.getBytes(StandardCharsets.UTF_8);
            assertThat(bytes.length).isLessThanOrEqualTo(length);
            System.arraycopy(bytes, 0, buffer, offset, bytes.length);
            return bytes.length;
        }
    }

    @Test
    void severalLinesOfOneReadComeOutOneByOneAndAPartLineSurvivesATimeout() throws Exception {
        Chunks socket = new Chunks("{\"id\":1}\n{\"id\":2}\r\n{\"id\"", null, ":3}\n");
        StratumLineReader reader = new StratumLineReader(socket, 1024);
        assertThat(reader.readLine()).isEqualTo("{\"id\":1}");
        assertThat(reader.buffered()).as("the second line waits in the buffer").isTrue();
        assertThat(reader.readLine()).isEqualTo("{\"id\":2}");
        assertThat(reader.readLine()).as("the timeout between the halves of the third").isNull();
        assertThat(reader.readLine()).isEqualTo("{\"id\":3}");
        assertThat(reader.buffered()).isFalse();
        assertThat(socket.reads).isEqualTo(3);
        assertThatThrownBy(reader::readLine).isInstanceOf(EOFException.class);
    }

    @Test
    void aLineOfExactlyTheBoundIsTakenAndOneByteMoreIsRefusedHoweverItArrives() throws Exception {
        String eight = "12345678";
        assertThat(new StratumLineReader(new Chunks("1234", "5678\n"), 8).readLine()).isEqualTo(eight);
        assertThatThrownBy(() -> new StratumLineReader(new Chunks("1234", "56789\n"), 8).readLine())
                .isInstanceOf(StratumLineReader.LineTooLongException.class);
        assertThatThrownBy(() -> new StratumLineReader(new Chunks("123456789"), 8).readLine())
                .isInstanceOf(StratumLineReader.LineTooLongException.class);
    }
}

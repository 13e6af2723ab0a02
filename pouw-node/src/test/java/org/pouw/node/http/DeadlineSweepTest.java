package org.pouw.node.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helidon.webserver.CloseConnectionException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pouw.node.config.HttpLimits;

/**
 * The deadline sweeper against a connection's own answers, on a real loopback socket pair (issue 18, the stray
 * answer on a pooled connection). The sweeper used to judge a connection and then act on that judgement later: a
 * request whose head it had judged late could be answered meanwhile, and the 408 then arrived after a complete
 * answer, on a connection the client had put back in its pool ("Data received while in pool"). Each interleaving is
 * played here step by step: a client gets the node's answer or the 408, never both, and an idle connection is closed
 * without a word.
 */
class DeadlineSweepTest {
    private static final HttpLimits LIMITS = new HttpLimits(100, 60_000, 20_000, 1024, 2048, 256, 512, 8, 1_000,
            15_000, 0);
    private static final String ANSWER = "HTTP/1.1 429 Too Many Requests\r\nContent-Length: 0\r\n\r\n";
    private static final long SECOND = 1_000_000_000L;

    private ServerSocket listener;
    private Socket client;
    private Socket server;
    private ConnectionWatch watch;

    @BeforeEach
    void connect() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        server = listener.accept();
        ConnectionLine line = new ConnectionLine() {
            @Override
            public void write(byte[] bytes) {
                try {
                    server.getOutputStream().write(bytes);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void hangUp() {
                try {
                    server.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        watch = new ConnectionWatch(line, "4:127.0.0.1", null, System.nanoTime());
        // a first request answered: the connection now waits, kept alive, for the next one
        watch.headersRead();
        watch.responseStarted();
    }

    @AfterEach
    void close() throws IOException {
        client.close();
        server.close();
        listener.close();
    }

    @Test
    void aRequestAnsweredAfterTheSweepersLookIsNotFollowedByA408() throws IOException {
        watch.requestLineRead();
        // the node answers the request before the sweeper, a second later, looks
        watch.headersRead();
        watch.responseStarted();
        answer();

        assertThat(watch.expire(System.nanoTime() + SECOND, LIMITS)).as("a kept-alive connection within its idle time")
                .isNull();
        assertThat(received()).as("the answer and nothing after it").isEqualTo(ANSWER);
        assertThat(server.isClosed()).isFalse();
    }

    @Test
    void aHeadTheSweeperClaimedIsAnsweredWithThe408Alone() throws IOException {
        watch.requestLineRead();
        String reason = watch.expire(System.nanoTime() + SECOND, LIMITS);
        assertThat(reason).isEqualTo("header_timeout");

        // the connection's thread gets to its answer only now: it must not be written after the 408
        assertThatThrownBy(watch::responseStarted).isInstanceOf(CloseConnectionException.class);
        watch.hangUp(reason);

        String got = received();
        assertThat(got).startsWith("HTTP/1.1 408 Request Timeout\r\n").contains("Connection: close")
                .contains("\"code\":\"request_timeout\"").doesNotContain("429");
        assertThat(watch.expire(System.nanoTime() + 100 * SECOND, LIMITS)).as("claimed once").isNull();
    }

    @Test
    void anIdleConnectionIsClosedWithoutAWord() throws IOException {
        String reason = watch.expire(System.nanoTime() + 61 * SECOND, LIMITS);
        assertThat(reason).isEqualTo("idle_timeout");
        watch.hangUp(reason);

        assertThat(received()).as("nothing written to a connection the client may hold in its pool").isEmpty();
        assertThat(server.isClosed()).isTrue();
    }

    @Test
    void aBodyStalledPastItsTimeoutIsAnswered408AndTheEndpointsAnswerIsStopped() throws IOException {
        watch.requestLineRead();
        watch.headersRead();
        watch.bodyReadStarted();
        String reason = watch.expire(System.nanoTime() + 21 * SECOND, LIMITS);
        assertThat(reason).isEqualTo("body_timeout");
        watch.bodyReadEnded();
        assertThatThrownBy(watch::responseStarted).isInstanceOf(CloseConnectionException.class);
        watch.hangUp(reason);

        assertThat(received()).startsWith("HTTP/1.1 408 ").contains("the body stopped arriving");
    }

    @Test
    void anEventStreamHasNoDeadlineBetweenWritesButAWriteBlockedPastItsTimeoutClosesItSilently() throws IOException {
        watch.requestLineRead();
        watch.headersRead();
        watch.streamStarted();
        assertThat(watch.expire(System.nanoTime() + 3600 * SECOND, LIMITS)).as("a quiet stream, nothing being written")
                .isNull();

        watch.streamWriteStarted();
        watch.streamWriteEnded();
        assertThat(watch.expire(System.nanoTime() + 3600 * SECOND, LIMITS)).as("a write the client took").isNull();

        watch.streamWriteStarted();
        assertThat(watch.expire(System.nanoTime(), LIMITS)).as("a write under way, within its second").isNull();
        String reason = watch.expire(System.nanoTime() + 2 * SECOND, LIMITS);
        assertThat(reason).isEqualTo("stream_write_stalled");
        watch.hangUp(reason);

        assertThat(received()).as("nothing more written to a client that reads nothing").isEmpty();
        assertThat(server.isClosed()).isTrue();
    }

    private void answer() throws IOException {
        server.getOutputStream().write(ANSWER.getBytes(StandardCharsets.US_ASCII));
        server.getOutputStream().flush();
    }

    /** Everything the client receives until the server hangs up or half a second passes quietly. */
    private String received() throws IOException {
        client.setSoTimeout(500);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        InputStream in = client.getInputStream();
        byte[] buffer = new byte[512];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                got.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException quiet) {
            // nothing more came
        }
        return got.toString(StandardCharsets.US_ASCII);
    }
}

package org.pouw.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pouw.p2p.wire.Frame;
import org.pouw.p2p.wire.Payload;

/**
 * Hostile peers on real sockets against one listener: each is refused or cut off, the listener bans it where it
 * can name it, and it goes on serving an honest peer on 127.0.0.1 afterwards. Hostile peers dial from their own
 * loopback address (127.0.0.66), as an attacker would from its own host.
 */
class HostilePeerTest {
    private static final String HOSTILE_ADDRESS = "127.0.0.66";

    private P2pTestNodes nodes;
    private PeerNode listener;

    @BeforeEach
    void startListener() {
        nodes = new P2pTestNodes();
        listener = nodes.start();
    }

    @AfterEach
    void stop() {
        nodes.close();
    }

    @Test
    void garbageBytesInsteadOfTlsAreCutOff() throws Exception {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOSTILE_ADDRESS), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", listener.port()), 5_000);
            socket.setSoTimeout(10_000);
            byte[] garbage = new byte[64 * 1024];
            new Random(7).nextBytes(garbage);
            assertThat(writeUntilCutOff(socket, garbage)).as("the listener closed the connection").isTrue();
        }
        assertServesAnHonestPeer();
    }

    @Test
    void bytesThatAreNoFrameCostTheWholeScore() throws Exception {
        try (RawPeerClient hostile = new RawPeerClient(HOSTILE_ADDRESS, listener.port()).open(false)) {
            // field 1 with wire type 7, which does not exist: no protobuf parser accepts it
            hostile.send(new byte[] {0x0f, (byte) 0xff, (byte) 0xff, 0x00});

            Status status = hostile.closed().get(5, TimeUnit.SECONDS);
            assertThat(status.isOk()).isFalse();
            assertThat(rejectReasonIn(hostile)).isEqualTo(RejectReason.MALFORMED);
            // the ban is recorded beside the stream's end, not before it: wait for it rather than race it
            awaitBanned(hostile);
        }
        assertServesAnHonestPeer();
    }

    @Test
    void aFrameOverTheFrameLimitIsRefusedAsOversized() throws Exception {
        try (RawPeerClient hostile = new RawPeerClient(HOSTILE_ADDRESS, listener.port()).open(false)) {
            hostile.send(payloadFrame(listener.config().maxFrameBytes() + 1));

            hostile.closed().get(5, TimeUnit.SECONDS);
            assertThat(rejectReasonIn(hostile)).isEqualTo(RejectReason.OVERSIZED);
            awaitBanned(hostile);   // the ban is recorded beside the stream's end, not before it
        }
        assertServesAnHonestPeer();
    }

    @Test
    void aMessageOverTheTransportLimitIsRefusedByGrpcAndStillBans() throws Exception {
        try (RawPeerClient hostile = new RawPeerClient(HOSTILE_ADDRESS, listener.port()).open(false)) {
            hostile.send(payloadFrame(3 << 20));

            // gRPC refuses it before the node reads a byte; the node hears why and bans the sender, whose stream
            // ends with gRPC's RESOURCE_EXHAUSTED, the node's own PERMISSION_DENIED, or UNAVAILABLE when the ban has
            // already closed the connection — whichever comes first
            Status status = hostile.closed().get(10, TimeUnit.SECONDS);
            assertThat(status.getCode()).isIn(Status.Code.RESOURCE_EXHAUSTED, Status.Code.PERMISSION_DENIED,
                    Status.Code.UNAVAILABLE);
            awaitBanned(hostile);
            assertThat(listener.bans().active()).anySatisfy(ban -> assertThat(ban.reason())
                    .contains("gRPC message exceeds maximum size"));
        }
        assertServesAnHonestPeer();
    }

    @Test
    void aGzipBombIsRefusedOnItsDecompressedSize() throws Exception {
        byte[] bomb = payloadFrame(16 << 20);     // 16 MiB of zeros: gzip makes about 16 KiB of it
        try (RawPeerClient hostile = new RawPeerClient(HOSTILE_ADDRESS, listener.port()).open(true)) {
            hostile.send(bomb);

            // gRPC inflates it only up to its 1 MiB limit; the node hears of it and charges the sender
            assertThat(hostile.closed().get(10, TimeUnit.SECONDS).isOk()).isFalse();
            assertThat(rejectReasonIn(hostile)).isEqualTo(RejectReason.OVERSIZED);
            awaitBanned(hostile);
            assertThat(listener.bans().active()).anySatisfy(ban -> assertThat(ban.reason())
                    .contains("inflated past"));
        }
        assertServesAnHonestPeer();
    }

    @Test
    void aSmallerGzipBombPastTheFrameLimitIsRefusedByTheNodesOwnCheck() throws Exception {
        // under gRPC's 1 MiB transport limit once inflated, over the 256 KiB link frame limit
        byte[] bomb = payloadFrame(listener.config().maxFrameBytes() * 3);
        try (RawPeerClient hostile = new RawPeerClient(HOSTILE_ADDRESS, listener.port()).open(true)) {
            hostile.send(bomb);

            hostile.closed().get(5, TimeUnit.SECONDS);
            assertThat(rejectReasonIn(hostile)).isEqualTo(RejectReason.OVERSIZED);
            awaitBanned(hostile);   // the ban is recorded beside the stream's end, not before it
        }
        assertServesAnHonestPeer();
    }

    @Test
    void aBannedPeerIsRefusedWhenItComesBack() throws Exception {
        try (RawPeerClient hostile = new RawPeerClient(HOSTILE_ADDRESS, listener.port()).open(false)) {
            hostile.send(new byte[] {0x0f});
            hostile.closed().get(5, TimeUnit.SECONDS);
        }
        try (RawPeerClient again = new RawPeerClient(HOSTILE_ADDRESS, listener.port()).open(false)) {
            again.closed().get(5, TimeUnit.SECONDS);
            assertThat(rejectReasonIn(again)).as("its address is banned too").isEqualTo(RejectReason.BANNED);
        }
    }

    @Test
    void aFrameOtherThanHelloFirstIsAProtocolViolation() throws Exception {
        try (RawPeerClient hostile = new RawPeerClient(HOSTILE_ADDRESS, listener.port()).open(false)) {
            hostile.send(payloadFrame(10));

            hostile.closed().get(5, TimeUnit.SECONDS);
            assertThat(rejectReasonIn(hostile)).isEqualTo(RejectReason.PROTOCOL_VIOLATION);
            assertThat(listener.score(hostile.peerId())).isEqualTo(50);
            assertThat(listener.bans().isBanned(hostile.peerId().toString())).as("half the budget").isFalse();
        }
        assertServesAnHonestPeer();
    }

    @Test
    void aPeerThatNeverSaysHelloIsCutOffAtTheHandshakeDeadline() throws Exception {
        PeerNode strict = nodes.start(P2pConfig.defaults(org.pouw.crypto.Ed25519.KeyPair.generate(),
                P2pTestNodes.CHAIN, "127.0.0.1", 0).withLimits(125, java.time.Duration.ofMillis(500), 64L << 20));
        try (RawPeerClient silent = new RawPeerClient(HOSTILE_ADDRESS, strict.port()).open(false)) {
            silent.closed().get(5, TimeUnit.SECONDS);
            assertThat(rejectReasonIn(silent)).isEqualTo(RejectReason.HANDSHAKE_TIMEOUT);
            assertThat(strict.bans().isBanned(silent.peerId().toString())).as("slow is no offence").isFalse();
        }
    }

    @Test
    void linksPastMaxLinksAreRefusedEvenBeforeTheirHandshake() throws Exception {
        PeerNode small = nodes.start(P2pConfig.defaults(org.pouw.crypto.Ed25519.KeyPair.generate(),
                P2pTestNodes.CHAIN, "127.0.0.1", 0).withLimits(2, java.time.Duration.ofSeconds(30), 64L << 20));
        try (RawPeerClient first = new RawPeerClient(HOSTILE_ADDRESS, small.port()).open(false);
                RawPeerClient second = new RawPeerClient(HOSTILE_ADDRESS, small.port()).open(false);
                RawPeerClient third = new RawPeerClient(HOSTILE_ADDRESS, small.port()).open(false)) {
            // whichever two arrive first hold both places, silent; the last is turned away at once
            List<RawPeerClient> all = List.of(first, second, third);
            CompletableFuture.anyOf(all.stream().map(RawPeerClient::closed).toArray(CompletableFuture[]::new))
                    .get(5, TimeUnit.SECONDS);
            List<RawPeerClient> refused = all.stream().filter(c -> c.closed().isDone()).toList();
            assertThat(refused).hasSize(1);
            assertThat(rejectReasonIn(refused.getFirst())).isEqualTo(RejectReason.TOO_MANY_PEERS);
        }
    }

    private void awaitBanned(RawPeerClient hostile) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> listener.bans().isBanned(hostile.peerId().toString())
                        && listener.bans().isBanned(HOSTILE_ADDRESS));
    }

    private void assertServesAnHonestPeer() throws Exception {
        PeerNode honest = nodes.start();
        assertThat(honest.connect("127.0.0.1", listener.port()).get(10, TimeUnit.SECONDS))
                .isEqualTo(listener.self());
        assertThat(honest.ping(listener.self()).get(5, TimeUnit.SECONDS)).isPositive();
    }

    private static byte[] payloadFrame(int bodyBytes) {
        return Frame.newBuilder().setPayload(Payload.newBuilder().setType(1)
                .setBody(ByteString.copyFrom(new byte[bodyBytes]))).build().toByteArray();
    }

    private static RejectReason rejectReasonIn(RawPeerClient client) throws Exception {
        for (byte[] bytes : client.received()) {
            Frame frame = Frame.parseFrom(bytes);
            if (frame.hasReject()) {
                return RejectReason.ofCode(frame.getReject().getCode()).orElseThrow();
            }
        }
        return null;
    }

    /** Writes until the peer resets the connection or closes it; false if it never did. */
    private static boolean writeUntilCutOff(Socket socket, byte[] garbage) throws IOException {
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        try {
            out.write(garbage);
            out.flush();
            byte[] buffer = new byte[4096];
            while (in.read(buffer) >= 0) {
                // the TLS alert, if any, then end of stream
            }
            return true;
        } catch (SocketException reset) {
            return true;
        }
    }
}

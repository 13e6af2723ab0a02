package org.pouw.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.pouw.crypto.Ed25519;

/** Objects over the bulk stream: chunked, size-checked, either direction, beside the link's small frames. */
class BulkTransferTest {
    private static final int OBJECT = 9;
    private static final int BLOCK_INV = 2;
    private static final Duration ANNOUNCEMENT_BOUND = Duration.ofSeconds(2);

    @Test
    void anObjectOfSeveralChunksArrivesWholeInBothDirections() throws Exception {
        try (P2pTestNodes nodes = new P2pTestNodes()) {
            PeerNode dialer = nodes.start();
            PeerNode listener = nodes.start();
            byte[] big = random(3 * (1 << 20) + 12_345, 1);
            byte[] small = random(10, 2);
            listener.serve(OBJECT, (asker, id) -> id[0] == 1 ? Optional.of(big) : Optional.empty());
            dialer.serve(OBJECT, (asker, id) -> id[0] == 2 ? Optional.of(small) : Optional.empty());
            dialer.connect("127.0.0.1", listener.port()).get(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> listener.isConnected(dialer.self()));

            assertThat(dialer.fetch(listener.self(), OBJECT, new byte[] {1}).get(10, TimeUnit.SECONDS))
                    .isEqualTo(big);
            assertThat(listener.fetch(dialer.self(), OBJECT, new byte[] {2}).get(10, TimeUnit.SECONDS))
                    .as("the listener asks over the stream the dialer opened").isEqualTo(small);
            assertThat(dialer.fetch(listener.self(), OBJECT, new byte[] {3}))
                    .failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(NoSuchElementException.class);
            assertThat(dialer.fetch(listener.self(), 12345, new byte[] {1}))
                    .as("a type nobody serves").failsWithin(Duration.ofSeconds(5))
                    .withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(NoSuchElementException.class);
            assertThatThrownBy(() -> dialer.fetch(listener.self(), OBJECT, new byte[0]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 64 bytes");
        }
    }

    @Test
    void progressIsToldChunkByChunkAndADroppedTransferCostsItsServerNothing() throws Exception {
        try (P2pTestNodes nodes = new P2pTestNodes()) {
            PeerNode dialer = nodes.start();
            PeerNode listener = nodes.start();
            byte[] big = random(3 * (1 << 20) + 5, 4);
            listener.serve(OBJECT, (asker, id) -> Optional.of(big));
            dialer.connect("127.0.0.1", listener.port()).get(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> listener.isConnected(dialer.self()));

            List<long[]> told = new CopyOnWriteArrayList<>();
            byte[] fetched = dialer.fetch(listener.self(), OBJECT, new byte[] {1},
                    (declared, received) -> told.add(new long[] {declared, received})).get(30, TimeUnit.SECONDS);
            assertThat(fetched).isEqualTo(big);
            assertThat(told).as("after each chunk but the last").hasSize(3);
            for (int i = 0; i < told.size(); i++) {
                assertThat(told.get(i)).containsExactly(big.length, (long) (i + 1) << 20);
            }

            // dropped by the asker while its chunks come: the rest are discarded, and nobody is punished
            List<long[]> dropped = new CopyOnWriteArrayList<>();
            CompletableFuture<byte[]> abandoned = dialer.fetch(listener.self(), OBJECT, new byte[] {2},
                    (declared, received) -> dropped.add(new long[] {declared, received}));
            abandoned.cancel(false);
            assertThat(dialer.fetch(listener.self(), OBJECT, new byte[] {3}).get(30, TimeUnit.SECONDS))
                    .as("the link serves the next object").isEqualTo(big);
            assertThat(dropped).as("a dropped transfer tells nothing more").isEmpty();
            assertThat(dialer.isConnected(listener.self())).isTrue();
            assertThat(dialer.score(listener.self())).isZero();
        }
    }

    @Test
    void aSourceThatFailsAnswersNotFoundAndTheStreamStays() throws Exception {
        try (P2pTestNodes nodes = new P2pTestNodes()) {
            PeerNode dialer = nodes.start();
            PeerNode listener = nodes.start();
            listener.serve(OBJECT, (asker, id) -> {
                if (id[0] == 0) {
                    throw new IllegalStateException("a bug in the layer above");
                }
                return Optional.of(id);
            });
            dialer.connect("127.0.0.1", listener.port()).get(5, TimeUnit.SECONDS);

            assertThat(dialer.fetch(listener.self(), OBJECT, new byte[] {0})).failsWithin(Duration.ofSeconds(5))
                    .withThrowableOfType(ExecutionException.class).withCauseInstanceOf(NoSuchElementException.class);
            assertThat(dialer.fetch(listener.self(), OBJECT, new byte[] {5}).get(5, TimeUnit.SECONDS))
                    .containsExactly(5);
        }
    }

    @Test
    void anEmptyObjectIsAnObjectToo() throws Exception {
        try (P2pTestNodes nodes = new P2pTestNodes()) {
            PeerNode dialer = nodes.start();
            PeerNode listener = nodes.start();
            listener.serve(OBJECT, (asker, id) -> Optional.of(new byte[0]));
            dialer.connect("127.0.0.1", listener.port()).get(5, TimeUnit.SECONDS);

            assertThat(dialer.fetch(listener.self(), OBJECT, new byte[] {1}).get(5, TimeUnit.SECONDS)).isEmpty();
        }
    }

    @Test
    void anObjectOverTheReceiversLimitIsRefusedAtItsFirstChunk() throws Exception {
        try (P2pTestNodes nodes = new P2pTestNodes()) {
            P2pConfig defaults = P2pConfig.defaults(Ed25519.KeyPair.generate(), P2pTestNodes.CHAIN, "127.0.0.1", 0);
            PeerNode careful = nodes.start(defaults.withLimits(defaults.maxLinks(), defaults.handshakeTimeout(),
                    1 << 20));
            PeerNode server = nodes.start();
            server.serve(OBJECT, (asker, id) -> Optional.of(new byte[(1 << 20) + 1]));
            careful.connect("127.0.0.1", server.port()).get(5, TimeUnit.SECONDS);

            assertThatThrownBy(() -> careful.fetch(server.self(), OBJECT, new byte[] {1}).get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(PeerRefusedException.class)
                    .hasMessageContaining("limit 1048576");
            await().atMost(Duration.ofSeconds(5)).until(() -> !careful.isConnected(server.self()));
            assertThat(careful.bans().isBanned(server.self().toString())).isTrue();
        }
    }

    @Test
    void announcementsKeepFlowingWhileALargeObjectIsInFlight() throws Exception {
        try (P2pTestNodes nodes = new P2pTestNodes()) {
            PeerNode dialer = nodes.start();
            PeerNode listener = nodes.start();
            byte[] huge = random(16 << 20, 3);
            listener.serve(OBJECT, (asker, id) -> Optional.of(huge));
            List<Boolean> bulkDoneWhenHeard = new CopyOnWriteArrayList<>();
            CompletableFuture<?>[] transfer = new CompletableFuture<?>[1];
            dialer.onPayload(1, (from, body) -> bulkDoneWhenHeard.add(transfer[0].isDone()));
            dialer.connect("127.0.0.1", listener.port()).get(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> listener.isConnected(dialer.self()));

            transfer[0] = dialer.fetch(listener.self(), OBJECT, new byte[] {1});
            for (int i = 0; i < 5; i++) {
                listener.send(dialer.self(), 1, new byte[] {(byte) i});
            }

            assertThat(transfer[0].get(60, TimeUnit.SECONDS)).isEqualTo(huge);
            assertThat(bulkDoneWhenHeard).hasSize(5);
            assertThat(bulkDoneWhenHeard).as("every announcement overtook the 16 MiB object").containsOnly(false);
        }
    }

    /**
     * Issue 20's "a 35 MB opening in flight while blocks propagate", on the transport: the node serving a 35 MiB
     * object over the bulk stream announces blocks to the same peer, over the same TCP connection, while its chunks
     * go out. Every announcement must arrive within {@link #ANNOUNCEMENT_BOUND} of being made, and the first must
     * arrive while the object is still in flight: an announcement queued behind the object would wait for the rest of
     * its 35 MiB. The bound is loose on purpose (a loaded 2-core machine delays any thread by hundreds of
     * milliseconds); the order is the strict part.
     */
    @Test
    void blockAnnouncementsArriveWithinTheirBoundWhileA35MegabyteOpeningIsInFlight() throws Exception {
        try (P2pTestNodes nodes = new P2pTestNodes()) {
            PeerNode asker = nodes.start();
            PeerNode server = nodes.start();
            byte[] opening = random(35 << 20, 5);
            server.serve(OBJECT, (from, id) -> Optional.of(opening));
            List<Heard> heard = new CopyOnWriteArrayList<>();
            List<CompletableFuture<byte[]>> transfer = new CopyOnWriteArrayList<>();
            asker.onAnnounced(BLOCK_INV, (from, ids) -> {
                long now = System.nanoTime();
                boolean inFlight = !transfer.isEmpty() && !transfer.getFirst().isDone();
                for (byte[] id : ids) {
                    heard.add(new Heard(ByteBuffer.wrap(id).getInt(8), now - ByteBuffer.wrap(id).getLong(), inFlight));
                }
            });
            asker.connect("127.0.0.1", server.port()).get(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.isConnected(asker.self()));

            CountDownLatch moving = new CountDownLatch(1);
            long started = System.nanoTime();
            transfer.add(asker.fetch(server.self(), OBJECT, new byte[] {1}, (declared, received) ->
                    moving.countDown()));
            assertThat(moving.await(60, TimeUnit.SECONDS)).as("the object's first chunk arrived").isTrue();
            int sent = 0;
            while (!transfer.getFirst().isDone() && sent < 200) {
                server.announce(BLOCK_INV, blockId(sent++));
                Thread.sleep(20);
            }
            assertThat(transfer.getFirst().get(120, TimeUnit.SECONDS)).isEqualTo(opening);
            double transferMs = (System.nanoTime() - started) / 1e6;
            int announced = sent;
            await().atMost(ANNOUNCEMENT_BOUND.multipliedBy(2)).until(() -> heard.size() == announced);

            long worstMs = heard.stream().mapToLong(h -> h.latencyNanos() / 1_000_000).max().orElseThrow();
            System.out.printf(java.util.Locale.ROOT, "35 MiB over the bulk stream in %.0f ms; %d block announcements"
                    + " made meanwhile, the slowest heard after %d ms%n", transferMs, announced, worstMs);
            assertThat(heard.stream().filter(h -> h.sequence() == 0).findFirst().orElseThrow().inFlight())
                    .as("the first announcement overtook the rest of the 35 MiB object").isTrue();
            assertThat(heard).allSatisfy(h -> assertThat(Duration.ofNanos(h.latencyNanos()))
                    .as("announcement %d", h.sequence()).isLessThanOrEqualTo(ANNOUNCEMENT_BOUND));
        }
    }

    /** A block hash's stand-in: when it was announced (this process's clock) and its place in the sequence. */
    private static byte[] blockId(int sequence) {
        return ByteBuffer.allocate(32).putLong(System.nanoTime()).putInt(sequence).array();
    }

    private record Heard(int sequence, long latencyNanos, boolean inFlight) {
    }

    private static byte[] random(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}

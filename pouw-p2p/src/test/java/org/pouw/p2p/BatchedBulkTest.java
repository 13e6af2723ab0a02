package org.pouw.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.pouw.p2p.wire.BulkBatch;
import org.pouw.p2p.wire.BulkFrame;
import org.pouw.p2p.wire.Chunk;
import org.pouw.p2p.wire.FetchRequest;

/**
 * Fetches made while one frame is handled leave as one batch frame, and the answers come back together: the objects
 * arrive whole and right, a missing one as not found, a large one in chunks of its own. A batch over the request
 * limit, or answers to nothing asked, are charged to the peer that sent them.
 */
class BatchedBulkTest {
    private static final int OBJECT = 9;
    private static final int WANT = 4;

    @Test
    void everyObjectAskedForInOneHandlingArrivesRight() throws Exception {
        try (P2pTestNodes nodes = new P2pTestNodes()) {
            PeerNode asker = nodes.start();
            PeerNode server = nodes.start();
            Map<Integer, byte[]> objects = new ConcurrentHashMap<>();
            for (int i = 0; i < 400; i++) {
                byte[] body = new byte[i == 200 ? 700 * 1024 : 100 + i];     // one too large to go in a batch
                ByteBuffer.wrap(body).putInt(i);
                objects.put(i, body);
            }
            server.serve(OBJECT, (by, id) -> Optional.ofNullable(objects.get(ByteBuffer.wrap(id).getInt())));
            Map<Integer, CompletableFuture<byte[]>> answers = new ConcurrentHashMap<>();
            // one payload names 420 ids; the handler asks for them all while the frame is handled
            asker.onPayload(WANT, (from, body) -> {
                ByteBuffer ids = ByteBuffer.wrap(body);
                while (ids.hasRemaining()) {
                    int i = ids.getInt();
                    answers.put(i, asker.fetch(from, OBJECT, ByteBuffer.allocate(4).putInt(i).array()));
                }
            });
            asker.connect("127.0.0.1", server.port()).get(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.isConnected(asker.self()));

            ByteBuffer wanted = ByteBuffer.allocate(420 * 4);
            for (int i = 0; i < 420; i++) {
                wanted.putInt(i);
            }
            server.send(asker.self(), WANT, wanted.array());
            await().atMost(Duration.ofSeconds(20)).until(() -> answers.size() == 420
                    && answers.values().stream().allMatch(CompletableFuture::isDone));

            for (int i = 0; i < 400; i++) {
                assertThat(answers.get(i).get()).as("object %d", i).isEqualTo(objects.get(i));
            }
            for (int i = 400; i < 420; i++) {
                assertThat(answers.get(i)).failsWithin(Duration.ZERO)
                        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                        .withCauseInstanceOf(NoSuchElementException.class);
            }
            assertThat(server.score(asker.self())).isZero();
            assertThat(asker.score(server.self())).isZero();
        }
    }

    @Test
    void aBatchOfMoreRequestsThanTheLimitIsRefusedAsOversized() throws Exception {
        try (P2pTestNodes nodes = new P2pTestNodes()) {
            PeerNode hostile = nodes.start();
            PeerNode victim = nodes.start();
            List<byte[]> served = new java.util.concurrent.CopyOnWriteArrayList<>();
            victim.serve(OBJECT, (by, id) -> {
                served.add(id);
                return Optional.of(id);
            });
            hostile.connect("127.0.0.1", victim.port()).get(5, TimeUnit.SECONDS);
            FrameStream bulk = bulkStream(hostile, victim);

            List<FetchRequest> requests = new ArrayList<>();
            for (int i = 0; i <= BulkChannel.MAX_BATCH_REQUESTS; i++) {
                requests.add(FetchRequest.newBuilder().setRequestId(i + 1).setType(OBJECT)
                        .setId(ByteString.copyFrom(new byte[] {(byte) i, 1})).build());
            }
            bulk.send(BulkFrame.newBuilder().setBatch(BulkBatch.newBuilder().addAllRequests(requests)).build()
                    .toByteArray());

            await().atMost(Duration.ofSeconds(10)).until(() -> victim.bans().isBanned(hostile.self().toString()));
            assertThat(served).as("nothing of the oversized batch is served").isEmpty();
        }
    }

    @Test
    void answersInABatchToNothingAskedAreChargedAsUnsolicited() throws Exception {
        try (P2pTestNodes nodes = new P2pTestNodes()) {
            PeerNode hostile = nodes.start();
            PeerNode victim = nodes.start();
            hostile.connect("127.0.0.1", victim.port()).get(5, TimeUnit.SECONDS);
            FrameStream bulk = bulkStream(hostile, victim);

            bulk.send(BulkFrame.newBuilder().setBatch(BulkBatch.newBuilder()
                    .addChunks(Chunk.newBuilder().setRequestId(77).setTotalSize(1).setData(ByteString.copyFrom(
                            new byte[] {1})))).build().toByteArray());

            await().atMost(Duration.ofSeconds(10)).until(() -> victim.score(hostile.self()) == 5);
        }
    }

    /** The hostile side's end of its bulk stream to the victim, once the victim has attached it. */
    private static FrameStream bulkStream(PeerNode from, PeerNode to) {
        await().atMost(Duration.ofSeconds(5)).until(() -> to.isConnected(from.self())
                && to.openLink(from.self()).map(link -> link.bulk().open() != null).orElse(false));
        return from.openLink(to.self()).orElseThrow().bulk().open();
    }
}

package org.pouw.store.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pouw.chain.block.BlockHeader;
import org.pouw.chain.block.Equivocation;
import org.pouw.chain.evidence.EquivocationWatch;
import org.pouw.chain.mining.MinedStep;
import org.pouw.chain.mining.MiningProof;
import org.pouw.chain.port.WatchedHeaders;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.wire.Bytes32;
import org.pouw.store.ChainStores;

/**
 * The equivocation watch's memory on a real database (docs/chain.md §5.4), run against every adapter (SQLite here,
 * PostgreSQL in an IT): the first header a key signed on a parent stays first, the oldest go past the capacity, and a
 * node restarted between an offender's two headers still turns the second into evidence.
 */
public abstract class WatchedHeadersContract extends StorageTestBase {
    private static final Bytes32 CHAIN = bytes("chain");
    private static final Ed25519.KeyPair ALICE = key(1);
    private static final Ed25519.KeyPair BOB = key(2);
    private static final List<BlockHeader> ALICES = List.of(header(ALICE, bytes("p1"), 1_000),
            header(ALICE, bytes("p2"), 1_000), header(ALICE, bytes("p3"), 1_000));

    /** Alice's first header signed again with another timestamp: a second, valid header on the same parent. */
    private static BlockHeader twin(BlockHeader h) {
        return BlockHeader.sign(ALICE, CHAIN, h.height(), h.parent(), h.timestamp() + 1, h.bits(), h.txRoot(),
                h.stateRoot(), h.taskId(), h.proof());
    }

    /** A signed header with a one-step segment; the watch reads only its parent, signer, hash and signature. */
    private static BlockHeader header(Ed25519.KeyPair miner, Bytes32 parent, long timestamp) {
        MinedStep step = new MinedStep(7, bytes("before"), bytes("batch"), bytes("after"), parent, 1);
        MiningProof proof = new MiningProof(step.leafHash(), 1, step.stateBefore(), step, List.of(), 0);
        return BlockHeader.sign(miner, CHAIN, 5, parent, timestamp, 0x1d00ffff, bytes("txs"), bytes("state"),
                bytes("task"), proof);
    }

    private static Bytes32 bytes(String label) {
        return Bytes32.of(Blake3.hash(label.getBytes(StandardCharsets.UTF_8)));
    }

    private static Ed25519.KeyPair key(int seed) {
        byte[] secret = new byte[32];
        secret[31] = (byte) seed;
        return Ed25519.KeyPair.fromPrivateKey(secret);
    }

    @Test
    void theFirstHeaderOfASignerOnAParentComesBackAndStaysFirst() {
        WatchedHeaders watched = ChainStores.watchedHeaders(storage, 100);
        BlockHeader first = ALICES.getFirst();
        assertThat(watched.first(first.parent(), first.miner())).isEmpty();

        watched.remember(first);
        watched.remember(twin(first));

        assertThat(watched.first(first.parent(), first.miner()).map(BlockHeader::encode))
                .hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(first.encode()));
        assertThat(watched.first(first.parent(), Bytes32.of(BOB.publicKey()))).isEmpty();
        assertThat(watched.size()).isEqualTo(1);
    }

    @Test
    void pastTheCapacityTheOldestAreForgotten() {
        WatchedHeaders watched = ChainStores.watchedHeaders(storage, 2);
        ALICES.forEach(watched::remember);

        assertThat(watched.size()).isEqualTo(2);
        BlockHeader oldest = ALICES.getFirst();
        assertThat(watched.first(oldest.parent(), oldest.miner())).isEmpty();
        BlockHeader newest = ALICES.getLast();
        assertThat(watched.first(newest.parent(), newest.miner())).isPresent();
    }

    @Test
    void aRestartBetweenTheTwoHeadersStillCatchesTheEquivocation() {
        BlockHeader first = ALICES.getFirst();
        EquivocationWatch before = new EquivocationWatch(CHAIN, ChainStores.watchedHeaders(storage, 100));
        assertThat(before.observe(first)).isEmpty();

        storage.close();
        storage = database.open();
        EquivocationWatch after = new EquivocationWatch(CHAIN, ChainStores.watchedHeaders(storage, 100));
        Optional<Equivocation> evidence = after.observe(twin(first));

        assertThat(evidence).as("the second header after a restart").isPresent();
        assertThat(evidence.get().first().encode()).isEqualTo(first.encode());
        assertThat(evidence.get().defect(CHAIN)).isNull();
        assertThat(evidence.get().offender()).isEqualTo(Bytes32.of(ALICE.publicKey()));
    }
}

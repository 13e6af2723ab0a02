package org.pouw.chain.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pouw.chain.block.BlockHeader;
import org.pouw.chain.block.Equivocation;
import org.pouw.chain.mining.MinedStep;
import org.pouw.chain.mining.MiningProof;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.wire.Bytes32;

/**
 * The node's memory of who signed what on which parent (docs/chain.md §5.4): a second, different header of one key on
 * one parent is evidence; the same block again, other parents or other keys are not; a header whose signature does not
 * verify for this chain is neither evidence nor remembered, so it can not stand in for the real first header.
 */
class EquivocationWatchTest {
    private static final Bytes32 CHAIN = bytes("chain");
    private static final Bytes32 PARENT = bytes("parent");
    private static final Ed25519.KeyPair ALICE = key(1);
    private static final Ed25519.KeyPair BOB = key(2);

    private final EquivocationWatch watch = new EquivocationWatch(CHAIN, 1_000);

    @Test
    void aSecondHeaderOfOneKeyOnOneParentIsEvidenceAndTheSameBlockAgainIsNot() {
        BlockHeader first = header(ALICE, CHAIN, PARENT, 1_000);
        BlockHeader second = header(ALICE, CHAIN, PARENT, 1_001);
        assertThat(watch.observe(first)).isEmpty();
        assertThat(watch.observe(first)).isEmpty();

        Optional<Equivocation> evidence = watch.observe(second);

        assertThat(evidence).isPresent();
        assertThat(evidence.get().first()).isEqualTo(first);
        assertThat(evidence.get().second()).isEqualTo(second);
        assertThat(evidence.get().offender()).isEqualTo(Bytes32.of(ALICE.publicKey()));
        assertThat(evidence.get().defect(CHAIN)).isNull();
    }

    @Test
    void otherParentsAndOtherKeysAreNotEvidence() {
        assertThat(watch.observe(header(ALICE, CHAIN, PARENT, 1_000))).isEmpty();
        assertThat(watch.observe(header(ALICE, CHAIN, bytes("another parent"), 1_001))).isEmpty();
        assertThat(watch.observe(header(BOB, CHAIN, PARENT, 1_002))).isEmpty();
        assertThat(watch.size()).isEqualTo(3);
    }

    @Test
    void headersThatDoNotVerifyForThisChainAreNeitherEvidenceNorRemembered() {
        BlockHeader real = header(ALICE, CHAIN, PARENT, 1_000);
        BlockHeader forged = withSignatureFlipped(header(ALICE, CHAIN, PARENT, 1_001));
        BlockHeader otherChain = header(ALICE, bytes("another chain"), PARENT, 1_002);

        assertThat(watch.observe(forged)).isEmpty();
        assertThat(watch.observe(otherChain)).isEmpty();
        assertThat(watch.size()).isZero();
        assertThat(watch.observe(real)).isEmpty();
        assertThat(watch.observe(forged)).isEmpty();
        assertThat(watch.observe(otherChain)).isEmpty();
        // A copy of the real header with a broken signature names the same block: no evidence either.
        assertThat(watch.observe(withSignatureFlipped(real))).isEmpty();
        assertThat(watch.observe(header(ALICE, CHAIN, PARENT, 1_003))).isPresent();
    }

    @Test
    void pastItsCapacityTheOldestHeadersAreForgotten() {
        EquivocationWatch small = new EquivocationWatch(CHAIN, 2);
        small.observe(header(ALICE, CHAIN, bytes("p1"), 1_000));
        small.observe(header(ALICE, CHAIN, bytes("p2"), 1_000));
        small.observe(header(ALICE, CHAIN, bytes("p3"), 1_000));
        assertThat(small.size()).isEqualTo(2);
        assertThat(small.observe(header(ALICE, CHAIN, bytes("p1"), 1_001))).as("forgotten").isEmpty();
        assertThat(small.observe(header(ALICE, CHAIN, bytes("p3"), 1_001))).isPresent();
    }

    /** A signed header with a one-step segment; the watch reads only its parent, signer, hash and signature. */
    private static BlockHeader header(Ed25519.KeyPair miner, Bytes32 chain, Bytes32 parent, long timestamp) {
        MinedStep step = new MinedStep(7, bytes("before"), bytes("batch"), bytes("after"), parent, 1);
        MiningProof proof = new MiningProof(step.leafHash(), 1, step.stateBefore(), step, List.of(), 0);
        return BlockHeader.sign(miner, chain, 5, parent, timestamp, 0x1d00ffff, bytes("txs"), bytes("state"),
                bytes("task"), proof);
    }

    private static BlockHeader withSignatureFlipped(BlockHeader h) {
        byte[] signature = h.signature();
        signature[5] ^= 1;
        return new BlockHeader(h.height(), h.parent(), h.timestamp(), h.bits(), h.txRoot(), h.stateRoot(), h.miner(),
                h.taskId(), h.proof(), signature);
    }

    private static Bytes32 bytes(String label) {
        return Bytes32.of(Blake3.hash(label.getBytes(StandardCharsets.UTF_8)));
    }

    private static Ed25519.KeyPair key(int seed) {
        byte[] secret = new byte[32];
        secret[31] = (byte) seed;
        return Ed25519.KeyPair.fromPrivateKey(secret);
    }
}

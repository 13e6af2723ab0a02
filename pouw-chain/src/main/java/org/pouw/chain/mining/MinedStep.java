package org.pouw.chain.mining;

import java.nio.charset.StandardCharsets;
import org.pouw.crypto.MerkleTree;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;

/**
 * One training step a miner did, as its segment commits to it (docs/chain.md §3.1): step {@code step} took the state
 * hashing to {@code stateBefore}, trained on the batch hashing to {@code batchHash} — drawn for the chain tip
 * {@code tip} — and produced the state hashing to {@code stateAfter}; it yields {@code tickets} tickets (§3.2).
 *
 * <p>Leaf data: {@code "pouw-chain-step-v1" ‖ step i64 ‖ stateBefore ‖ batchHash ‖ stateAfter ‖ tip ‖ tickets i32};
 * the segment's Merkle tree hashes it as {@code BLAKE3(0x00 ‖ data)}.
 */
public record MinedStep(long step, Bytes32 stateBefore, Bytes32 batchHash, Bytes32 stateAfter, Bytes32 tip,
                        int tickets) {
    private static final byte[] DOMAIN = "pouw-chain-step-v1".getBytes(StandardCharsets.US_ASCII);

    public MinedStep {
        if (stateBefore == null || batchHash == null || stateAfter == null || tip == null) {
            throw new IllegalArgumentException("a mined step needs both state hashes, its batch hash and its tip");
        }
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, got " + step);
        }
        if (tickets < 0) {
            throw new IllegalArgumentException("tickets must be >= 0, got " + tickets);
        }
    }

    public Bytes32 leafHash() {
        CanonicalWriter data = new CanonicalWriter(DOMAIN.length + 8 + 4 * Bytes32.LENGTH + 4).raw(DOMAIN).i64(step)
                .bytes32(stateBefore).bytes32(batchHash).bytes32(stateAfter).bytes32(tip).i32(tickets);
        return Bytes32.of(MerkleTree.leafHash(data.toByteArray()));
    }

    public void writeTo(CanonicalWriter out) {
        out.i64(step).bytes32(stateBefore).bytes32(batchHash).bytes32(stateAfter).bytes32(tip).i32(tickets);
    }

    public static MinedStep read(CanonicalReader in, int maxTickets) {
        return new MinedStep(in.i64InRange("step", 0, Long.MAX_VALUE), in.bytes32("state before"),
                in.bytes32("batch hash"), in.bytes32("state after"), in.bytes32("tip"),
                in.i32InRange("tickets", 0, maxTickets));
    }
}

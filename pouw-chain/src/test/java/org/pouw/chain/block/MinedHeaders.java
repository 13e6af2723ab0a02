package org.pouw.chain.block;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.pouw.chain.difficulty.CompactTarget;
import org.pouw.chain.mining.MinedStep;
import org.pouw.chain.mining.MiningProof;
import org.pouw.chain.mining.OpenedBatch;
import org.pouw.chain.mining.WinnerOpening;
import org.pouw.chain.mining.Tickets;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.MerkleTree;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.wire.Bytes32;

/**
 * Headers for tests of the rules that need no replay: a segment of steps with made-up state hashes, mined until its
 * last step has a winning ticket. (Whether the steps are honest training is the body's replay's business.)
 */
final class MinedHeaders {
    static final Bytes32 CHAIN = bytes("chain");
    static final Bytes32 PARENT = bytes("parent");
    static final long PARENT_HEIGHT = 41;
    static final Ed25519.KeyPair ALICE = key(1);
    static final Ed25519.KeyPair MALLORY = key(2);
    /** One ticket in 256 wins. */
    static final int BITS = CompactTarget.encode(BigInteger.ONE.shiftLeft(248));
    static final int TICKETS = 2_000;
    /** An opening of made-up state bytes and two records of a five-record dataset, proofs and all. */
    static final WinnerOpening OPENING = new WinnerOpening(new byte[] {1, 2, 3, 4},
            OpenedBatch.open(Dataset.of(new float[][] {{1, 2}, {3, 4}, {5, 6}, {7, 8}, {9, 10}},
                    new int[] {0, 1, 0, 1, 0}, 2), new int[] {3, 1}));

    record Mined(BlockHeader header, List<MinedStep> segment) {
    }

    private MinedHeaders() {
    }

    static Mined mine(Ed25519.KeyPair miner, Bytes32 tip, int bits, int tickets) {
        BigInteger target = CompactTarget.decode(bits);
        Bytes32 minerKey = Bytes32.of(miner.publicKey());
        List<MinedStep> segment = new ArrayList<>();
        Bytes32 state = bytes("start");
        for (long step = 100; ; step++) {
            Bytes32 next = bytes("state " + step);
            MinedStep mined = new MinedStep(step, state, bytes("batch " + step), next, tip, tickets);
            segment.add(mined);
            state = next;
            int j = Tickets.firstWinning(CHAIN, mined, minerKey, target);
            if (j >= 0) {
                return new Mined(sign(miner, segment, j, bits, bytes("transactions"), 1_000), segment);
            }
        }
    }

    static BlockHeader sign(Ed25519.KeyPair miner, List<MinedStep> segment, int j, int bits, Bytes32 txRoot,
                            long timestamp) {
        MiningProof proof = proofFor(segment, segment.size() - 1, j);
        return BlockHeader.sign(miner, CHAIN, PARENT_HEIGHT + 1, PARENT, timestamp, bits, txRoot, bytes("state"),
                bytes("task"), proof);
    }

    /** A proof naming leaf {@code index} of the segment as the winner. */
    static MiningProof proofFor(List<MinedStep> segment, int index, int j) {
        byte[][] leaves = segment.stream().map(s -> s.leafHash().toArray()).toArray(byte[][]::new);
        MerkleTree tree = MerkleTree.ofLeafHashes(leaves);
        List<Bytes32> path = tree.prove(index).siblings().stream().map(Bytes32::of).toList();
        return new MiningProof(Bytes32.of(tree.root()), segment.size(), segment.get(0).stateBefore(),
                segment.get(index), path, j);
    }

    static Bytes32 bytes(String label) {
        return Bytes32.of(Blake3.hash(label.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    static Ed25519.KeyPair key(int seed) {
        byte[] secret = new byte[32];
        secret[31] = (byte) seed;
        return Ed25519.KeyPair.fromPrivateKey(secret);
    }
}

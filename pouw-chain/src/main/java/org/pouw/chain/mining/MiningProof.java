package org.pouw.chain.mining;

import java.util.ArrayList;
import java.util.List;
import org.pouw.crypto.MerkleTree;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;

/**
 * A header's {@code ml_proof} (docs/chain.md §5.1, §7): the miner's segment since its previous block — its Merkle
 * root over {@code length} mined steps and the state hash it started from — and the winning step, which is the
 * segment's last leaf, with its Merkle path and the index {@code j} of its winning ticket. The segment ends in the
 * winner's {@code stateAfter}.
 */
public record MiningProof(Bytes32 segmentRoot, int length, Bytes32 startState, MinedStep winner, List<Bytes32> path,
                          int j) {
    /** A Merkle path over fewer than 2^31 leaves has at most 31 siblings. */
    private static final int MAX_PATH = 31;

    public MiningProof {
        if (segmentRoot == null || startState == null || winner == null || path == null) {
            throw new IllegalArgumentException("a mining proof needs its segment root, start state, winner and path");
        }
        if (length < 1) {
            throw new IllegalArgumentException("segment length must be >= 1, got " + length);
        }
        if (j < 0) {
            throw new IllegalArgumentException("ticket index must be >= 0, got " + j);
        }
        path = List.copyOf(path);
    }

    public Bytes32 endState() {
        return winner.stateAfter();
    }

    /** Whether the winner is the last leaf of the committed segment. */
    public boolean winnerIsCommitted() {
        List<byte[]> siblings = new ArrayList<>(path.size());
        for (Bytes32 sibling : path) {
            siblings.add(sibling.toArray());
        }
        return new MerkleTree.Proof(length - 1, length, siblings)
                .verify(segmentRoot.toArray(), winner.leafHash().toArray());
    }

    public void writeTo(CanonicalWriter out) {
        out.bytes32(segmentRoot).i32(length).bytes32(startState);
        winner.writeTo(out);
        out.i32(path.size());
        for (Bytes32 sibling : path) {
            out.bytes32(sibling);
        }
        out.i32(j);
    }

    public static MiningProof read(CanonicalReader in, int maxTickets) {
        Bytes32 root = in.bytes32("segment root");
        int length = in.i32InRange("segment length", 1, Integer.MAX_VALUE);
        Bytes32 start = in.bytes32("start state");
        MinedStep winner = MinedStep.read(in, maxTickets);
        int count = in.count("path", MAX_PATH, Bytes32.LENGTH);
        List<Bytes32> path = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            path.add(in.bytes32("path"));
        }
        return new MiningProof(root, length, start, winner, path, in.i32InRange("ticket index", 0, maxTickets));
    }
}

package org.pouw.ml.audit;

import java.util.Arrays;
import org.pouw.crypto.MerkleTree;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;

/**
 * The worker's opening of one audited step: the full state before it (encoded {@link
 * org.pouw.ml.train.TrainingState}), the hash it claims after it, and the Merkle proof of its leaf. Unless it is
 * the last step of the range, it also opens the next step's leaf ({@code nextStateAfter} and its proof), so the
 * verifier sees that the next step starts where this one ended — without that link a worker could commit to
 * individually honest steps that do not form one chain.
 *
 * <p>The batch hash is not sent: the verifier derives the batch from (seed, step) itself.
 */
public record StepOpening(long step, byte[] stateBefore, Bytes32 stateAfter, MerkleTree.Proof proof,
                          Bytes32 nextStateAfter, MerkleTree.Proof nextProof) {
    public static final int MAX_STATE_BYTES = 1 << 30;

    public StepOpening {
        if (stateBefore == null || stateAfter == null || proof == null) {
            throw new IllegalArgumentException("state before, state after and proof must be set");
        }
        if ((nextStateAfter == null) != (nextProof == null)) {
            throw new IllegalArgumentException("the next leaf is opened with both its state hash and its proof, or not at all");
        }
        stateBefore = stateBefore.clone();
    }

    @Override
    public byte[] stateBefore() {
        return stateBefore.clone();
    }

    /** The encoded state without a defensive copy, for this package's encoder and auditor (which only read it). */
    byte[] stateBeforeView() {
        return stateBefore;
    }

    public boolean opensNextLeaf() {
        return nextProof != null;
    }

    void encodeTo(CanonicalWriter out) {
        out.i64(step).bytes(stateBefore).bytes32(stateAfter);
        InclusionProofCodec.encode(proof, out);
        out.bool(opensNextLeaf());
        if (opensNextLeaf()) {
            out.bytes32(nextStateAfter);
            InclusionProofCodec.encode(nextProof, out);
        }
    }

    static StepOpening decode(CanonicalReader in) {
        long step = in.i64InRange("opened step", 0, Long.MAX_VALUE);
        byte[] state = in.bytes("state before", MAX_STATE_BYTES);
        Bytes32 after = in.bytes32("state after");
        MerkleTree.Proof proof = InclusionProofCodec.decode(in, "leaf proof");
        Bytes32 nextAfter = null;
        MerkleTree.Proof nextProof = null;
        if (in.bool("opens next leaf")) {
            nextAfter = in.bytes32("next state after");
            nextProof = InclusionProofCodec.decode(in, "next leaf proof");
        }
        return new StepOpening(step, state, after, proof, nextAfter, nextProof);
    }

    /** Value equality over the canonical encoding (records would compare the arrays by identity). */
    @Override
    public boolean equals(Object other) {
        return other instanceof StepOpening that && Arrays.equals(encoded(), that.encoded());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded());
    }

    @Override
    public String toString() {
        return "StepOpening[step=" + step + ", stateBefore=" + stateBefore.length + " bytes, stateAfter=" + stateAfter + "]";
    }

    private byte[] encoded() {
        CanonicalWriter out = new CanonicalWriter(stateBefore.length + 256);
        encodeTo(out);
        return out.toByteArray();
    }
}

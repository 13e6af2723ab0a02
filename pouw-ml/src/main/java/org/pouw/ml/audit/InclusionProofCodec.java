package org.pouw.ml.audit;

import java.util.ArrayList;
import java.util.List;
import org.pouw.crypto.MerkleTree;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;

/** The canonical encoding of a Merkle inclusion proof: index (i32), leaf count (i32), sibling count (u8), siblings. */
final class InclusionProofCodec {
    /** A tree of fewer than 2^31 leaves has at most 31 levels; anything longer is not a proof. */
    private static final int MAX_SIBLINGS = 31;

    private InclusionProofCodec() {
    }

    static void encode(MerkleTree.Proof proof, CanonicalWriter out) {
        out.i32(proof.index()).i32(proof.leafCount()).u8(proof.siblings().size());
        for (byte[] sibling : proof.siblings()) {
            out.raw(sibling);
        }
    }

    static MerkleTree.Proof decode(CanonicalReader in, String field) {
        int index = in.i32InRange(field + " index", 0, Integer.MAX_VALUE);
        int leafCount = in.i32InRange(field + " leaf count", 1, Integer.MAX_VALUE);
        int count = in.u8(field + " sibling count");
        if (count > MAX_SIBLINGS) {
            throw new org.pouw.ml.wire.EncodingException(field + ": " + count + " siblings, at most " + MAX_SIBLINGS);
        }
        List<byte[]> siblings = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            siblings.add(in.raw(32, field + " sibling"));
        }
        return new MerkleTree.Proof(index, leafCount, siblings);
    }
}

package org.pouw.stark.proof;

import org.pouw.stark.field.Fp2;
import org.pouw.stark.merkle.MerkleBatchProof;

/**
 * Rows of an F_p² table (auxiliary trace, composition columns, or FRI cosets) opened at sorted leaf positions, with
 * their batch Merkle proof.
 */
public record ExtRowsOpening(Fp2[][] rows, MerkleBatchProof proof) {
}

package org.pouw.stark.proof;

import org.pouw.stark.field.Ext;
import org.pouw.stark.merkle.MerkleBatchProof;

/**
 * Rows of an extension-field table (auxiliary trace, composition columns, or FRI cosets) opened at sorted leaf positions, with
 * their batch Merkle proof.
 */
public record ExtRowsOpening(Ext[][] rows, MerkleBatchProof proof) {
}

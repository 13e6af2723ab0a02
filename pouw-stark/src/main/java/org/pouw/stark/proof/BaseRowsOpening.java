package org.pouw.stark.proof;

import org.pouw.stark.merkle.MerkleBatchProof;

/** Rows of a base-field table opened at the query positions (in position order), with their batch Merkle proof. */
public record BaseRowsOpening(long[][] rows, MerkleBatchProof proof) {
}

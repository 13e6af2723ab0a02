package org.pouw.node.chain;

import org.pouw.ml.wire.Bytes32;

/** A dataset the node serves to miners: its chain id (BLAKE3 of size and root), root and record shape. */
public record ServedDataset(Bytes32 datasetId, Bytes32 root, int records, int features, int classes) {
}

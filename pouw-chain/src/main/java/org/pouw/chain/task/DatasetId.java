package org.pouw.chain.task;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.pouw.crypto.Blake3;
import org.pouw.ml.wire.Bytes32;

/**
 * A dataset as a task names it on chain (docs/chain.md §4.2): {@code BLAKE3("pouw-chain-dataset-v1" ‖ n u64 ‖ root)}.
 * pouw-crypto's Merkle tree carries an odd node up unchanged, so one root also "contains" its records at other
 * (index, leaf count) pairs — record 2 of 3 is record 4 of 5 under the same root. Binding n into the id, and checking
 * every record proof's leaf count against it, leaves one reading: record i of exactly n.
 */
public record DatasetId(Bytes32 root, long size) {
    private static final byte[] DOMAIN = "pouw-chain-dataset-v1".getBytes(StandardCharsets.US_ASCII);

    public DatasetId {
        if (root == null) {
            throw new IllegalArgumentException("a dataset id needs the records' Merkle root");
        }
        if (size < 1) {
            throw new IllegalArgumentException("a dataset has at least one record, got " + size);
        }
    }

    public Bytes32 hash() {
        return Bytes32.of(Blake3.hash(DOMAIN, ByteBuffer.allocate(8).putLong(size).array(), root.toArray()));
    }
}

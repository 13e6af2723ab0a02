package org.pouw.chain.task;

import java.nio.charset.StandardCharsets;
import org.pouw.crypto.Blake3;
import org.pouw.ml.wire.Bytes32;

/**
 * How a task commits to its held-out set before anyone trains (docs/chain.md §4.4):
 * {@code BLAKE3("pouw-chain-heldout-v1" ‖ salt[32] ‖ dataset id)}, the dataset id binding the set's size and Merkle
 * root. The salt keeps a public or guessable held-out set hidden until the poster reveals it.
 */
public final class HeldOutCommitment {
    private static final byte[] DOMAIN = "pouw-chain-heldout-v1".getBytes(StandardCharsets.US_ASCII);

    private HeldOutCommitment() {
    }

    public static Bytes32 of(Bytes32 salt, DatasetId heldOut) {
        return Bytes32.of(Blake3.hash(DOMAIN, salt.toArray(), heldOut.hash().toArray()));
    }
}

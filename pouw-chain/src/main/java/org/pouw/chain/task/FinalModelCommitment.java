package org.pouw.chain.task;

import java.nio.charset.StandardCharsets;
import org.pouw.crypto.Blake3;
import org.pouw.ml.wire.Bytes32;

/**
 * A participant's commitment to its final model (docs/chain.md §4.4): {@code BLAKE3("pouw-chain-final-model-v1" ‖
 * task id ‖ miner key ‖ model hash ‖ salt[32])}. It names the miner, so a commitment lifted from the mempool is
 * worthless to anyone else; the model hash is BLAKE3 of the state's encoding, which the reveal must match and which
 * must be the end of the miner's own segment chain.
 */
public final class FinalModelCommitment {
    private static final byte[] DOMAIN = "pouw-chain-final-model-v1".getBytes(StandardCharsets.US_ASCII);

    private FinalModelCommitment() {
    }

    public static Bytes32 of(Bytes32 taskId, Bytes32 miner, Bytes32 modelHash, Bytes32 salt) {
        return Bytes32.of(Blake3.hash(DOMAIN, taskId.toArray(), miner.toArray(), modelHash.toArray(),
                salt.toArray()));
    }
}

package org.pouw.chain.net;

import org.pouw.ml.wire.Bytes32;

/**
 * A block found invalid as signed: its signer's key, the block, the import's reason, and the peer that served it
 * (who is disconnected and not otherwise punished: only the signer is at fault).
 */
public record SignerFault(Bytes32 signer, Bytes32 block, long height, String reason, PeerId servedBy) {
}

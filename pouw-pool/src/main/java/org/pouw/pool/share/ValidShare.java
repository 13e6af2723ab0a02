package org.pouw.pool.share;

import tools.jackson.databind.node.ObjectNode;

/**
 * A share whose form, miner signature and challenge hold: what the attestation is built from.
 *
 * @param challenge the node's signed challenge as the miner sent it (the node re-checks it)
 */
public record ValidShare(ObjectNode challenge, String miner, byte[] header, byte[] coinbase, long difficulty,
        long challengeExpiresAtMs) {
    public ValidShare {
        header = header.clone();
        coinbase = coinbase.clone();
    }

    @Override
    public byte[] header() {
        return header.clone();
    }

    @Override
    public byte[] coinbase() {
        return coinbase.clone();
    }
}

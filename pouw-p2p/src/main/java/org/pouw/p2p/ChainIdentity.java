package org.pouw.p2p;

import java.util.Arrays;
import org.pouw.crypto.Hex;

/**
 * Which network a node belongs to, as opaque bytes the chain gives: peers with another chain id or genesis hash are
 * refused in {@code hello}. This layer only compares them.
 */
public record ChainIdentity(byte[] chainId, byte[] genesisHash) {
    public static final int MAX_LENGTH = 64;

    public ChainIdentity {
        checkLength("chain_id", chainId);
        checkLength("genesis_hash", genesisHash);
        chainId = chainId.clone();
        genesisHash = genesisHash.clone();
    }

    private static void checkLength(String field, byte[] value) {
        if (value == null || value.length == 0 || value.length > MAX_LENGTH) {
            throw new IllegalArgumentException(field + " must have 1 to " + MAX_LENGTH + " bytes, got "
                    + (value == null ? "none" : value.length));
        }
    }

    @Override
    public byte[] chainId() {
        return chainId.clone();
    }

    @Override
    public byte[] genesisHash() {
        return genesisHash.clone();
    }

    boolean sameChainId(byte[] other) {
        return Arrays.equals(chainId, other);
    }

    boolean sameGenesis(byte[] other) {
        return Arrays.equals(genesisHash, other);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ChainIdentity that && Arrays.equals(chainId, that.chainId)
                && Arrays.equals(genesisHash, that.genesisHash);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(chainId) + Arrays.hashCode(genesisHash);
    }

    @Override
    public String toString() {
        return "ChainIdentity[" + Hex.encode(chainId) + ", genesis " + Hex.encode(genesisHash) + "]";
    }
}

package org.pouw.chain.port;

import java.util.Arrays;
import org.pouw.ml.wire.Bytes32;

/** A validated block as the chain store keeps it: its hash, its parent's, its height and its encoding. */
public record StoredBlock(Bytes32 hash, Bytes32 parent, long height, byte[] encoded) {
    public StoredBlock {
        if (hash == null || parent == null || encoded == null) {
            throw new IllegalArgumentException("a stored block needs its hash, its parent and its bytes");
        }
        if (height < 1) {
            throw new IllegalArgumentException("a stored block's height must be >= 1, got " + height);
        }
        encoded = encoded.clone();
    }

    @Override
    public byte[] encoded() {
        return encoded.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredBlock that && hash.equals(that.hash) && parent.equals(that.parent)
                && height == that.height && Arrays.equals(encoded, that.encoded);
    }

    @Override
    public int hashCode() {
        return hash.hashCode();
    }

    @Override
    public String toString() {
        return "stored block " + height + " " + hash.hex().substring(0, 12) + "…";
    }
}

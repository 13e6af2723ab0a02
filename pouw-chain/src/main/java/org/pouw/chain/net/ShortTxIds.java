package org.pouw.chain.net;

import java.nio.charset.StandardCharsets;
import org.pouw.crypto.Blake3;
import org.pouw.ml.wire.Bytes32;

/**
 * The short transaction ids of one compact block (docs/network.md §4, "Compact blocks"): the low 48 bits of
 * SipHash-2-4 of the transaction's 32-byte id, keyed by the first 16 bytes of BLAKE3("pouw-compact-v1" ‖ block hash ‖
 * nonce). The block hash is unknown until the block is mined and the nonce is drawn afresh by the sender for every
 * compact block it sends to every peer, so nobody can grind, ahead of time, a transaction whose short id collides
 * with another's under the key a receiver will use. 48 bits are BIP 152's choice: with 20,000 transactions in a pool
 * and 2,000 in a block an accidental collision is about one block in seven million, and a collision costs a fallback, never a
 * wrong block (the rebuilt block's transactions root is checked against the header's).
 */
public final class ShortTxIds {
    /** Bytes of a short id on the wire. */
    public static final int BYTES = 6;
    static final long MASK = (1L << 48) - 1;
    private static final byte[] DOMAIN = "pouw-compact-v1".getBytes(StandardCharsets.US_ASCII);

    private final long k0;
    private final long k1;

    private ShortTxIds(long k0, long k1) {
        this.k0 = k0;
        this.k1 = k1;
    }

    /** The short ids of the block {@code blockHash} sent with {@code nonce}. */
    public static ShortTxIds of(Bytes32 blockHash, long nonce) {
        byte[] nonceBytes = new byte[8];
        for (int i = 0; i < 8; i++) {
            nonceBytes[i] = (byte) (nonce >>> 8 * i);
        }
        byte[] key = Blake3.hash(DOMAIN, blockHash.toArray(), nonceBytes);
        return new ShortTxIds(SipHash24.littleEndian(key, 0, 8), SipHash24.littleEndian(key, 8, 8));
    }

    /** The short id (48 bits) of the transaction {@code txId}. */
    public long of(Bytes32 txId) {
        return SipHash24.hash(k0, k1, txId.toArray()) & MASK;
    }
}

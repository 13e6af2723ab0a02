package org.pouw.crypto;

/**
 * BLAKE3 (32-byte output) over the concatenation of the given parts.
 *
 * <p>Backed by commons-codec's implementation, which passes the official test vectors; the node hashes traces,
 * blobs, job ids and ledger entries with it (ARCHITECTURE.md §5).
 */
public final class Blake3 {
    public static final int LENGTH = 32;

    private Blake3() {
    }

    public static byte[] hash(byte[]... parts) {
        org.apache.commons.codec.digest.Blake3 hasher = org.apache.commons.codec.digest.Blake3.initHash();
        for (byte[] part : parts) {
            hasher.update(part);
        }
        return hasher.doFinalize(LENGTH);
    }

    /** A hasher fed piece by piece, for inputs built incrementally (trace encodings, Merkle leaves). */
    public static Incremental incremental() {
        return new Incremental();
    }

    public static final class Incremental {
        private final org.apache.commons.codec.digest.Blake3 hasher = org.apache.commons.codec.digest.Blake3.initHash();

        private Incremental() {
        }

        public Incremental update(byte[] bytes) {
            hasher.update(bytes);
            return this;
        }

        public Incremental update(byte[] bytes, int offset, int length) {
            hasher.update(bytes, offset, length);
            return this;
        }

        public byte[] digest() {
            return hasher.doFinalize(LENGTH);
        }
    }
}

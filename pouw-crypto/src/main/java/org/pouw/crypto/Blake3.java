package org.pouw.crypto;

/**
 * BLAKE3 (32-byte output) over the concatenation of the given parts; the node hashes traces, blobs, job ids and
 * ledger entries with it (ARCHITECTURE.md §5). The implementation is {@link Blake3Hasher}, checked against the
 * official vectors and against commons-codec's. Inputs that are already words (field elements, digests, training
 * states) go through {@link Blake3Words} instead: the same compression core, without building the bytes.
 */
public final class Blake3 {
    public static final int LENGTH = 32;

    private Blake3() {
    }

    public static byte[] hash(byte[]... parts) {
        Blake3Hasher hasher = new Blake3Hasher();
        for (byte[] part : parts) {
            hasher.update(part, 0, part.length);
        }
        return hasher.digest();
    }

    /** A hasher fed piece by piece, for inputs built incrementally (trace encodings, Merkle leaves). */
    public static Incremental incremental() {
        return new Incremental();
    }

    public static final class Incremental {
        private final Blake3Hasher hasher = new Blake3Hasher();

        private Incremental() {
        }

        public Incremental update(byte[] bytes) {
            hasher.update(bytes, 0, bytes.length);
            return this;
        }

        public Incremental update(byte[] bytes, int offset, int length) {
            hasher.update(bytes, offset, length);
            return this;
        }

        /** The hash of everything fed in; call once. */
        public byte[] digest() {
            return hasher.digest();
        }
    }
}

package org.pouw.core.port;

import java.util.Optional;

/**
 * Content-addressed blobs (traces, programs, proofs): the key is the hex BLAKE3 of the bytes, so storing the same
 * bytes twice is harmless and a blob can be checked by whoever downloads it.
 */
public interface BlobStore {
    /** Stores the bytes (if new) and returns their key. */
    String put(byte[] content);

    Optional<byte[]> get(String key);
}

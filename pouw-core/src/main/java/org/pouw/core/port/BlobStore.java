package org.pouw.core.port;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Content-addressed blobs (traces, programs, proofs): the key is the hex BLAKE3 of the bytes, so storing the same
 * bytes twice is harmless and a blob can be checked by whoever downloads it.
 */
public interface BlobStore {
    /** Stores the bytes (if new) and returns their key. */
    String put(byte[] content);

    /** Stores each of the contents (if new) and returns their keys in the same order; one statement where that helps. */
    default List<String> putAll(List<byte[]> contents) {
        List<String> keys = new ArrayList<>(contents.size());
        for (byte[] content : contents) {
            keys.add(put(content));
        }
        return keys;
    }

    Optional<byte[]> get(String key);
}

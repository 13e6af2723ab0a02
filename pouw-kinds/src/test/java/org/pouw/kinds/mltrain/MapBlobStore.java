package org.pouw.kinds.mltrain;

import java.util.Map;
import java.util.Optional;
import org.pouw.core.port.BlobStore;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.Hex;

/** A content-addressed blob store over a map, keyed by the BLAKE3 hex of the bytes like the real ones. */
final class MapBlobStore implements BlobStore {
    private final Map<String, byte[]> blobs;

    MapBlobStore(Map<String, byte[]> blobs) {
        this.blobs = blobs;
    }

    @Override
    public String put(byte[] bytes) {
        String key = Hex.encode(Blake3.hash(bytes));
        blobs.put(key, bytes.clone());
        return key;
    }

    @Override
    public Optional<byte[]> get(String key) {
        return Optional.ofNullable(blobs.get(key)).map(byte[]::clone);
    }
}

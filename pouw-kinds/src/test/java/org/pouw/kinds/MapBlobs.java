package org.pouw.kinds;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.pouw.core.port.BlobStore;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.Hex;

/** Content-addressed blobs in a map: the subject of the kind tests is the kind, not storage. */
public final class MapBlobs implements BlobStore {
    private final Map<String, byte[]> blobs = new HashMap<>();

    @Override
    public String put(byte[] content) {
        String key = Hex.encode(Blake3.hash(content));
        blobs.put(key, content.clone());
        return key;
    }

    @Override
    public Optional<byte[]> get(String key) {
        return Optional.ofNullable(blobs.get(key)).map(byte[]::clone);
    }
}

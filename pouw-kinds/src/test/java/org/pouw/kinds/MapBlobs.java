package org.pouw.kinds;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pouw.core.port.BlobStore;
import org.pouw.core.work.BlobSource;
import org.pouw.core.work.WorkFailedException;
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

    /** How many blobs are stored (a refused request must store none). */
    public int size() {
        return blobs.size();
    }

    /**
     * These blobs as the node serves them to a leased worker: only {@code readable} (what the job's kind declares in
     * {@code WorkKind.proverInputs}); any other key fails as the node's 404 would.
     */
    public BlobSource only(Collection<String> readable) {
        Set<String> allowed = Set.copyOf(readable);
        return key -> {
            if (!allowed.contains(key)) {
                throw new WorkFailedException("blob " + key + " is not on the node (not a declared input)");
            }
            return get(key).orElseThrow(() -> new WorkFailedException("blob " + key + " is not on the node"));
        };
    }
}

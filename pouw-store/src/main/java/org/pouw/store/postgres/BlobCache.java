package org.pouw.store.postgres;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The small blobs read most recently, kept in memory. Verifying a proof reads its job's trace or program blob, and
 * the jobs of one intent share it: without this, every verification made its own round trip to the database for the
 * same bytes. A blob's key is the hash of its content and blobs are never changed or deleted, so a cached blob can
 * never be stale; only blobs that exist are cached, so a blob stored later is found at once. Thread-safe.
 */
final class BlobCache {
    private final int maxBlobBytes;
    private final long maxTotalBytes;
    // Access-ordered, so the blob read longest ago is dropped first.
    private final LinkedHashMap<String, byte[]> blobs = new LinkedHashMap<>(64, 0.75f, true);
    private long totalBytes;

    BlobCache(int maxBlobBytes, long maxTotalBytes) {
        this.maxBlobBytes = maxBlobBytes;
        this.maxTotalBytes = maxTotalBytes;
    }

    /** A copy of the cached blob, so a caller that changes its bytes cannot change the cache. */
    synchronized Optional<byte[]> get(String key) {
        byte[] content = blobs.get(key);
        return content == null ? Optional.empty() : Optional.of(content.clone());
    }

    /** Keeps a copy of the blob if it is small enough, dropping the least recently read ones to make room. */
    void offer(String key, byte[] content) {
        if (content.length > maxBlobBytes) {
            return;
        }
        byte[] copy = content.clone();
        synchronized (this) {
            byte[] previous = blobs.put(key, copy);
            totalBytes += copy.length - (previous == null ? 0 : previous.length);
            Iterator<Map.Entry<String, byte[]>> eldest = blobs.entrySet().iterator();
            while (totalBytes > maxTotalBytes && eldest.hasNext()) {
                totalBytes -= eldest.next().getValue().length;
                eldest.remove();
            }
        }
    }
}

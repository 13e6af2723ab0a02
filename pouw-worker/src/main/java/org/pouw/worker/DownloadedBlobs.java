package org.pouw.worker;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The blobs (traces, datasets) this worker downloaded most recently and checked against their keys, bounded by total
 * size. Micro-tier jobs are segments of one trace, so a worker proving several of them in a row would otherwise
 * download the same trace each time.
 */
final class DownloadedBlobs {
    private final long maxBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<String, byte[]> byKey = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    DownloadedBlobs(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    byte[] get(String key) {
        lock.lock();
        try {
            byte[] blob = byKey.get(key);
            return blob == null ? null : blob.clone();
        } finally {
            lock.unlock();
        }
    }

    void put(String key, byte[] blob) {
        if (blob.length > maxBytes) {
            return;
        }
        lock.lock();
        try {
            byte[] old = byKey.put(key, blob.clone());
            bytes += blob.length - (old == null ? 0 : old.length);
            Iterator<Map.Entry<String, byte[]>> eldestFirst = byKey.entrySet().iterator();
            while (bytes > maxBytes && eldestFirst.hasNext()) {
                bytes -= eldestFirst.next().getValue().length;
                eldestFirst.remove();
            }
        } finally {
            lock.unlock();
        }
    }
}

package org.pouw.node.intents;

import java.util.LinkedHashMap;
import java.util.Map;
import org.pouw.core.port.BlobStore;
import org.pouw.vm.ProgramCodec;

/**
 * The instruction counts of stored programs, by program ref, for the batcher: a batch's lookup table holds every
 * member's program, so what fits a batch depends on their sizes, not only their steps. Programs are stored by hash,
 * so a count once read never changes and is kept (the most recent few thousand).
 */
final class ProgramSizes {
    private static final int KEPT = 4096;

    private final BlobStore blobs;
    private final Map<String, Integer> known = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > KEPT;
        }
    };

    ProgramSizes(BlobStore blobs) {
        this.blobs = blobs;
    }

    /** @throws IllegalStateException when the program is not stored (the node stored it with the intent) */
    synchronized int of(String programRef) {
        Integer size = known.get(programRef);
        if (size == null) {
            byte[] bytes = blobs.get(programRef).orElseThrow(() -> new IllegalStateException("program " + programRef
                    + " of a waiting full intent is not stored"));
            size = ProgramCodec.decode(bytes).size();
            known.put(programRef, size);
        }
        return size;
    }
}

package org.pouw.chain.importing;

import org.pouw.chain.mempool.Mempool;

/**
 * The bounds of the mempool a {@link BlockImporter} keeps: the importer builds it, because its transaction rules judge
 * audit openings over the importer's own block tree.
 *
 * @param capacity  transactions held at most
 * @param perSender transactions held at most from one sender
 * @param maxBytes  encoded bytes held at most (audit openings aside, as they are aside from the count)
 */
public record MempoolSize(int capacity, int perSender, long maxBytes) {
    public MempoolSize {
        if (capacity < 1 || perSender < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("mempool capacity, per-sender limit and byte budget must be >= 1, got "
                    + capacity + ", " + perSender + " and " + maxBytes);
        }
    }

    /** With the default byte budget, {@link Mempool#DEFAULT_MAX_BYTES}. */
    public MempoolSize(int capacity, int perSender) {
        this(capacity, perSender, Mempool.DEFAULT_MAX_BYTES);
    }
}

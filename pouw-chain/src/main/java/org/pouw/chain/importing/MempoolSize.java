package org.pouw.chain.importing;

/**
 * The bounds of the mempool a {@link BlockImporter} keeps: the importer builds it, because its transaction rules judge
 * audit openings over the importer's own block tree.
 *
 * @param capacity  transactions held at most
 * @param perSender transactions held at most from one sender
 */
public record MempoolSize(int capacity, int perSender) {
    public MempoolSize {
        if (capacity < 1 || perSender < 1) {
            throw new IllegalArgumentException("mempool capacity and per-sender limit must be >= 1, got " + capacity
                    + " and " + perSender);
        }
    }
}

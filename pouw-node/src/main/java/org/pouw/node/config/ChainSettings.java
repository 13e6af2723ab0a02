package org.pouw.node.config;

/**
 * Whether this node serves the chain mined by useful work (issue 19, docs/chain.md), and how: the genesis is the file
 * {@code pouw chain init} writes into the data folder; the mempool's bounds; how many threads replay a block's
 * winning step.
 */
public record ChainSettings(boolean enabled, int mempoolCapacity, int mempoolPerSender, int validationThreads) {
}

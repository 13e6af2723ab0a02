package org.pouw.node.config;

/**
 * Whether this node serves the chain mined by useful work (issue 19, docs/chain.md), and how: the genesis is the file
 * {@code pouw chain init} writes into the data folder; the mempool's bounds; how many threads replay a block's
 * winning step; whether it reports equivocation it sees as {@code slash} evidence (docs/chain.md §5.4), signed with
 * the key in {@code reporterKeyFile} — empty for the node's own key ({@code auth.admin_key_file}).
 */
public record ChainSettings(boolean enabled, int mempoolCapacity, int mempoolPerSender, int validationThreads,
                            boolean reportEvidence, String reporterKeyFile) {
}

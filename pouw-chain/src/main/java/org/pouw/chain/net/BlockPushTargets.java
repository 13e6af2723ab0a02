package org.pouw.chain.net;

import java.util.List;

/**
 * Which peers a new validated tip is pushed to whole, unannounced (docs/network.md §4); every other peer is told its
 * hash and asks for it. The sync offers the connected peers other than the one the block came from, ranked by the
 * new tips each delivered to this node (most first).
 */
@FunctionalInterface
public interface BlockPushTargets {
    /** The sender chooses: the {@value ChainSync#WHOLE_BLOCK_PEERS} peers that delivered most. */
    BlockPushTargets MOST_DELIVERED = ranked -> ranked.stream().limit(ChainSync.WHOLE_BLOCK_PEERS).toList();

    List<PeerId> choose(List<PeerId> ranked);
}

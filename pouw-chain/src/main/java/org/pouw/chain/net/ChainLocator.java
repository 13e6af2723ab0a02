package org.pouw.chain.net;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.pouw.chain.block.BlockHeader;
import org.pouw.chain.fork.BlockNode;
import org.pouw.ml.wire.Bytes32;

/**
 * Locators and the headers that answer them (docs/network.md §3): a locator names the asker's followed chain newest
 * first — its last ten blocks, then at doubling steps back, then genesis — so the answerer finds the fork point in
 * a few dozen hashes however far the two chains went apart.
 */
public final class ChainLocator {
    private static final int DENSE = 10;

    private ChainLocator() {
    }

    /** The locator of the chain ending at {@code tip}. */
    public static List<Bytes32> of(BlockNode tip) {
        List<Bytes32> hashes = new ArrayList<>();
        BlockNode node = tip;
        long step = 1;
        while (true) {
            hashes.add(node.hash());
            if (node.isGenesis()) {
                return hashes;
            }
            if (hashes.size() >= DENSE) {
                step *= 2;
            }
            node = node.ancestorAt(Math.max(0, node.height() - step));
        }
    }

    /**
     * The headers of {@code chain}'s followed chain after the newest locator hash it follows (genesis when none),
     * parents first: at most {@code max}, and no more than fit in {@link SyncCodec#MAX_HEADERS_BYTES}.
     */
    public static List<BlockHeader> headersAfter(SyncedChain chain, List<Bytes32> locator, int max) {
        Set<Bytes32> asked = new HashSet<>(locator);
        BlockNode tip = chain.tip();
        BlockNode fork = tip;
        while (!fork.isGenesis() && !asked.contains(fork.hash())) {
            fork = fork.parent();
        }
        // fork is on the followed chain: the newest block of it the asker named (a locator hash on a side branch
        // of ours is skipped, since the walk only meets followed blocks)
        List<BlockHeader> headers = new ArrayList<>();
        int bytes = SyncCodec.answerOverhead();
        long last = Math.min(tip.height(), fork.height() + Math.min(max, SyncCodec.MAX_HEADERS));
        if (last <= fork.height()) {
            return headers;
        }
        List<BlockNode> nodes = new ArrayList<>();
        for (BlockNode node = tip.ancestorAt(last); node != fork; node = node.parent()) {
            nodes.add(node);
        }
        for (int i = nodes.size() - 1; i >= 0; i--) {
            BlockHeader header = chain.block(nodes.get(i).hash()).orElseThrow().header();
            bytes += SyncCodec.encodedSize(header);
            if (bytes > SyncCodec.MAX_HEADERS_BYTES) {
                break;
            }
            headers.add(header);
        }
        return headers;
    }
}

package org.pouw.chain.net;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.pouw.chain.block.BlockHeader;
import org.pouw.chain.fork.BlockNode;
import org.pouw.ml.wire.Bytes32;

/**
 * Locators and the headers that answer them (docs/network.md §2), over an index of the followed chain by height. A
 * locator names the asker's followed chain newest first — its last ten blocks, then at doubling steps back, then
 * genesis — so the answerer finds the fork point in a few dozen hashes however far the two chains went apart.
 *
 * <p>Why an index: walking parent links from the tip to a locator deep in the chain (or to a height to start the
 * answer at) costs the chain's height on every request, which a peer can ask for as often as its byte budget lets
 * it. The index is brought to the tip lazily, walking only the blocks that joined the followed chain since the last
 * call (a reorg: the new branch down to the fork), so each block is walked once however often the chain is asked;
 * an answer then costs one hash lookup per locator entry and one height lookup per header sent. Not thread-safe: the
 * sync calls it from its one thread.
 */
public final class ChainLocator {
    private static final int DENSE = 10;

    private final SyncedChain chain;
    /** The followed chain: the block at each height, genesis first. */
    private final List<BlockNode> byHeight = new ArrayList<>();
    private long walked;

    public ChainLocator(SyncedChain chain) {
        this.chain = chain;
    }

    /** The locator of this node's followed chain. */
    public List<Bytes32> locator() {
        follow();
        List<Bytes32> hashes = new ArrayList<>();
        long height = byHeight.size() - 1;
        long step = 1;
        while (true) {
            hashes.add(at(height).hash());
            if (height == 0) {
                return hashes;
            }
            if (hashes.size() >= DENSE) {
                step *= 2;
            }
            height = Math.max(0, height - step);
        }
    }

    /**
     * The headers of the followed chain after the highest block of it the locator names (genesis when it names none),
     * parents first: at most {@code max}, and no more than fit in {@link SyncCodec#MAX_HEADERS_BYTES}. A locator hash
     * naming a block of a side branch, or nothing this node knows, is skipped.
     */
    public List<BlockHeader> headersAfter(List<Bytes32> locator, int max) {
        follow();
        BlockNode fork = at(0);
        for (Bytes32 hash : locator) {
            Optional<BlockNode> named = chain.node(hash);
            if (named.isPresent() && followed(named.get()) && named.get().height() > fork.height()) {
                fork = named.get();
            }
        }
        long tipHeight = byHeight.size() - 1;
        long last = Math.min(tipHeight, fork.height() + Math.min(max, SyncCodec.MAX_HEADERS));
        List<BlockHeader> headers = new ArrayList<>();
        int bytes = SyncCodec.answerOverhead();
        for (long height = fork.height() + 1; height <= last; height++) {
            BlockHeader header = chain.block(at(height).hash()).orElseThrow().header();
            bytes += SyncCodec.encodedSize(header);
            if (bytes > SyncCodec.MAX_HEADERS_BYTES) {
                break;
            }
            headers.add(header);
        }
        return headers;
    }

    /** Blocks walked to keep the index at the tip, ever: each block once, plus a reorg's branch. */
    public long walked() {
        return walked;
    }

    private boolean followed(BlockNode node) {
        return node.height() < byHeight.size() && at(node.height()).hash().equals(node.hash());
    }

    private BlockNode at(long height) {
        return byHeight.get(Math.toIntExact(height));
    }

    /** Brings the index to the followed tip, walking down only to the first block it already holds. */
    private void follow() {
        BlockNode tip = chain.tip();
        Deque<BlockNode> joined = new ArrayDeque<>();
        BlockNode node = tip;
        // BlockNode is a record whose equals would compare whole ancestries: blocks are compared by hash
        while (!followed(node)) {
            joined.push(node);
            walked++;
            if (node.isGenesis()) {
                break;
            }
            node = node.parent();
        }
        int keep = Math.toIntExact(joined.isEmpty() ? tip.height() + 1 : joined.peek().height());
        byHeight.subList(keep, byHeight.size()).clear();
        byHeight.addAll(joined);
    }
}

package org.pouw.cli.mine;

import java.util.ArrayList;
import java.util.List;
import org.pouw.chain.block.Block;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.importing.BlockImporter;
import org.pouw.chain.importing.ImportResult;
import org.pouw.chain.importing.ImportStatus;
import org.pouw.chain.importing.MempoolSize;
import org.pouw.chain.port.InMemoryChainStore;
import org.pouw.chain.tx.Transaction;
import org.pouw.core.Clock;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.wire.EncodingException;

/**
 * A miner's own validating copy of the chain a node follows, like a light full node: the node's followed branch is
 * pulled page by page and imported into an in-memory {@link BlockImporter} built from the same genesis with the same
 * code as the node's, so every block is replayed here too, and the assignment, the tip and the audits the miner acts
 * on come from state it validated itself. When the node has moved to another branch, the first block pulled does not
 * attach (its parent is not on ours): the pull starts further back, doubling, until it does; when the node's tip is
 * another block no higher than ours, that tip is pulled at once.
 */
final class ChainFollower {
    static final int PAGE = 100;
    private final ChainNodeLink node;
    private final BlockImporter importer;
    private long refused;
    private String lastRefusal = "";

    ChainFollower(ChainNodeLink node, ChainGenesis genesis, Clock clock, ThreadTeam team) {
        this.node = node;
        this.importer = BlockImporter.open(genesis, new InMemoryChainStore(), clock, new MempoolSize(4_096, 64), team);
        if (!importer.validating()) {
            throw new IllegalStateException("this JVM fails the chain's golden training steps, so it can not validate"
                    + " or mine: " + importer.selfCheck());
        }
    }

    BlockImporter importer() {
        return importer;
    }

    /** Blocks of the node's branch this follower's validation refused (the node served an invalid block). */
    long refused() {
        return refused;
    }

    String lastRefusal() {
        return lastRefusal;
    }

    /** Pulls and imports what the node's branch has past this follower's tip; returns the blocks that were new. */
    List<Block> catchUp() {
        List<Block> fresh = new ArrayList<>();
        long back = 0;
        long from = importer.tip().height() + 1;
        ChainNodeLink.Head head = node.head();
        if (head.hash().equals(importer.tip().hash())) {
            return fresh;
        }
        if (head.height() <= importer.tip().height() && importer.node(head.hash()).isEmpty()) {
            // the node follows another branch no higher than ours (two miners won the same height): fetch its tip,
            // and fork choice decides here as it did there
            from = Math.max(1, head.height());
        }
        while (true) {
            List<byte[]> page = node.blocks(from, PAGE);
            boolean attached = true;
            for (byte[] encoded : page) {
                Block block;
                try {
                    block = Block.decode(encoded);
                } catch (EncodingException e) {
                    refused++;
                    lastRefusal = "undecodable block from the node: " + e.getMessage();
                    return fresh;
                }
                ImportResult result = importer.importBlock(block);
                switch (result.status()) {
                    case ACCEPTED, SIDE_BRANCH -> fresh.add(block);
                    case ORPHAN_HELD -> attached = false;
                    case REFUSED -> {
                        refused++;
                        lastRefusal = "block " + block.header().height() + " refused: " + result;
                        return fresh;
                    }
                    case ALREADY_KNOWN -> {
                    }
                }
                if (result.status() == ImportStatus.ORPHAN_HELD) {
                    break;
                }
            }
            if (!attached) {
                // the node reorganised below our tip: go back until its branch attaches to ours
                back = Math.max(1, back * 2);
                if (from <= 1) {
                    return fresh;
                }
                from = Math.max(1, importer.tip().height() + 1 - back);
                continue;
            }
            if (page.size() < PAGE) {
                return fresh;
            }
            from += page.size();
        }
    }

    /** Imports a block this miner built (before the node has it) so it mines on it at once. */
    ImportResult importOwn(Block block) {
        return importer.importBlock(block);
    }

    /** Offers the node's pending transactions to this follower's mempool (each checked by the chain's rules). */
    void offer(List<byte[]> encoded) {
        var tip = importer.tip();
        for (byte[] bytes : encoded) {
            try {
                Transaction tx = Transaction.decode(bytes);
                if (!importer.mempool().contains(tx)) {
                    importer.mempool().add(tx, tip.state(), tip.height() + 1);
                }
            } catch (EncodingException e) {
                // a transaction that does not decode is the node's problem; the block is built without it
            }
        }
    }

    void offer(Transaction tx) {
        var tip = importer.tip();
        if (!importer.mempool().contains(tx)) {
            importer.mempool().add(tx, tip.state(), tip.height() + 1);
        }
    }
}

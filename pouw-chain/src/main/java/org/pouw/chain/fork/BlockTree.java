package org.pouw.chain.fork;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pouw.chain.state.StateLayer;
import org.pouw.ml.wire.Bytes32;

/**
 * Every validated block a node knows, and the tip it follows (docs/chain.md §6). A block joins as a child of a known
 * block, with the state layer its validation produced; the tip moves to the best branch by {@link ForkChoice}. A
 * reorg simply changes which leaf's state layers are read — no state is undone in place. A better branch that forks
 * more than {@code alarmDepth} blocks below the tip is not followed on its own: it is held, reported, and followed
 * once the operator accepts it ({@link #acceptHeld}) — a node fed a long private branch by an eclipse does not switch
 * silently, and a node that really was on the wrong side is not cut off for ever.
 */
public final class BlockTree {
    private final Map<Bytes32, BlockNode> nodes = new HashMap<>();
    private final int alarmDepth;
    private BlockNode tip;
    private BlockNode held;

    public BlockTree(Bytes32 genesisHash, StateLayer genesisState, int alarmDepth) {
        if (alarmDepth < 1) {
            throw new IllegalArgumentException("reorg alarm depth must be >= 1, got " + alarmDepth);
        }
        this.alarmDepth = alarmDepth;
        this.tip = new BlockNode(genesisHash, 0, null, BigInteger.ZERO, Bytes32.of(new byte[32]), genesisState);
        nodes.put(genesisHash, tip);
    }

    public BlockNode tip() {
        return tip;
    }

    public Optional<BlockNode> node(Bytes32 hash) {
        return Optional.ofNullable(nodes.get(hash));
    }

    public Optional<BlockNode> heldTip() {
        return Optional.ofNullable(held);
    }

    /**
     * Adds a validated block on a known parent, with the work its target stands for and its winning ticket, and moves
     * the tip if its branch is now the best.
     */
    public TipChange add(Bytes32 hash, Bytes32 parentHash, BigInteger work, Bytes32 ticket, StateLayer state) {
        BlockNode parent = nodes.get(parentHash);
        if (parent == null) {
            throw new IllegalArgumentException("unknown parent " + parentHash.hex());
        }
        if (nodes.containsKey(hash)) {
            return new TipChange.Unchanged(tip);
        }
        BlockNode node = new BlockNode(hash, parent.height() + 1, parent, parent.cumulativeWork().add(work), ticket,
                state);
        nodes.put(hash, node);
        return consider(node);
    }

    /**
     * Makes {@code hash} the followed tip again, as a restarting node read it from its store: blocks re-added in
     * height order may have moved the tip elsewhere (a branch the node had held for the operator can look like an
     * ordinary reorg when the blocks come back in another order). Any better known branch is held, as it was.
     */
    public void restoreTip(Bytes32 hash) {
        BlockNode node = nodes.get(hash);
        if (node == null) {
            throw new IllegalArgumentException("unknown tip " + hash.hex());
        }
        tip = node;
        held = null;
        for (BlockNode other : nodes.values()) {
            if (ForkChoice.isBetter(other, tip) && (held == null || ForkChoice.isBetter(other, held))) {
                held = other;
            }
        }
    }

    /** Follows the held branch: the operator has checked it is the network's chain. */
    public TipChange acceptHeld() {
        if (held == null) {
            throw new IllegalStateException("no branch is held");
        }
        BlockNode accepted = held;
        held = null;
        return switchTo(accepted);
    }

    private TipChange consider(BlockNode candidate) {
        if (!ForkChoice.isBetter(candidate, tip)) {
            return new TipChange.Unchanged(tip);
        }
        if (candidate.parent() == tip) {
            tip = candidate;
            forgetHeldIfNotBetter();
            return new TipChange.Extended(tip);
        }
        BlockNode fork = BlockNode.commonAncestor(tip, candidate);
        int depth = (int) (tip.height() - fork.height());
        if (depth > alarmDepth) {
            if (held == null || ForkChoice.isBetter(candidate, held)) {
                held = candidate;
            }
            return new TipChange.DeepReorgHeld(tip, held, depth);
        }
        return switchTo(candidate);
    }

    private TipChange switchTo(BlockNode candidate) {
        BlockNode fork = BlockNode.commonAncestor(tip, candidate);
        List<BlockNode> left = pathDown(tip, fork);
        List<BlockNode> joined = pathDown(candidate, fork);
        tip = candidate;
        forgetHeldIfNotBetter();
        return new TipChange.Reorganised(tip, left, joined);
    }

    private void forgetHeldIfNotBetter() {
        if (held != null && !ForkChoice.isBetter(held, tip)) {
            held = null;
        }
    }

    /** The blocks from just above {@code fork} up to {@code from}, oldest first. */
    private static List<BlockNode> pathDown(BlockNode from, BlockNode fork) {
        List<BlockNode> path = new ArrayList<>();
        for (BlockNode node = from; node != fork; node = node.parent()) {
            path.add(node);
        }
        Collections.reverse(path);
        return path;
    }
}

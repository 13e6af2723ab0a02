package org.pouw.node.chain;

import org.pouw.ml.wire.Bytes32;

/**
 * A better branch the node holds for its operator instead of following (docs/chain.md §6): it forks more than R
 * blocks below the followed tip, as a branch fed by an eclipse would.
 *
 * @param hash        the held branch's tip, which {@code POST /v1/chain/reorg/accept} must name
 * @param height      that tip's height
 * @param depth       blocks of the followed branch a switch would leave (followed tip height − fork height)
 * @param followedTip the tip the node follows meanwhile
 */
public record HeldReorg(Bytes32 hash, long height, int depth, Bytes32 followedTip) {
}

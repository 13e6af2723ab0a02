package org.pouw.cli.mine;

import java.util.List;
import java.util.Optional;
import org.pouw.ml.wire.Bytes32;

/**
 * What a miner needs from the node it follows (the chain paths of docs/api.md): the genesis, the blocks of the
 * branch the node follows, its mempool, a place to post blocks and transactions, and the datasets of posted tasks.
 * Everything travels as the chain's canonical encodings; the miner decodes and validates all of it itself, so a node
 * that serves something wrong is caught by the miner's own importer, never trusted.
 */
public interface ChainNodeLink {
    /** The canonical genesis encoding ({@code GET /v1/chain/genesis}). */
    byte[] genesis();

    /** The height and hash of the node's followed tip ({@code GET /v1/chain/head}). */
    Head head();

    /** A node's followed tip. */
    record Head(long height, Bytes32 hash) {
    }

    /** Encoded blocks of the followed branch at heights {@code from}, {@code from + 1}, …, at most {@code limit}. */
    List<byte[]> blocks(long from, int limit);

    /** The node's pending transactions, encoded, by sender then nonce (the miner's own mempool selects). */
    List<byte[]> mempool();

    /**
     * Posts a block; returns the node's word on it ({@code imported}, {@code known} or {@code orphan}).
     *
     * @throws NodeRefusedException when the node finds it invalid
     */
    String postBlock(byte[] block);

    /**
     * Posts a signed transaction to the node's mempool.
     *
     * @throws NodeRefusedException when the node refuses it
     */
    void postTransaction(byte[] transaction);

    /** The PMLD encoding of the records of dataset {@code datasetId} (docs/chain.md §4.2), if the node holds it. */
    Optional<byte[]> dataset(Bytes32 datasetId);
}

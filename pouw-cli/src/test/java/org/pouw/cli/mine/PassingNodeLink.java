package org.pouw.cli.mine;

import java.util.List;
import java.util.Optional;
import org.pouw.ml.wire.Bytes32;

/** An in-process node behind a link that passes every call on; a test overrides the call it wants to change. */
class PassingNodeLink implements ChainNodeLink {
    final InProcessNode node;

    PassingNodeLink(InProcessNode node) {
        this.node = node;
    }

    @Override
    public byte[] genesis() {
        return node.genesis();
    }

    @Override
    public Head head() {
        return node.head();
    }

    @Override
    public List<byte[]> blocks(long from, int limit) {
        return node.blocks(from, limit);
    }

    @Override
    public List<byte[]> mempool() {
        return node.mempool();
    }

    @Override
    public String postBlock(byte[] block) {
        return node.postBlock(block);
    }

    @Override
    public void postTransaction(byte[] transaction) {
        node.postTransaction(transaction);
    }

    @Override
    public Optional<byte[]> dataset(Bytes32 datasetId) {
        return node.dataset(datasetId);
    }
}

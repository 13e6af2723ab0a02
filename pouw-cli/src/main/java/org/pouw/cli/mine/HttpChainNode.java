package org.pouw.cli.mine;

import java.util.List;
import java.util.Optional;
import org.pouw.client.ChainApi;
import org.pouw.client.NodeException;
import org.pouw.client.chain.ChainRefusedException;
import org.pouw.client.chain.NodeGenesis;
import org.pouw.chain.genesis.GenesisDecoding;
import org.pouw.ml.wire.Bytes32;

/**
 * A miner's link to a node over its HTTP API (pouw-client's {@link ChainApi}, docs/api.md "The chain"). The genesis is
 * checked against the chain id the node names; a refusal comes back as a {@link NodeRefusedException} with the
 * chain's reason code.
 */
public final class HttpChainNode implements ChainNodeLink {
    private final ChainApi chain;

    public HttpChainNode(ChainApi chain) {
        this.chain = chain;
    }

    @Override
    public byte[] genesis() {
        NodeGenesis genesis = chain.genesis();
        String computed = GenesisDecoding.decode(genesis.encoded()).chainId().hex();
        if (!computed.equals(genesis.chainId())) {
            throw new IllegalStateException("the node's genesis hashes to chain " + computed + ", but it says it runs "
                    + genesis.chainId());
        }
        return genesis.encoded();
    }

    @Override
    public Head head() {
        org.pouw.client.chain.ChainHead head = chain.head();
        return new Head(head.height(), Bytes32.fromHex(head.hash()));
    }

    @Override
    public List<byte[]> blocks(long from, int limit) {
        return chain.blocks(from, limit).blocks();
    }

    @Override
    public List<byte[]> mempool() {
        return chain.mempool();
    }

    @Override
    public String postBlock(byte[] block) {
        try {
            return chain.submitBlock(block).status();
        } catch (ChainRefusedException e) {
            throw new NodeRefusedException(e.reason(), e.getMessage());
        }
    }

    @Override
    public void postTransaction(byte[] transaction) {
        try {
            chain.submitTx(transaction);
        } catch (ChainRefusedException e) {
            throw new NodeRefusedException(e.reason(), e.getMessage());
        }
    }

    @Override
    public Optional<byte[]> dataset(Bytes32 datasetId) {
        try {
            return Optional.of(chain.dataset(datasetId.hex()));
        } catch (NodeException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }
}

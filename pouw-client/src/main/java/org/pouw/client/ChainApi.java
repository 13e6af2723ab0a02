package org.pouw.client;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import org.pouw.client.chain.BlockSubmitted;
import org.pouw.client.chain.ChainAccount;
import org.pouw.client.chain.ChainBlock;
import org.pouw.client.chain.ChainBlockPage;
import org.pouw.client.chain.ChainDataset;
import org.pouw.client.chain.ChainHead;
import org.pouw.client.chain.ChainRefusedException;
import org.pouw.client.chain.ChainTask;
import org.pouw.client.chain.ChainTaskDetail;
import org.pouw.client.chain.ChainTx;
import org.pouw.client.chain.NodeGenesis;
import org.pouw.client.chain.ReorgAccepted;
import org.pouw.client.chain.TxSubmitted;
import tools.jackson.databind.JsonNode;

/**
 * The chain mined by useful work (docs/api.md, "The chain"): one method per path. Encodings (blocks, transactions,
 * the genesis, datasets) are raw bytes; pouw-chain decodes them, this client does not depend on it. A node without
 * the chain answers every call with a 404 {@code chain_disabled} {@link NodeException}; a refused block or
 * transaction is a {@link ChainRefusedException} naming the chain's reason.
 */
public final class ChainApi {
    private final NodeConnection connection;

    ChainApi(NodeConnection connection) {
        this.connection = connection;
    }

    public ChainHead head() {
        return ChainHead.from(connection.get("/v1/chain/head"));
    }

    public NodeGenesis genesis() {
        return NodeGenesis.from(connection.get("/v1/chain/genesis"));
    }

    /** A block by its hash (64 hex digits). */
    public ChainBlock block(String hash) {
        return ChainBlock.from(connection.get("/v1/chain/blocks/" + NodeConnection.segment(hash)));
    }

    /** The block at {@code height} on the branch the node follows. */
    public ChainBlock blockAt(long height) {
        return ChainBlock.from(connection.get("/v1/chain/blocks/" + height));
    }

    /** Up to {@code limit} (at most 500) encoded blocks of the followed branch from height {@code from} on. */
    public ChainBlockPage blocks(long from, int limit) {
        return ChainBlockPage.from(connection.get("/v1/chain/blocks?from=" + from + "&limit=" + limit));
    }

    public ChainTx tx(String id) {
        return ChainTx.from(connection.get("/v1/chain/txs/" + NodeConnection.segment(id)));
    }

    /** An account by its did:key, on the followed tip's state. */
    public ChainAccount account(String did) {
        return ChainAccount.from(connection.get("/v1/chain/accounts/" + NodeConnection.segment(did)));
    }

    public List<ChainTask> tasks() {
        return connection.get("/v1/chain/tasks").path("tasks").valueStream().map(ChainTask::from).toList();
    }

    public ChainTaskDetail task(String id) {
        return ChainTaskDetail.from(connection.get("/v1/chain/tasks/" + NodeConnection.segment(id)));
    }

    /** The mempool's transactions, encoded, in the order a block would take them. */
    public List<byte[]> mempool() {
        return connection.get("/v1/chain/mempool").path("txs").valueStream()
                .map(tx -> Base64.getDecoder().decode(tx.asString(""))).toList();
    }

    /** A dataset's records in their {@code PMLD} encoding, by its chain dataset id; 404 when the node lacks it. */
    public byte[] dataset(String datasetId) {
        HttpResponse<byte[]> response = connection.exchangePublic(HttpRequest.newBuilder(
                URI.create(connection.base() + "/v1/chain/datasets/" + NodeConnection.segment(datasetId))).GET());
        if (response.statusCode() / 100 != 2) {
            throw connection.errorOf(response);
        }
        return response.body();
    }

    /** Offers a signed transaction (its canonical encoding) to the node's mempool. */
    public TxSubmitted submitTx(byte[] encoded) {
        return TxSubmitted.from(refusedOrJson(connection.postPublicForResponse("/v1/chain/txs",
                NodeConnection.JSON.createObjectNode().put("tx", Base64.getEncoder().encodeToString(encoded)))));
    }

    /** Offers a block (its canonical encoding) to the node's import. */
    public BlockSubmitted submitBlock(byte[] encoded) {
        return BlockSubmitted.from(refusedOrJson(connection.postPublicForResponse("/v1/chain/blocks",
                NodeConnection.JSON.createObjectNode().put("block", Base64.getEncoder().encodeToString(encoded)))));
    }

    /** Stores a dataset ({@code PMLD} encoding) so miners of tasks over it can fetch it; needs this client's login. */
    public ChainDataset uploadDataset(byte[] encoded) {
        return ChainDataset.from(connection.expectJson(connection.postBytesForResponse("/v1/chain/datasets",
                encoded)));
    }

    /**
     * Follows the branch the node holds for its operator (needs the node's admin key): {@code heldHash} must be the
     * held tip's hash as {@link #head()} showed it; a 409 {@link NodeException} ({@code reorg_not_held},
     * {@code held_reorg_changed}) when nothing is held or another branch is held now.
     */
    public ReorgAccepted acceptReorg(String heldHash) {
        return ReorgAccepted.from(connection.post("/v1/chain/reorg/accept",
                NodeConnection.JSON.createObjectNode().put("hash", heldHash)));
    }

    private JsonNode refusedOrJson(HttpResponse<byte[]> response) {
        if (response.statusCode() == 400) {
            JsonNode error = NodeConnection.parseOrEmpty(response.body()).path("error");
            if (error.path("reason").isString()) {
                throw new ChainRefusedException(400, error.path("code").asString(""), error.path("reason").asString(),
                        error.path("message").asString(""));
            }
        }
        return connection.expectJson(response);
    }
}

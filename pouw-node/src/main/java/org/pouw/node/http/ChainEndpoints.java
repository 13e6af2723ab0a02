package org.pouw.node.http;

import io.helidon.http.Status;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.pouw.chain.block.Block;
import org.pouw.chain.block.BlockHeader;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.genesis.GenesisFile;
import org.pouw.chain.importing.ImportStatus;
import org.pouw.chain.state.StateLayer;
import org.pouw.chain.state.TaskRecord;
import org.pouw.chain.tx.Transaction;
import org.pouw.core.PouwException;
import org.pouw.crypto.DidKey;
import org.pouw.ml.wire.Bytes32;
import org.pouw.node.chain.BlockSubmission;
import org.pouw.node.chain.ChainReader;
import org.pouw.node.chain.ChainService;
import org.pouw.node.chain.HeldReorg;
import org.pouw.node.chain.ReorgAcceptance;
import org.pouw.node.chain.ServedDataset;
import org.pouw.node.chain.TxSubmission;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The chain mined by useful work (issue 19 §7, docs/api.md "The chain"): its head, genesis, blocks, transactions,
 * accounts, tasks, mempool and datasets, and the two ways in — a transaction for the mempool and a block for the
 * import. Reads need no login; uploading a dataset does; accepting a reorg held for the operator needs the node's
 * admin key. A node without the chain ({@code chain.enabled = false})
 * answers every path 404 {@code chain_disabled}.
 */
public final class ChainEndpoints implements Endpoints {
    /** Blocks one page of {@code GET /v1/chain/blocks} gives at most. */
    static final int MAX_PAGE = 500;
    /** Block summaries one page of {@code GET /v1/chain/headers} gives at most. */
    static final int MAX_HEADERS = 100;
    /** Pending transactions {@code GET /v1/chain/mempool} lists at most (the pool itself is bounded by count and bytes). */
    static final int MEMPOOL_LISTED = 4_096;
    private static final Map<String, String> TEXT_STATUS = Map.of(ImportStatus.ACCEPTED.name(), "imported",
            ImportStatus.SIDE_BRANCH.name(), "imported", ImportStatus.ALREADY_KNOWN.name(), "known",
            ImportStatus.ORPHAN_HELD.name(), "orphan");

    private final ChainService chain;

    /** @param chain the node's chain, or null when it serves none */
    public ChainEndpoints(ChainService chain) {
        this.chain = chain;
    }

    @Override
    public void register(RouteTable routes) {
        routes.get("/v1/chain/head", served(this::head));
        routes.get("/v1/chain/genesis", served(this::genesis));
        routes.get("/v1/chain/blocks", served(this::blockPage));
        routes.get("/v1/chain/blocks/{ref}", served(this::block));
        routes.get("/v1/chain/headers", served(this::headerPage));
        routes.post("/v1/chain/blocks", served(this::submitBlock));
        routes.get("/v1/chain/txs/{id}", served(this::tx));
        routes.post("/v1/chain/txs", served(this::submitTx));
        routes.get("/v1/chain/accounts/{did}", served(this::account));
        routes.get("/v1/chain/tasks", served(this::tasks));
        routes.get("/v1/chain/tasks/{id}", served(this::task));
        routes.get("/v1/chain/mempool", served(this::mempool));
        routes.get("/v1/chain/datasets/{id}", served(this::dataset));
        routes.post("/v1/chain/datasets", served(this::uploadDataset));
        routes.post("/v1/chain/reorg/accept", served(this::acceptReorg));
    }

    private Consumer<ApiCall> served(Consumer<ApiCall> endpoint) {
        return call -> {
            if (chain == null) {
                ApiErrors.send(call.response(), Status.NOT_FOUND_404, ApiErrors.body("chain_disabled",
                        "this node serves no chain (chain.enabled = false in its config)", null));
                return;
            }
            endpoint.accept(call);
        };
    }

    private void head(ApiCall call) {
        call.json(chain.read(view -> {
            BlockNode tip = view.tip();
            long timestamp = view.timestamp(tip);
            ObjectNode out = ApiJson.object();
            out.put("chain_id", view.chainId().hex());
            out.put("height", tip.height());
            out.put("hash", tip.hash().hex());
            out.put("timestamp", timestamp);
            out.put("target", String.format(Locale.ROOT, "%08x", view.nextBits(tip)));
            out.put("cumulative_work", tip.cumulativeWork().toString());
            out.put("tip_age_ms", Math.max(0, view.nowMillis() - timestamp * 1_000));
            Optional<HeldReorg> held = view.heldReorg();
            if (held.isPresent()) {
                out.set("held", heldJson(held.get()));
            } else {
                out.putNull("held");
            }
            return out;
        }));
    }

    private static ObjectNode heldJson(HeldReorg held) {
        ObjectNode out = ApiJson.object();
        out.put("hash", held.hash().hex());
        out.put("height", held.height());
        out.put("depth", held.depth());
        return out;
    }

    /**
     * The operator follows the branch held for them (docs/chain.md §6). The body names the held tip they checked, so
     * a branch that grew or was replaced since is not accepted unseen: 409, with the branch held now.
     */
    private void acceptReorg(ApiCall call) {
        call.admin();
        String text = call.body(List.of("hash")).string("hash");
        Bytes32 expected = hash(text).orElseThrow(() -> PouwException.invalid("hash",
                "must be the held tip's hash, 64 lower-case hex digits"));
        ReorgAcceptance acceptance = chain.acceptHeldReorg(expected);
        switch (acceptance.outcome()) {
            case NOTHING_HELD -> ApiErrors.send(call.response(), Status.CONFLICT_409, ApiErrors.body("reorg_not_held",
                    "no reorg is held: the node follows its best branch", "hash"));
            case HELD_BRANCH_CHANGED -> {
                ObjectNode body = ApiErrors.body("held_reorg_changed", "the held branch's tip is now "
                        + acceptance.held().hash().hex() + " at height " + acceptance.held().height() + " ("
                        + acceptance.held().depth() + " blocks deep), not " + text + "; check it and accept that hash",
                        "hash");
                ((ObjectNode) body.get("error")).set("held", heldJson(acceptance.held()));
                ApiErrors.send(call.response(), Status.CONFLICT_409, body);
            }
            case ACCEPTED -> {
                ObjectNode out = ApiJson.object();
                out.put("hash", acceptance.held().hash().hex());
                out.put("height", acceptance.held().height());
                out.put("old_tip", acceptance.oldTip().hex());
                out.put("depth", acceptance.depth());
                call.json(out);
            }
        }
    }

    private void genesis(ApiCall call) {
        call.json(chain.read(view -> {
            ObjectNode out = ApiJson.object();
            out.put("chain_id", view.chainId().hex());
            out.put("genesis", Base64.getEncoder().encodeToString(view.genesis().encode()));
            out.put("genesis_file", GenesisFile.format(view.genesis()));
            return out;
        }));
    }

    private void block(ApiCall call) {
        String ref = call.pathParam("ref");
        call.json(chain.read(view -> {
            BlockNode node = blockNode(view, ref).filter(found -> !found.isGenesis())
                    .orElseThrow(() -> PouwException.notFound("block " + ref));
            Block block = view.block(node.hash()).orElseThrow();
            ObjectNode out = blockFacts(node, block);
            ArrayNode txs = out.putArray("txs");
            block.transactions().forEach(tx -> txs.add(tx.id(view.chainId()).hex()));
            out.put("block", Base64.getEncoder().encodeToString(block.encode()));
            return out;
        }));
    }

    /** What {@code blocks/{ref}} and {@code headers} both say of a block: its place and its header's facts. */
    private static ObjectNode blockFacts(BlockNode node, Block block) {
        BlockHeader header = block.header();
        ObjectNode out = ApiJson.object();
        out.put("hash", node.hash().hex());
        out.put("height", node.height());
        out.put("parent", header.parent().hex());
        out.put("timestamp", header.timestamp());
        out.put("miner", did(header.miner()));
        out.put("task", header.taskId().hex());
        out.put("tickets", header.proof().winner().tickets());
        return out;
    }

    /**
     * The followed branch's blocks newest first, without their encodings: what a list of recent blocks needs (the
     * console's chain view), where ten blocks of {@code GET /v1/chain/blocks/{ref}} would carry ten winners' training
     * states. {@code before} is exclusive (default one past the tip); {@code next} is the {@code before} of the
     * next older page, null once the page reached height 1.
     */
    private void headerPage(ApiCall call) {
        long before = call.queryLong("before", Long.MAX_VALUE, 1, Long.MAX_VALUE);
        int limit = (int) call.queryLong("limit", 20, 1, MAX_HEADERS);
        call.json(chain.read(view -> {
            BlockNode tip = view.tip();
            ObjectNode out = ApiJson.object();
            ArrayNode blocks = out.putArray("blocks");
            long top = Math.min(tip.height(), before - 1);
            long bottom = Math.max(1, top - limit + 1);
            BlockNode node = top >= 1 ? tip.ancestorAt(top) : null;
            for (long height = top; height >= bottom && node != null; height--, node = node.parent()) {
                Block block = view.block(node.hash()).orElseThrow();
                ObjectNode summary = blockFacts(node, block);
                summary.put("tx_count", block.transactions().size());
                blocks.add(summary);
            }
            if (bottom > 1 && top >= 1) {
                out.put("next", bottom);
            } else {
                out.putNull("next");
            }
            return out;
        }));
    }

    /** A height (decimal) names the followed branch's block; 64 hex digits name any block the node validated. */
    private static Optional<BlockNode> blockNode(ChainReader view, String ref) {
        if (ref.matches("[0-9]{1,18}")) {
            return view.followedAt(Long.parseLong(ref));
        }
        return hash(ref).flatMap(view::node);
    }

    private void blockPage(ApiCall call) {
        long from = call.queryLong("from", 1, 1, Long.MAX_VALUE);
        int limit = (int) call.queryLong("limit", 100, 1, MAX_PAGE);
        call.json(chain.read(view -> {
            BlockNode tip = view.tip();
            ObjectNode out = ApiJson.object();
            ArrayNode blocks = out.putArray("blocks");
            long last = Math.min(tip.height(), from + limit - 1);
            if (last >= from) {
                BlockNode[] page = new BlockNode[(int) (last - from + 1)];
                BlockNode node = tip.ancestorAt(last);
                for (int i = page.length - 1; i >= 0; i--, node = node.parent()) {
                    page[i] = node;
                }
                // 500 blocks of megabytes each could not be one answer: the page stops at BlockPageBytes' budget
                Iterator<byte[]> encodings = Arrays.stream(page)
                        .map(each -> view.block(each.hash()).orElseThrow().encode()).iterator();
                List<byte[]> given = BlockPageBytes.take(encodings, BlockPageBytes.MAX_PAGE_BYTES);
                given.forEach(encoded -> blocks.add(Base64.getEncoder().encodeToString(encoded)));
                last = from + given.size() - 1;
            }
            out.put("next", Math.max(from, last + 1));
            return out;
        }));
    }

    private void submitBlock(ApiCall call) {
        byte[] encoded = call.largeBody(List.of("block"), base64Limit(Block.MAX_ENCODED)).base64("block");
        BlockSubmission submitted = chain.submitBlock(encoded);
        if (submitted.isRefused()) {
            refuse(call, "block_refused", "block", submitted.reason(), "block refused: " + submitted.refusal()
                    + (submitted.reason().equals(submitted.refusal()) ? "" : " (" + submitted.reason() + ")") + ", "
                    + submitted.detail());
            return;
        }
        ObjectNode out = ApiJson.object();
        out.put("hash", submitted.hash().hex());
        out.put("status", TEXT_STATUS.get(submitted.status().name()));
        out.put("height", submitted.height());
        boolean followed = chain.read(view -> view.tip().ancestorAt(Math.min(view.tip().height(),
                submitted.height())).hash().equals(submitted.hash()));
        out.put("followed", followed);
        call.json(out);
    }

    private void tx(ApiCall call) {
        String id = call.pathParam("id");
        Bytes32 txId = hash(id).orElseThrow(() -> PouwException.notFound("transaction " + id));
        call.json(chain.read(view -> {
            Optional<Bytes32> including = view.includingBlock(txId);
            if (including.isPresent()) {
                Block block = view.block(including.get()).orElseThrow();
                Transaction tx = block.transactions().stream().filter(each -> each.id(view.chainId()).equals(txId))
                        .findFirst().orElseThrow();
                ObjectNode out = txJson(view, tx, "included");
                out.put("block", including.get().hex());
                out.put("height", block.header().height());
                return out;
            }
            Transaction pending = view.pending(txId).orElseThrow(() -> PouwException.notFound("transaction " + id));
            ObjectNode out = txJson(view, pending, "pending");
            out.putNull("block");
            out.putNull("height");
            return out;
        }));
    }

    private static ObjectNode txJson(ChainReader view, Transaction tx, String status) {
        ObjectNode out = ApiJson.object();
        out.put("id", tx.id(view.chainId()).hex());
        out.put("kind", tx.kind().name().toLowerCase(Locale.ROOT));
        out.put("sender", did(tx.sender()));
        out.put("nonce", tx.nonce());
        out.put("fee", tx.fee());
        out.put("status", status);
        out.put("tx", Base64.getEncoder().encodeToString(tx.encode()));
        return out;
    }

    private void submitTx(ApiCall call) {
        byte[] encoded = call.largeBody(List.of("tx"), base64Limit(Transaction.MAX_ENCODED)).base64("tx");
        // past the node's admission rate the excess is turned away 503 busy with Retry-After, never queued unbounded
        TxSubmission submitted = chain.offerTx(encoded);
        if (!submitted.isAccepted()) {
            refuse(call, "tx_refused", "tx", submitted.reason(), "transaction refused: " + submitted.reason()
                    + (submitted.message().isEmpty() ? "" : ", " + submitted.message()));
            return;
        }
        ObjectNode out = ApiJson.object();
        out.put("id", submitted.id().hex());
        out.put("status", submitted.status().name().toLowerCase(Locale.ROOT));
        // the same bytes posted again answer as the first post did: 202 while pending, 200 once a block holds them
        call.json(submitted.status() == TxSubmission.Status.INCLUDED ? Status.OK_200 : Status.ACCEPTED_202, out);
    }

    private static void refuse(ApiCall call, String code, String field, String reason, String message) {
        ObjectNode body = ApiErrors.body(code, message, field);
        ((ObjectNode) body.get("error")).put("reason", reason);
        ApiErrors.send(call.response(), Status.BAD_REQUEST_400, body);
    }

    private void account(ApiCall call) {
        String did = call.pathParam("did");
        if (!DidKey.isValid(did)) {
            throw PouwException.invalid("did", "must be an Ed25519 did:key");
        }
        Bytes32 key = Bytes32.of(DidKey.parse(did).publicKey());
        call.json(chain.read(view -> ChainStateJson.account(did, key, view.tip())));
    }

    private void tasks(ApiCall call) {
        call.json(chain.read(view -> {
            ObjectNode out = ApiJson.object();
            ArrayNode tasks = out.putArray("tasks");
            view.tip().state().entries().tasks().forEach((id, record) -> tasks.add(ChainStateJson.task(id, record)));
            return out;
        }));
    }

    private void task(ApiCall call) {
        String id = call.pathParam("id");
        Bytes32 taskId = hash(id).orElseThrow(() -> PouwException.notFound("task " + id));
        call.json(chain.read(view -> {
            StateLayer state = view.tip().state();
            TaskRecord record = Optional.ofNullable(state.task(taskId))
                    .orElseThrow(() -> PouwException.notFound("task " + id));
            return ChainStateJson.taskDetail(taskId, record, state, view.settlement(taskId, record));
        }));
    }

    private void mempool(ApiCall call) {
        call.json(chain.read(view -> {
            ObjectNode out = ApiJson.object();
            ArrayNode txs = out.putArray("txs");
            view.pendingBySender(MEMPOOL_LISTED).forEach(tx -> txs.add(Base64.getEncoder().encodeToString(tx.encode())));
            return out;
        }));
    }

    private void dataset(ApiCall call) {
        String id = call.pathParam("id");
        Bytes32 datasetId = hash(id).orElseThrow(() -> PouwException.notFound("dataset " + id));
        call.bytes(chain.datasets().encoded(datasetId)
                .orElseThrow(() -> PouwException.notFound("dataset " + id + " (this node does not hold it)")));
    }

    private void uploadDataset(ApiCall call) {
        call.caller();
        ServedDataset served = chain.datasets().register(call.upload("dataset"));
        ObjectNode out = ApiJson.object();
        out.put("dataset_id", served.datasetId().hex());
        out.put("root", served.root().hex());
        out.put("records", served.records());
        out.put("features", served.features());
        out.put("classes", served.classes());
        call.json(Status.CREATED_201, out);
    }

    /** The JSON body that carries at most {@code maxEncoded} bytes as base64, with room for the field's name. */
    private static long base64Limit(long maxEncoded) {
        return (maxEncoded + 2) / 3 * 4 + 1024;
    }

    private static Optional<Bytes32> hash(String text) {
        return text != null && text.matches("[0-9a-f]{64}") ? Optional.of(Bytes32.fromHex(text)) : Optional.empty();
    }

    static String did(Bytes32 key) {
        return new DidKey(key.toArray()).toString();
    }
}

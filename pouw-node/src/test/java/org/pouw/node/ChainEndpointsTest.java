package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.node.HttpChainFixture.ALICE;
import static org.pouw.node.HttpChainFixture.BOB;
import static org.pouw.node.HttpChainFixture.CAROL;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.chain.block.Block;
import org.pouw.chain.block.BlockHeader;
import org.pouw.chain.difficulty.CompactTarget;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.genesis.DemoGenesis;
import org.pouw.chain.genesis.GenesisFile;
import org.pouw.chain.mining.Tickets;
import org.pouw.chain.tx.Transaction;
import org.pouw.core.SettableClock;
import org.pouw.core.event.Event;
import org.pouw.crypto.DidKey;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.data.DatasetCodec;
import org.pouw.ml.wire.Bytes32;
import org.pouw.node.chain.ChainService;
import org.pouw.store.ChainStores;
import tools.jackson.databind.JsonNode;

/**
 * The chain served by a real node (issue 19 §7, docs/api.md "The chain") on a real SQLite file, fed real blocks that
 * two miners mined by training: what is imported, refused, followed, reorganised and kept across a restart, as a
 * remote caller sees it.
 */
class ChainEndpointsTest {
    @TempDir
    Path dir;

    final HttpChainFixture chain = new HttpChainFixture();
    final SettableClock clock = HttpChainFixture.clock();
    RunningNode node;

    @BeforeEach
    void start() {
        node = chain.startNode(dir, clock);
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    private RunningNode.Reply postBlock(Block block) {
        return node.post("/v1/chain/blocks", HttpChainFixture.blockBody(block), null);
    }

    private RunningNode.Reply postTx(Transaction tx) {
        return node.post("/v1/chain/txs", HttpChainFixture.txBody(tx), null);
    }

    private List<Event> chainEvents() {
        return node.node.storage().read(tx -> tx.events().after(0, 1_000)).stream()
                .filter(event -> event.type().startsWith("chain.")).toList();
    }

    @Test
    void aFreshNodeServesTheGenesisAndAnEmptyHead() {
        RunningNode.Reply head = node.get("/v1/chain/head");
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.json().path("chain_id").asString()).isEqualTo(chain.genesis.chainId().hex());
        assertThat(head.json().path("height").asLong()).isZero();
        assertThat(head.json().path("hash").asString()).isEqualTo(chain.genesis.chainId().hex());
        assertThat(head.json().path("target").asString()).hasSize(8);
        assertThat(head.json().path("cumulative_work").asString()).isEqualTo("0");
        assertThat(head.json().path("held").isNull()).isTrue();

        RunningNode.Reply genesis = node.get("/v1/chain/genesis");
        byte[] encoded = Base64.getDecoder().decode(genesis.json().path("genesis").asString());
        assertThat(encoded).isEqualTo(chain.genesis.encode());
        ChainGenesis parsed = GenesisFile.parse(genesis.json().path("genesis_file").asString());
        assertThat(parsed.chainId()).isEqualTo(chain.genesis.chainId());
    }

    @Test
    void headersListTheFollowedBranchNewestFirstWithoutEncodingsPageByPage() {
        JsonNode empty = node.get("/v1/chain/headers").json();
        assertThat(empty.path("blocks")).isEmpty();
        assertThat(empty.path("next").isNull()).isTrue();
        List<Block> blocks = chain.mine(ALICE, chain.genesisNode(), 3,
                List.of(chain.transfer(CAROL, 0, 10, BOB, 5)));
        blocks.forEach(block -> assertThat(postBlock(block).status()).isEqualTo(200));

        JsonNode first = node.get("/v1/chain/headers?limit=2").json();
        assertThat(first.path("blocks")).extracting(each -> each.path("height").asLong()).containsExactly(3L, 2L);
        assertThat(first.path("next").asLong()).isEqualTo(2);
        JsonNode newest = first.path("blocks").get(0);
        JsonNode full = node.get("/v1/chain/blocks/3").json();
        for (String field : List.of("hash", "height", "parent", "timestamp", "miner", "task", "tickets")) {
            assertThat(newest.path(field)).as(field).isEqualTo(full.path(field));
        }
        assertThat(newest.has("block")).isFalse();
        JsonNode second = node.get("/v1/chain/headers?limit=2&before=2").json();
        assertThat(second.path("blocks")).extracting(each -> each.path("height").asLong()).containsExactly(1L);
        assertThat(second.path("blocks").get(0).path("tx_count").asLong()).isEqualTo(1);
        assertThat(second.path("blocks").get(0).path("hash").asString()).isEqualTo(chain.hash(blocks.get(0)).hex());
        assertThat(second.path("next").isNull()).isTrue();
        assertThat(node.get("/v1/chain/headers?limit=101").field()).isEqualTo("limit");
        assertThat(node.get("/v1/chain/headers?before=0").field()).isEqualTo("before");
    }

    @Test
    void minedBlocksAreImportedAndServedWithConsistentHeightsAndHashes() {
        List<Block> blocks = chain.mine(ALICE, chain.genesisNode(), 3);
        for (Block block : blocks) {
            RunningNode.Reply reply = postBlock(block);
            assertThat(reply.status()).as(reply.json().toString()).isEqualTo(200);
            assertThat(reply.json().path("status").asString()).isEqualTo("imported");
            assertThat(reply.json().path("followed").asBoolean()).isTrue();
            assertThat(reply.json().path("hash").asString()).isEqualTo(chain.hash(block).hex());
        }
        assertThat(postBlock(blocks.get(1)).json().path("status").asString()).isEqualTo("known");

        JsonNode head = node.get("/v1/chain/head").json();
        assertThat(head.path("height").asLong()).isEqualTo(3);
        assertThat(head.path("hash").asString()).isEqualTo(chain.hash(blocks.get(2)).hex());
        assertThat(head.path("cumulative_work").asString())
                .isEqualTo(chain.node(blocks.get(2)).cumulativeWork().toString());

        JsonNode page = node.get("/v1/chain/blocks?from=1&limit=500").json();
        assertThat(page.path("next").asLong()).isEqualTo(4);
        List<String> pageHashes = new ArrayList<>();
        Bytes32 parent = chain.genesis.chainId();
        for (JsonNode item : page.path("blocks")) {
            Block block = Block.decode(Base64.getDecoder().decode(item.asString()));
            assertThat(block.header().parent()).isEqualTo(parent);
            parent = block.header().hash(chain.genesis.chainId());
            pageHashes.add(parent.hex());
        }
        assertThat(pageHashes).containsExactlyElementsOf(blocks.stream().map(b -> chain.hash(b).hex()).toList());
        for (int height = 1; height <= 3; height++) {
            JsonNode byHeight = node.get("/v1/chain/blocks/" + height).json();
            JsonNode byHash = node.get("/v1/chain/blocks/" + pageHashes.get(height - 1)).json();
            assertThat(byHeight).isEqualTo(byHash);
            assertThat(byHeight.path("height").asLong()).isEqualTo(height);
            assertThat(byHeight.path("miner").asString()).isEqualTo(ALICE.did().toString());
            assertThat(Base64.getDecoder().decode(byHeight.path("block").asString()))
                    .isEqualTo(blocks.get(height - 1).encode());
        }
        assertThat(node.get("/v1/chain/blocks?from=3&limit=1").json().path("blocks")).hasSize(1);
        assertThat(node.get("/v1/chain/blocks?from=4").json().path("blocks")).isEmpty();
        assertThat(node.get("/v1/chain/blocks?from=4").json().path("next").asLong()).isEqualTo(4);
        assertThat(node.get("/v1/chain/blocks/4").status()).isEqualTo(404);
        assertThat(node.get("/v1/chain/blocks/0").status()).isEqualTo(404);
        assertThat(node.get("/v1/chain/blocks?limit=501").field()).isEqualTo("limit");

        List<Event> events = chainEvents();
        assertThat(events).extracting(Event::type).containsExactly("chain.block", "chain.block", "chain.block");
        assertThat(events.get(2).data()).contains("\"height\":3").contains(chain.hash(blocks.get(2)).hex());

        String metrics = new String(node.get("/v1/pouw/metrics").bytes(), StandardCharsets.UTF_8);
        assertThat(metrics).contains("pouw_chain_height 3.0").contains("pouw_chain_blocks_imported_total{status=\"accepted\"} 3.0")
                .contains("pouw_chain_blocks_imported_total{status=\"already_known\"} 1.0")
                .contains("pouw_chain_block_validation_seconds_count 4").contains("pouw_chain_reorgs_total 0.0")
                .contains("pouw_chain_tickets_per_second").contains("pouw_chain_tip_age_seconds")
                .contains("pouw_chain_mempool_transactions 0.0").contains("pouw_chain_orphans 0.0");
        // The tip's expected tickets over its spacing from its parent (the miner spaced blocks 60 s apart).
        double expected = Tickets.expectedTickets(CompactTarget.decode(blocks.get(2).header().bits())).doubleValue()
                / (blocks.get(2).header().timestamp() - blocks.get(1).header().timestamp());
        double served = metrics.lines().filter(line -> line.startsWith("pouw_chain_tickets_per_second "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1))).findFirst()
                .orElseThrow();
        assertThat(served).isCloseTo(expected, org.assertj.core.data.Offset.offset(expected * 1e-9));
    }

    @Test
    void aBlockWithABadSignatureIsRefusedNamingTheReasonAndNothingIsStored() {
        Block good = chain.mine(ALICE, chain.genesisNode(), 1).getFirst();
        BlockHeader h = good.header();
        byte[] signature = h.signature();
        signature[0] ^= 1;
        Block forged = new Block(new BlockHeader(h.height(), h.parent(), h.timestamp(), h.bits(), h.txRoot(),
                h.stateRoot(), h.miner(), h.taskId(), h.proof(), signature), good.opening(), good.transactions());

        RunningNode.Reply refused = postBlock(forged);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.code()).isEqualTo("block_refused");
        assertThat(refused.field()).isEqualTo("block");
        assertThat(refused.json().path("error").path("reason").asString()).isEqualTo("BAD_SIGNATURE");
        assertThat(refused.json().path("error").path("message").asString()).contains("BAD_HEADER");
        assertThat(ChainStores.on(node.node.storage()).blocksInHeightOrder()).isEmpty();
        assertThat(node.get("/v1/chain/head").json().path("height").asLong()).isZero();
        assertThat(chainEvents()).isEmpty();
        // The signature is not part of the hash: the honest block with that hash is still welcome.
        assertThat(postBlock(good).json().path("status").asString()).isEqualTo("imported");
    }

    @Test
    void aBlockTooFarInTheFutureAndGarbageBytesAreRefused() {
        Block good = chain.mine(ALICE, chain.genesisNode(), 1).getFirst();
        RunningNode.Reply garbage = node.post("/v1/chain/blocks", RunningNode.JSON.createObjectNode()
                .put("block", Base64.getEncoder().encodeToString("not a block".getBytes(StandardCharsets.UTF_8))),
                null);
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbage.json().path("error").path("reason").asString()).isEqualTo("UNDECODABLE");
        // A block carries its winner's training state: bodies beyond http.max_body_bytes (1 MiB) are read and judged.
        RunningNode.Reply large = node.post("/v1/chain/blocks", RunningNode.JSON.createObjectNode()
                .put("block", Base64.getEncoder().encodeToString(new byte[3 << 20])), null);
        assertThat(large.status()).isEqualTo(400);
        assertThat(large.json().path("error").path("reason").asString()).isEqualTo("UNDECODABLE");
        RunningNode.Reply notBase64 = node.post("/v1/chain/blocks", "{\"block\":\"%%%\"}", null);
        assertThat(notBase64.status()).isEqualTo(400);
        assertThat(notBase64.field()).isEqualTo("block");

        clock.set((HttpChainFixture.T0 - 3_600) * 1_000);
        RunningNode.Reply early = postBlock(good);
        assertThat(early.status()).isEqualTo(400);
        assertThat(early.json().path("error").path("reason").asString()).isEqualTo("BAD_TIMESTAMP");
        assertThat(ChainStores.on(node.node.storage()).blocksInHeightOrder()).isEmpty();
    }

    @Test
    void aTransactionIsPendingThenIncludedAndARefusedOneLeavesTheMempoolAlone() {
        Transaction pay = chain.transfer(CAROL, 0, 10, BOB, 500);
        RunningNode.Reply accepted = postTx(pay);
        assertThat(accepted.status()).isEqualTo(202);
        String id = pay.id(chain.genesis.chainId()).hex();
        assertThat(accepted.json().path("id").asString()).isEqualTo(id);
        assertThat(accepted.json().path("status").asString()).isEqualTo("pending");

        RunningNode.Reply tooMuch = postTx(chain.transfer(CAROL, 1, 10, BOB, 5_000_000));
        assertThat(tooMuch.status()).isEqualTo(400);
        assertThat(tooMuch.code()).isEqualTo("tx_refused");
        assertThat(tooMuch.field()).isEqualTo("tx");
        assertThat(tooMuch.json().path("error").path("reason").asString()).isEqualTo("INSUFFICIENT_FUNDS");
        RunningNode.Reply gap = postTx(chain.transfer(CAROL, 5, 10, BOB, 1));
        assertThat(gap.json().path("error").path("reason").asString()).isEqualTo("NONCE_GAP");
        Transaction unsigned = chain.transfer(ALICE, 0, 10, BOB, 1);
        Transaction forged = new Transaction(Bytes32.of(CAROL.publicKey()), 1, 10, new byte[0], unsigned.body(),
                unsigned.signature());
        assertThat(postTx(forged).json().path("error").path("reason").asString()).isEqualTo("BAD_SIGNATURE");

        JsonNode mempool = node.get("/v1/chain/mempool").json();
        assertThat(mempool.path("txs")).hasSize(1);
        assertThat(Base64.getDecoder().decode(mempool.path("txs").get(0).asString())).isEqualTo(pay.encode());
        JsonNode pending = node.get("/v1/chain/txs/" + id).json();
        assertThat(pending.path("status").asString()).isEqualTo("pending");
        assertThat(pending.path("kind").asString()).isEqualTo("transfer");
        assertThat(pending.path("sender").asString()).isEqualTo(CAROL.did().toString());
        assertThat(pending.path("block").isNull()).isTrue();

        Block block = chain.mine(ALICE, chain.genesisNode(), 1, List.of(pay)).getFirst();
        assertThat(postBlock(block).status()).isEqualTo(200);

        JsonNode included = node.get("/v1/chain/txs/" + id).json();
        assertThat(included.path("status").asString()).isEqualTo("included");
        assertThat(included.path("block").asString()).isEqualTo(chain.hash(block).hex());
        assertThat(included.path("height").asLong()).isEqualTo(1);
        assertThat(node.get("/v1/chain/mempool").json().path("txs")).isEmpty();
        assertThat(node.get("/v1/chain/blocks/1").json().path("txs").get(0).asString()).isEqualTo(id);
        JsonNode bob = node.get("/v1/chain/accounts/" + BOB.did()).json();
        assertThat(bob.path("balance").asLong()).isEqualTo(1_500);
        assertThat(bob.path("stake").asLong()).isEqualTo(100_000);
        assertThat(bob.path("stake_role").asString()).isEqualTo("miner");
        JsonNode carol = node.get("/v1/chain/accounts/" + CAROL.did()).json();
        assertThat(carol.path("balance").asLong()).isEqualTo(1_000_000 - 510);
        assertThat(carol.path("nonce").asLong()).isEqualTo(1);
        assertThat(carol.path("stake_role").isNull()).isTrue();
        assertThat(node.get("/v1/chain/accounts/" + ALICE.did()).json().path("immature").asLong()).isPositive();
        assertThat(node.get("/v1/chain/accounts/not-a-did").field()).isEqualTo("did");
        assertThat(node.get("/v1/chain/txs/" + "00".repeat(32)).status()).isEqualTo(404);
    }

    /**
     * Posting is idempotent for the same bytes (docs/api.md "transactions"): posted again while pending they answer
     * as the first post did, 202 with the same id, and the mempool holds them once; once a block holds them, 200
     * included. A different transaction at the same nonce is still a replacement that must pay more, and after the
     * block one at the used nonce is refused.
     */
    @Test
    void theSameBytesPostedAgainAreTakenWithTheSameIdAndHeldOnceAConflictingNonceIsRefused() {
        Transaction pay = chain.transfer(CAROL, 0, 10, BOB, 500);
        String id = pay.id(chain.genesis.chainId()).hex();
        assertThat(postTx(pay).status()).isEqualTo(202);

        RunningNode.Reply again = postTx(pay);
        assertThat(again.status()).as(again.json().toString()).isEqualTo(202);
        assertThat(again.json().path("id").asString()).isEqualTo(id);
        assertThat(again.json().path("status").asString()).isEqualTo("pending");
        assertThat(node.get("/v1/chain/mempool").json().path("txs")).as("held once").hasSize(1);

        Transaction conflicting = chain.transfer(CAROL, 0, 10, BOB, 499);
        RunningNode.Reply refused = postTx(conflicting);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.field()).isEqualTo("tx");
        assertThat(refused.json().path("error").path("reason").asString()).isEqualTo("REPLACEMENT_UNDERPRICED");
        JsonNode mempool = node.get("/v1/chain/mempool").json();
        assertThat(mempool.path("txs")).hasSize(1);
        assertThat(Base64.getDecoder().decode(mempool.path("txs").get(0).asString())).isEqualTo(pay.encode());

        Block block = chain.mine(ALICE, chain.genesisNode(), 1, List.of(pay)).getFirst();
        assertThat(postBlock(block).status()).isEqualTo(200);
        RunningNode.Reply afterBlock = postTx(pay);
        assertThat(afterBlock.status()).as(afterBlock.json().toString()).isEqualTo(200);
        assertThat(afterBlock.json().path("id").asString()).isEqualTo(id);
        assertThat(afterBlock.json().path("status").asString()).isEqualTo("included");
        assertThat(node.get("/v1/chain/mempool").json().path("txs")).as("nothing pending again").isEmpty();
        assertThat(node.get("/v1/chain/accounts/" + CAROL.did()).json().path("balance").asLong())
                .as("paid once").isEqualTo(1_000_000 - 510);
        RunningNode.Reply used = postTx(conflicting);
        assertThat(used.status()).isEqualTo(400);
        assertThat(used.json().path("error").path("reason").asString()).isEqualTo("NONCE_USED");
    }

    /**
     * The mempool lists every pending transaction by sender then nonce, not one block's selection in fee order: the
     * sender with the smaller key pays the lowest fee and still comes first, with both its nonces, so a miner offering
     * the list to its own mempool gets every sender's whole run (docs/api.md "mempool").
     */
    @Test
    void theMempoolListsEveryPendingTransactionBySenderThenNonceWhateverTheFees() {
        boolean carolFirst = Bytes32.of(CAROL.publicKey()).hex().compareTo(Bytes32.of(BOB.publicKey()).hex()) < 0;
        var first = carolFirst ? CAROL : BOB;
        var second = carolFirst ? BOB : CAROL;
        Transaction cheap0 = chain.transfer(first, 0, 1, ALICE, 1);
        Transaction cheap1 = chain.transfer(first, 1, 1, ALICE, 1);
        Transaction dear = chain.transfer(second, 0, 50, ALICE, 1);
        assertThat(postTx(dear).status()).isEqualTo(202);
        assertThat(postTx(cheap0).status()).isEqualTo(202);
        assertThat(postTx(cheap1).status()).isEqualTo(202);

        List<byte[]> listed = new ArrayList<>();
        node.get("/v1/chain/mempool").json().path("txs")
                .forEach(tx -> listed.add(Base64.getDecoder().decode(tx.asString())));
        assertThat(listed).containsExactly(cheap0.encode(), cheap1.encode(), dear.encode());
    }

    /**
     * Alice's two blocks carry Carol's transfer; Bob's heavier three-block branch from genesis does not: the node
     * reorganises, says so on the event log, and the transfer is pending again.
     */
    @Test
    void aReorgIsFollowedAnnouncedAndReturnsTheLeftTransactions() {
        Transaction pay = chain.transfer(CAROL, 0, 10, BOB, 500);
        assertThat(postTx(pay).status()).isEqualTo(202);
        List<Block> alice = chain.mine(ALICE, chain.genesisNode(), 2, List.of(pay));
        List<Block> bob = chain.mine(BOB, chain.genesisNode(), 3);
        alice.forEach(block -> assertThat(postBlock(block).status()).isEqualTo(200));
        String id = pay.id(chain.genesis.chainId()).hex();
        assertThat(node.get("/v1/chain/txs/" + id).json().path("status").asString()).isEqualTo("included");

        bob.forEach(block -> assertThat(postBlock(block).status()).isEqualTo(200));

        JsonNode head = node.get("/v1/chain/head").json();
        assertThat(head.path("hash").asString()).isEqualTo(chain.hash(bob.getLast()).hex());
        assertThat(head.path("height").asLong()).isEqualTo(3);
        List<Event> events = chainEvents();
        List<Event> reorgs = events.stream().filter(event -> event.type().equals("chain.reorg")).toList();
        assertThat(reorgs).hasSize(1);
        JsonNode reorg = RunningNode.JSON.readTree(reorgs.getFirst().data());
        assertThat(reorg.path("old_tip").asString()).isEqualTo(chain.hash(alice.getLast()).hex());
        assertThat(reorg.path("depth").asInt()).isEqualTo(2);
        assertThat(reorg.path("returned_txs").asLong()).isEqualTo(1);
        // Every block of the followed branch was announced, in order, after the reorg that made it followed.
        List<String> followed = new ArrayList<>();
        for (Event event : events.subList(events.indexOf(reorgs.getFirst()) + 1, events.size())) {
            followed.add(RunningNode.JSON.readTree(event.data()).path("hash").asString());
        }
        assertThat(followed).endsWith(chain.hash(bob.getLast()).hex());
        assertThat(node.get("/v1/chain/txs/" + id).json().path("status").asString()).isEqualTo("pending");
        assertThat(node.get("/v1/chain/blocks/1").json().path("hash").asString()).isEqualTo(chain.hash(bob.getFirst()).hex());
        // Alice's blocks stay known by hash, on their side branch.
        assertThat(node.get("/v1/chain/blocks/" + chain.hash(alice.getFirst()).hex()).status()).isEqualTo(200);
        String metrics = new String(node.get("/v1/pouw/metrics").bytes(), StandardCharsets.UTF_8);
        assertThat(metrics).contains("pouw_chain_reorgs_total 1.0").contains("pouw_chain_mempool_transactions 1.0");
    }

    @Test
    void aRestartedNodeKeepsItsChainAndImportsOn() {
        List<Block> blocks = chain.mine(ALICE, chain.genesisNode(), 3);
        blocks.subList(0, 2).forEach(block -> assertThat(postBlock(block).status()).isEqualTo(200));
        JsonNode before = node.get("/v1/chain/head").json();
        node.close();
        node = null;

        node = new RunningNode(dir, Map.of("chain.enabled", "true"), clock);

        JsonNode after = node.get("/v1/chain/head").json();
        assertThat(after.path("hash").asString()).isEqualTo(before.path("hash").asString());
        assertThat(after.path("height").asLong()).isEqualTo(2);
        assertThat(after.path("cumulative_work").asString()).isEqualTo(before.path("cumulative_work").asString());
        assertThat(node.get("/v1/chain/blocks/2").json().path("hash").asString())
                .isEqualTo(chain.hash(blocks.get(1)).hex());
        assertThat(postBlock(blocks.get(2)).json().path("status").asString()).isEqualTo("imported");
        assertThat(node.get("/v1/chain/head").json().path("height").asLong()).isEqualTo(3);
    }

    /**
     * Many callers at once, offering the same blocks in every order while others read: imports are serialised, so
     * each block is stored and announced once, nobody sees a 5xx and the tip ends on the last block.
     */
    @Test
    void concurrentOffersAndReadsAreSerialisedAndEachBlockCountsOnce() throws Exception {
        List<Block> blocks = chain.mine(ALICE, chain.genesisNode(), 3);
        List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int caller = 0; caller < 12; caller++) {
                int offset = caller;
                threads.submit(() -> {
                    for (int i = 0; i < blocks.size(); i++) {
                        statuses.add(postBlock(blocks.get((i + offset) % blocks.size())).status());
                        statuses.add(node.get("/v1/chain/head").status());
                        statuses.add(node.get("/v1/chain/blocks?from=1").status());
                    }
                });
            }
        }
        assertThat(statuses).hasSize(12 * 3 * 3).allMatch(status -> status == 200);
        assertThat(node.get("/v1/chain/head").json().path("hash").asString())
                .isEqualTo(chain.hash(blocks.getLast()).hex());
        assertThat(ChainStores.on(node.node.storage()).blocksInHeightOrder()).hasSize(3);
        assertThat(chainEvents()).hasSize(3);
    }

    /**
     * Offers past the node's admission rate (docs/network.md §6, "Admission under overload"): while a long step holds
     * the chain (here the test holds its read lock, as an import would hold the write lock), at most
     * {@link ChainService#CLIENT_LINE} offers wait for it; every one past them is answered at once 503 busy with
     * Retry-After, not queued; once the chain is free the waiting ones are taken, and so is the next offer.
     */
    @Test
    void offersPastTheAdmissionLineAreTurnedAwayBusyAtOnceAndTheNodeKeepsAdmitting() throws Exception {
        // one address offers them all: its rate limit (429) would answer first, and is not what is tested here
        node.close();
        node = new RunningNode(dir, Map.of("chain.enabled", "true", "rate_limits.enabled", "false"), clock);
        ChainService service = node.node.chain().orElseThrow();
        Transaction tx = chain.transfer(CAROL, 0, 10, BOB, 5);
        int excess = 40;
        int offers = ChainService.CLIENT_LINE + excess;
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = Thread.ofPlatform().start(() -> service.read(view -> {
            holding.countDown();
            try {
                return release.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }));
        assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
        List<RunningNode.Reply> replies;
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<RunningNode.Reply>> pending = new ArrayList<>();
            for (int i = 0; i < offers; i++) {
                pending.add(clients.submit(() -> postTx(tx)));
            }
            // while the chain is still held: the excess has its answer, the line waits
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (pending.stream().filter(Future::isDone).count() < excess && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            List<RunningNode.Reply> early = new ArrayList<>();
            for (Future<RunningNode.Reply> reply : pending) {
                if (reply.isDone()) {
                    early.add(reply.get());
                }
            }
            assertThat(early).as("offers answered while the chain was held").hasSize(excess)
                    .allSatisfy(reply -> {
                        assertThat(reply.status()).isEqualTo(503);
                        assertThat(reply.code()).isEqualTo("busy");
                        assertThat(reply.headers().get("retry-after")).containsExactly("1");
                        assertThat(reply.json().path("error").path("message").asString()).contains("mempool admission");
                    });
            release.countDown();
            replies = new ArrayList<>();
            for (Future<RunningNode.Reply> reply : pending) {
                replies.add(reply.get(60, TimeUnit.SECONDS));
            }
        } finally {
            release.countDown();
            holder.join();
        }
        assertThat(replies.stream().filter(reply -> reply.status() == 202)).hasSize(ChainService.CLIENT_LINE);
        assertThat(replies.stream().filter(reply -> reply.status() == 503)).hasSize(excess);
        assertThat(postTx(chain.transfer(CAROL, 1, 10, BOB, 5)).status()).isEqualTo(202);
        assertThat(node.get("/v1/chain/mempool").json().path("txs")).hasSize(2);
        assertThat(new String(node.get("/v1/pouw/metrics").bytes(), StandardCharsets.UTF_8))
                .contains("pouw_chain_tx_busy_refusals_total " + excess + ".0");
    }

    @Test
    void anOrphanIsHeldUntilItsParentArrives() {
        List<Block> blocks = chain.mine(ALICE, chain.genesisNode(), 2);
        RunningNode.Reply orphan = postBlock(blocks.get(1));
        assertThat(orphan.json().path("status").asString()).isEqualTo("orphan");
        assertThat(orphan.json().path("height").asLong()).isEqualTo(2);
        assertThat(orphan.json().path("followed").asBoolean()).isFalse();

        assertThat(postBlock(blocks.get(0)).json().path("status").asString()).isEqualTo("imported");

        assertThat(node.get("/v1/chain/head").json().path("height").asLong()).isEqualTo(2);
        assertThat(chainEvents()).hasSize(2);
    }

    @Test
    void theDemoDataIsServedAndAnUploadedDatasetComesBackByItsId() {
        String demoId = DemoGenesis.dataset().id().hash().hex();
        RunningNode.Reply demo = node.get("/v1/chain/datasets/" + demoId);
        assertThat(demo.status()).isEqualTo(200);
        assertThat(DatasetCodec.decode(demo.bytes()).root()).isEqualTo(DemoGenesis.data().root());

        Dataset mine = DemoGenesis.blobs(40, 3, 2, 0.3, 99);
        byte[] encoded = DatasetCodec.encode(mine);
        String token = node.signIn(ALICE);
        RunningNode.Reply unauthenticated = upload(encoded, null);
        assertThat(unauthenticated.status()).isEqualTo(401);
        RunningNode.Reply uploaded = upload(encoded, token);
        assertThat(uploaded.status()).isEqualTo(201);
        String id = uploaded.json().path("dataset_id").asString();
        assertThat(id).isEqualTo(new org.pouw.chain.task.DatasetId(mine.root(), 40).hash().hex());
        assertThat(uploaded.json().path("records").asInt()).isEqualTo(40);
        assertThat(uploaded.json().path("features").asInt()).isEqualTo(3);
        assertThat(node.get("/v1/chain/datasets/" + id).bytes()).isEqualTo(encoded);

        RunningNode.Reply bad = upload("PMLD but not really".getBytes(StandardCharsets.UTF_8), token);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.field()).isEqualTo("dataset");
        assertThat(node.get("/v1/chain/datasets/" + "ab".repeat(32)).status()).isEqualTo(404);
    }

    private RunningNode.Reply upload(byte[] bytes, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.base + "/v1/chain/datasets"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return node.send(request);
    }

    @Test
    void tasksListTheEpochsFillerTaskWithItsParametersAndMiners() {
        List<Block> blocks = chain.mine(ALICE, chain.genesisNode(), 1);
        postBlock(blocks.getFirst());
        String taskId = blocks.getFirst().header().taskId().hex();

        JsonNode tasks = node.get("/v1/chain/tasks").json().path("tasks");
        assertThat(tasks.valueStream().map(task -> task.path("id").asString())).contains(taskId);
        JsonNode task = node.get("/v1/chain/tasks/" + taskId).json();
        assertThat(task.path("filler").asBoolean()).isTrue();
        assertThat(task.path("poster").isNull()).isTrue();
        assertThat(task.path("parameters").path("dataset_id").asString())
                .isEqualTo(DemoGenesis.dataset().id().hash().hex());
        assertThat(task.path("parameters").path("n").asLong()).isEqualTo(DemoGenesis.RECORDS);
        assertThat(task.path("parameters").path("batch").asInt()).isPositive();
        assertThat(task.path("miners")).hasSize(1);
        assertThat(task.path("miners").get(0).path("did").asString()).isEqualTo(ALICE.did().toString());
        assertThat(task.path("miners").get(0).path("blocks").asLong()).isEqualTo(1);
        assertThat(task.path("reveals").isArray() && task.path("reveals").isEmpty())
                .as("a task never settled has no reveals to report").isTrue();
        assertThat(task.path("settlement").isNull()).isTrue();
        assertThat(node.get("/v1/chain/tasks/" + "cd".repeat(32)).status()).isEqualTo(404);
        assertThat(new DidKey(blocks.getFirst().header().miner().toArray()).toString())
                .isEqualTo(ALICE.did().toString());
    }
}

package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pouw.node.HttpChainFixture.ALICE;
import static org.pouw.node.HttpChainFixture.BOB;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.chain.block.Block;
import org.pouw.chain.block.BlockHeader;
import org.pouw.chain.block.Equivocation;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.genesis.DemoGenesis;
import org.pouw.chain.importing.ChainMiner;
import org.pouw.chain.tx.Slash;
import org.pouw.chain.tx.Transaction;
import org.pouw.core.SettableClock;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.KeyFile;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.wire.Bytes32;
import tools.jackson.databind.JsonNode;

/**
 * The node reports equivocation itself (docs/chain.md §5.4, {@code chain.report_evidence}). Alice, a staked miner,
 * posts two different blocks on one parent to a real node over HTTP: the node signs a {@code slash} with its own key,
 * puts it in its mempool once however many more of her blocks come, Bob mines it, and Alice loses her stake and
 * rewards while the node's key earns the bounty. Headers that do not verify for this chain — a forged signature, one
 * signed for another chain — produce no evidence and do not hide the real pair.
 */
class EquivocationReportTest {
    @TempDir
    Path dir;

    final HttpChainFixture chain = new HttpChainFixture();
    final SettableClock clock = HttpChainFixture.clock();
    RunningNode node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    /** Alice's block on genesis as her honest miner signed it, and {@code count} more on the same parent. */
    private List<Block> aliceOnGenesis(int count) {
        Block first = chain.mine(ALICE, chain.genesisNode(), 1).getFirst();
        List<Block> blocks = new ArrayList<>(List.of(first));
        BlockNode genesis = chain.genesisNode();
        long time = chain.minerNode.ancestorTimes(genesis).getLast();
        for (int i = 1; i <= count; i++) {
            // A second miner of the same key — which an honest ChainMiner never is — signing the same work again.
            ChainMiner twin = new ChainMiner(ALICE, List.of(DemoGenesis.data()), ThreadTeam.single());
            blocks.add(twin.mine(chain.minerNode, genesis, time + 60 + i, List.of(), 20_000));
        }
        return blocks;
    }

    private RunningNode.Reply postBlock(Block block) {
        return node.post("/v1/chain/blocks", HttpChainFixture.blockBody(block), null);
    }

    private List<Transaction> slashesPending() {
        List<Transaction> slashes = new ArrayList<>();
        for (JsonNode item : node.get("/v1/chain/mempool").json().path("txs")) {
            Transaction tx = Transaction.decode(Base64.getDecoder().decode(item.asString()));
            if (tx.body() instanceof Slash) {
                slashes.add(tx);
            }
        }
        return slashes;
    }

    private JsonNode account(Ed25519.KeyPair key) {
        return node.get("/v1/chain/accounts/" + key.did()).json();
    }

    @Test
    void anEquivocatingMinerIsSlashedByTheNodesOwnEvidenceReportedOnce() {
        node = chain.startNode(dir, clock);
        List<Block> alice = aliceOnGenesis(2);
        assertThat(postBlock(alice.get(0)).json().path("status").asString()).isEqualTo("imported");
        assertThat(slashesPending()).isEmpty();

        assertThat(postBlock(alice.get(1)).json().path("status").asString()).isEqualTo("imported");

        List<Transaction> slashes = slashesPending();
        assertThat(slashes).hasSize(1);
        Transaction slash = slashes.getFirst();
        Ed25519.KeyPair nodeKey = node.node.adminKey();
        assertThat(slash.sender()).isEqualTo(Bytes32.of(nodeKey.publicKey()));
        Slash evidence = (Slash) slash.body();
        assertThat(evidence.evidence()).isEqualTo(Slash.Evidence.EQUIVOCATION);
        Equivocation pair = new Equivocation(BlockHeader.decode(evidence.first()), BlockHeader.decode(evidence.second()));
        assertThat(pair.defect(chain.genesis.chainId())).isNull();
        assertThat(pair.offender()).isEqualTo(Bytes32.of(ALICE.publicKey()));

        // The same blocks again, and a third on the same parent: still one report.
        assertThat(postBlock(alice.get(1)).json().path("status").asString()).isEqualTo("known");
        assertThat(postBlock(alice.get(2)).status()).isEqualTo(200);
        assertThat(slashesPending()).containsExactly(slash);
        String metrics = new String(node.get("/v1/pouw/metrics").bytes(), StandardCharsets.UTF_8);
        assertThat(metrics).contains("pouw_chain_evidence_reported_total 1.0");

        // Bob mines the node's evidence on Alice's first block.
        Block bobs = chain.mine(BOB, chain.node(alice.get(0)), 1, List.of(slash)).getFirst();
        assertThat(postBlock(bobs).json().path("followed").asBoolean()).isTrue();

        JsonNode offender = account(ALICE);
        assertThat(offender.path("stake").asLong()).isZero();
        assertThat(offender.path("stake_pending").asLong()).isZero();
        assertThat(offender.path("immature").asLong()).isZero();
        assertThat(account(nodeKey).path("balance").asLong()).as("a tenth of Alice's 100,000 stake")
                .isEqualTo(10_000);
        assertThat(account(BOB).path("stake").asLong()).isEqualTo(100_000);
        assertThat(slashesPending()).isEmpty();
        assertThat(node.get("/v1/chain/txs/" + slash.id(chain.genesis.chainId()).hex()).json().path("status")
                .asString()).isEqualTo("included");
    }

    /**
     * The watch's memory is in the node's database: Alice's first block reaches the node, the node restarts, and her
     * second block on the same parent still becomes the node's slash (before, the restarted node had forgotten the
     * first header and took the second as a first).
     */
    @Test
    void aRestartBetweenTheTwoBlocksStillReportsTheEquivocation() {
        node = chain.startNode(dir, clock);
        List<Block> alice = aliceOnGenesis(1);
        assertThat(postBlock(alice.get(0)).json().path("status").asString()).isEqualTo("imported");
        node.close();
        node = null;

        node = chain.startNode(dir, clock);
        assertThat(postBlock(alice.get(1)).status()).isEqualTo(200);

        List<Transaction> slashes = slashesPending();
        assertThat(slashes).as("the node's slash after its restart").hasSize(1);
        Equivocation pair = new Equivocation(BlockHeader.decode(((Slash) slashes.getFirst().body()).first()),
                BlockHeader.decode(((Slash) slashes.getFirst().body()).second()));
        assertThat(pair.defect(chain.genesis.chainId())).isNull();
        assertThat(pair.first().encode()).isEqualTo(alice.get(0).header().encode());
        assertThat(pair.offender()).isEqualTo(Bytes32.of(ALICE.publicKey()));
    }

    /**
     * The offenders reported are in the node's database too: the node reports Alice, restarts before any block
     * carries the slash (its mempool is not kept), and has the same slash pending again; Alice's third block on the
     * same parent after the restart makes no second report; Bob mines the slash and Alice is settled. Before, the
     * restarted node had forgotten the slash and reported Alice anew from her third block.
     */
    @Test
    void aRestartAfterTheReportNeitherForgetsTheSlashNorReportsTheOffenderTwice() {
        node = chain.startNode(dir, clock);
        List<Block> alice = aliceOnGenesis(2);
        assertThat(postBlock(alice.get(0)).status()).isEqualTo(200);
        assertThat(postBlock(alice.get(1)).status()).isEqualTo(200);
        List<Transaction> before = slashesPending();
        assertThat(before).hasSize(1);
        node.close();
        node = null;

        node = chain.startNode(dir, clock);
        assertThat(slashesPending()).as("the slash after the restart").containsExactlyElementsOf(before);
        assertThat(postBlock(alice.get(2)).status()).isEqualTo(200);
        assertThat(slashesPending()).as("Alice's third block after the restart").containsExactlyElementsOf(before);

        Block bobs = chain.mine(BOB, chain.node(alice.get(0)), 1, before).getFirst();
        assertThat(postBlock(bobs).json().path("followed").asBoolean()).isTrue();
        assertThat(account(ALICE).path("stake").asLong()).isZero();
        assertThat(account(node.node.adminKey()).path("balance").asLong()).isEqualTo(10_000);
        assertThat(slashesPending()).isEmpty();
    }

    @Test
    void headersThatDoNotVerifyForThisChainProduceNoEvidenceNorHideTheRealPair() {
        node = chain.startNode(dir, clock);
        List<Block> alice = aliceOnGenesis(1);
        Block second = alice.get(1);
        BlockHeader h = second.header();
        byte[] signature = h.signature();
        signature[3] ^= 1;
        Block forged = new Block(new BlockHeader(h.height(), h.parent(), h.timestamp() + 1, h.bits(), h.txRoot(),
                h.stateRoot(), h.miner(), h.taskId(), h.proof(), signature), second.opening(), second.transactions());
        Bytes32 otherChain = new HttpChainFixture(HttpChainFixture.genesis(99)).genesis.chainId();
        Block crossChain = new Block(BlockHeader.sign(ALICE, otherChain, h.height(), h.parent(), h.timestamp() + 2,
                h.bits(), h.txRoot(), h.stateRoot(), h.taskId(), h.proof()), second.opening(), second.transactions());

        assertThat(postBlock(alice.get(0)).json().path("status").asString()).isEqualTo("imported");
        for (Block bad : List.of(forged, crossChain)) {
            RunningNode.Reply refused = postBlock(bad);
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().path("error").path("reason").asString()).isEqualTo("BAD_SIGNATURE");
        }
        assertThat(slashesPending()).isEmpty();

        assertThat(postBlock(second).status()).isEqualTo(200);
        assertThat(slashesPending()).hasSize(1);
    }

    @Test
    void evidenceIsSignedWithTheConfiguredReporterKeyOrNotAtAllWhenTurnedOff() throws Exception {
        Ed25519.KeyPair reporter = HttpChainFixture.key(9);
        Path keyFile = dir.resolve("reporter.key");
        KeyFile.create(keyFile, reporter);
        chain.writeGenesis(dir);
        node = new RunningNode(dir, Map.of("chain.enabled", "true", "chain.reporter_key_file", keyFile.toString()),
                clock);
        List<Block> alice = aliceOnGenesis(1);
        alice.forEach(block -> assertThat(postBlock(block).status()).isEqualTo(200));
        assertThat(slashesPending()).extracting(Transaction::sender).containsExactly(Bytes32.of(reporter.publicKey()));
        node.close();
        node = null;

        Path missing = dir.resolve("missing.key");
        assertThatThrownBy(() -> new RunningNode(dir, Map.of("chain.enabled", "true", "chain.reporter_key_file",
                missing.toString()), clock)).hasMessageContaining("chain.reporter_key_file")
                .hasMessageContaining(missing.toString());

        Path quiet = dir.resolve("quiet");
        chain.writeGenesis(quiet);
        node = new RunningNode(quiet, Map.of("chain.enabled", "true", "chain.report_evidence", "false"), clock);
        alice.forEach(block -> assertThat(postBlock(block).status()).isEqualTo(200));
        assertThat(slashesPending()).isEmpty();
    }
}

package org.pouw.cli.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.chain.block.Block;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.genesis.DemoGenesis;
import org.pouw.chain.genesis.GenesisFile;
import org.pouw.chain.importing.BlockImporter;
import org.pouw.chain.importing.ChainMiner;
import org.pouw.chain.port.InMemoryChainStore;
import org.pouw.chain.task.FinalModelCommitment;
import org.pouw.chain.tx.FinalModelCommit;
import org.pouw.chain.tx.FinalModelReveal;
import org.pouw.chain.tx.Transaction;
import org.pouw.cli.CliRun;
import org.pouw.cli.ExitCodes;
import org.pouw.client.PouwClient;
import org.pouw.client.chain.BlockSubmitted;
import org.pouw.client.chain.ChainAccount;
import org.pouw.client.chain.ChainPayout;
import org.pouw.client.chain.ChainSettlement;
import org.pouw.client.chain.ChainTaskDetail;
import org.pouw.client.chain.ChainTaskReveal;
import org.pouw.core.Clock;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.KeyFile;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.data.DatasetCodec;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.Evaluation;
import org.pouw.ml.train.Evaluator;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;
import org.pouw.node.PouwNode;
import org.pouw.node.config.ConfigLoader;
import org.pouw.node.config.NodeConfig;
import tools.jackson.databind.JsonNode;

/**
 * The chain CLI against a real node in this process — its SQLite database, its HTTP API, the chain enabled on a demo
 * genesis put in place by {@code pouw chain init} — with blocks mined by real training here and posted to the node:
 * a {@code wallet send --wait} returns once a block includes the transfer and the receiver's balance shows it; a
 * stake is included and counts as pending stake; a task posted with {@code task submit} is in {@code task list} and
 * {@code task status}; {@code chain block} and {@code chain tx} show what was mined. A task the miner trained,
 * committed to and revealed is settled by its held-out reveal, and the node reports the model's held-out accuracy
 * and a payout that matches the miner's balance; a reorg dropping the reveal reopens it, and its deadline's equal
 * split is reported instead. Bad input and a node without the chain are refused with nothing sent.
 */
class ChainCliNodeIT {
    private static final Ed25519.KeyPair MINER = ChainCliFixtures.key(31);
    private static final Ed25519.KeyPair FRIEND = ChainCliFixtures.key(32);

    @TempDir
    Path folder;

    private PouwNode node;
    private PouwClient client;
    private BlockImporter local;
    private ChainMiner miner;
    private String url;
    private Path keyFile;
    private ChainGenesis genesis;

    @BeforeEach
    void start() throws Exception {
        long now = Clock.system().millis() / 1_000;
        genesis = DemoGenesis.forMiner(Bytes32.of(MINER.publicKey()), now - 86_400);
        Path genesisFile = folder.resolve("genesis.txt");
        Files.writeString(genesisFile, GenesisFile.format(genesis));
        Path data = folder.resolve("node");
        CliRun init = CliRun.of("chain", "init", "--data-dir", data.toString(), "--genesis", genesisFile.toString());
        assertThat(init.exit()).as(init.err()).isZero();

        Map<String, String> settings = new HashMap<>();
        settings.put("data_dir", data.toString());
        settings.put("http.port", "0");
        settings.put("pouw_mode", "remote");
        settings.put("gate.enabled", "false");
        settings.put("chain.enabled", "true");
        NodeConfig config = ConfigLoader.load(null, Map.of(), settings);
        node = PouwNode.start(config, Clock.system());
        url = "http://127.0.0.1:" + node.port();
        client = new PouwClient(java.net.URI.create(url), MINER, Duration.ofSeconds(30), Clock.system());
        local = BlockImporter.open(genesis, new InMemoryChainStore(), Clock.system());
        miner = new ChainMiner(MINER, List.of(DemoGenesis.data(), ChainCliFixtures.training()),
                ThreadTeam.single());
        keyFile = folder.resolve("keys").resolve("miner.key");
        KeyFile.create(keyFile, MINER);
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void sendStakeAndPostATaskThroughARealNode() throws Exception {
        CliRun address = cli("wallet", "address", "--json");
        assertThat(address.lastJson().get("did").asString()).isEqualTo(MINER.did().toString());

        CliRun sent = whileMining(() -> cli("wallet", "send", "--to", FRIEND.did().toString(), "--amount", "2500",
                "--memo", "first coins", "--wait", "--timeout", "120"));
        assertThat(sent.exit()).as(sent.err()).isZero();
        assertThat(sent.out()).containsPattern("included in block [1-9]");
        String transferId = sent.out().lines().filter(line -> line.startsWith("sent ")).findFirst().orElseThrow()
                .replaceAll(".*transaction ([0-9a-f]{64}).*", "$1");

        JsonNode friend = cli("wallet", "balance", FRIEND.did().toString(), "--json").lastJson();
        assertThat(friend.get("balance").asLong()).isEqualTo(2_500);
        JsonNode mine = cli("wallet", "balance", "--json").lastJson();
        assertThat(mine.get("nonce").asLong()).isEqualTo(1);

        CliRun shownTx = cli("chain", "tx", transferId, "--json");
        assertThat(shownTx.exit()).as(shownTx.err()).isZero();
        JsonNode tx = shownTx.lastJson();
        assertThat(tx.get("status").asString()).isEqualTo("included");
        assertThat(tx.get("to").asString()).isEqualTo(FRIEND.did().toString());
        assertThat(tx.get("memo").asString()).isEqualTo("first coins");
        assertThat(tx.get("signature_valid").asBoolean()).isTrue();
        CliRun shownBlock = cli("chain", "block", Long.toString(tx.get("height").asLong()), "--json");
        assertThat(shownBlock.exit()).as(shownBlock.err()).isZero();
        assertThat(shownBlock.lastJson().get("txs").toString()).contains(transferId);
        assertThat(shownBlock.lastJson().get("miner").asString()).isEqualTo(MINER.did().toString());

        CliRun staked = cli("wallet", "stake", "--amount", "1000", "--fee", "4", "--json");
        assertThat(staked.exit()).as(staked.err()).isZero();
        assertThat(staked.lastJson().get("status").asString()).isEqualTo("pending");
        mineOne();
        JsonNode afterStake = cli("wallet", "balance", "--json").lastJson();
        assertThat(afterStake.get("stake_pending").asLong()).isEqualTo(1_000);

        Path dataDir = writeData();
        CliRun submitted = whileMining(() -> cli("task", "submit", "--data", dataDir.toString(), "--arch",
                "mlp:16-8-4", "--batch", "16", "--steps", "200", "--escrow", "5000", "--wait", "--timeout", "120",
                "--json"));
        assertThat(submitted.exit()).as(submitted.err()).isZero();
        JsonNode task = submitted.lastJson();
        String taskId = task.get("task").asString();
        assertThat(task.get("status").asString()).isEqualTo("included");
        assertThat(Path.of(task.get("held_out_file").asString())).exists()
                .isEqualTo(keyFile.toAbsolutePath().getParent().resolve("tasks").resolve(taskId + ".heldout"));

        JsonNode listed = cli("task", "list", "--json").lastJson();
        List<String> ids = new ArrayList<>();
        listed.get("tasks").valueStream().forEach(row -> ids.add(row.get("id").asString()));
        assertThat(ids).contains(taskId);
        CliRun status = cli("task", "status", taskId);
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out()).contains("task " + taskId).containsPattern("phase +training")
                .containsPattern("escrow +5,000").contains("mlp:16-8-4");

        CliRun tooEarly = cli("task", "reveal-heldout", taskId);
        assertThat(tooEarly.exit()).isEqualTo(ExitCodes.REFUSED);
        assertThat(tooEarly.err()).contains("held-out reveal goes in blocks");
    }

    @Test
    void aPostedTaskIsMinedAndItsHeldOutRevealSettlesIt() throws Exception {
        Path dataDir = writeData();
        CliRun submitted = whileMining(() -> cli("task", "submit", "--data", dataDir.toString(), "--arch",
                "mlp:16-8-4", "--batch", "16", "--steps", "5000", "--escrow", "3000", "--commit-in", "61",
                "--window", "20", "--wait", "--timeout", "120", "--json"));
        assertThat(submitted.exit()).as(submitted.err()).isZero();
        JsonNode task = submitted.lastJson();
        String taskId = task.get("task").asString();
        long revealBy = task.get("reveal_by").asLong();
        assertThat(task.get("held_out_by").asLong()).isEqualTo(revealBy + 20);

        Bytes32 taskHash = Bytes32.fromHex(taskId);
        byte[] model = commitAndRevealTheFinalModel(taskHash);
        while (local.tip().height() < revealBy) {
            mineOne();
        }
        CliRun waiting = cli("task", "status", taskId, "--json");
        assertThat(waiting.lastJson().get("phase").asString()).isEqualTo("held-out reveal");
        assertThat(waiting.lastJson().get("miners").toString()).as("the epoch assigned it to the only miner")
                .contains(MINER.did().toString());

        assertThat(client.chain().task(taskId).settlement()).as("not settled yet").isEmpty();
        long headBefore = client.chain().head().height();
        ChainAccount before = client.chain().account(MINER.did().toString());
        CliRun revealed = whileMining(() -> cli("task", "reveal-heldout", taskId, "--wait", "--timeout", "120"));
        assertThat(revealed.exit()).as(revealed.err()).isZero();
        assertThat(revealed.out()).contains("50 records").containsPattern("included in block [0-9]+");
        CliRun settled = cli("task", "status", taskId);
        assertThat(settled.out()).containsPattern("phase +settled").containsPattern("settled +yes");

        // The report names the held-out accuracy the evaluator gives the revealed model, and the payout is what the
        // miner's coins grew by beyond its block rewards (as poster it paid the reveal's fee, as miner got it back).
        long headAfter = client.chain().head().height();
        ChainAccount after = client.chain().account(MINER.did().toString());
        ChainTaskDetail detail = client.chain().task(taskId);
        assertThat(detail.reveals()).hasSize(1);
        ChainTaskReveal reveal = detail.reveals().getFirst();
        assertThat(reveal.did()).isEqualTo(MINER.did().toString());
        assertThat(reveal.rank()).isEqualTo(1);
        Dataset heldOut = ChainCliFixtures.heldOut(50);
        TrainingTask spec = TrainingTask.decode(java.util.Base64.getDecoder().decode(
                detail.parameters().path("task").asString()));
        Evaluation evaluation = Evaluator.evaluate(TrainingState.decode(spec, model).network(), heldOut,
                spec.hyperparameters().loss(), ThreadTeam.single());
        assertThat(reveal.accuracy()).isEqualTo(evaluation.accuracy());
        assertThat(reveal.loss()).isEqualTo(evaluation.meanLoss());
        ChainSettlement settlement = detail.settlement().orElseThrow();
        assertThat(settlement.byHeldOut()).isTrue();
        assertThat(settlement.height()).isBetween(headBefore + 1, headAfter);
        assertThat(settlement.burnt()).isZero();
        assertThat(settlement.payouts()).containsExactly(new ChainPayout(MINER.did().toString(), 3000));
        long subsidies = (headAfter - headBefore) * genesis.block().subsidy();
        assertThat(after.balance() + after.immature() - before.balance() - before.immature() - subsidies)
                .as("the miner's coins grew by its payout").isEqualTo(3000);
        assertThat(settled.out()).contains(String.format(java.util.Locale.ROOT, "accuracy %.2f %%",
                100 * evaluation.accuracy())).containsPattern("payouts \\(1\\)\\n +" + MINER.did() + " +3,000")
                .containsPattern("burnt +0");
        CliRun again = cli("task", "reveal-heldout", taskId);
        assertThat(again.exit()).isEqualTo(ExitCodes.REFUSED);
        assertThat(again.err()).contains("already settled");

        // A longer branch from below the settling block, without the held-out reveal: the report kept for that block
        // no longer holds — the task is open again, then its deadline splits the escrow equally, unranked.
        // One staked miner builds both branches, so the longer one comes from its key on a second machine (the
        // miner itself refuses to sign a second block on a parent: that is equivocation).
        ChainMiner firstMachine = miner;
        miner = miner.secondMachine();
        BlockNode branch = local.tip().ancestorAt(settlement.height() - 1);
        long forkedFrom = local.tip().height();
        while (branch.height() <= forkedFrom) {
            branch = mineEmptyOn(branch);
        }
        assertThatThrownBy(() -> firstMachine.mine(local, local.tip().ancestorAt(settlement.height() - 1),
                local.ancestorTimes(local.tip()).getLast() + 60, List.of(), 5_000))
                .hasMessageContaining("equivocation");
        assertThat(client.chain().head().hash()).as("the node followed the longer branch").isEqualTo(branch.hash().hex());
        ChainTaskDetail reopened = client.chain().task(taskId);
        assertThat(reopened.task().settled()).isFalse();
        assertThat(reopened.settlement()).isEmpty();
        assertThat(reopened.reveals()).isEmpty();
        long heldOutBy = task.get("held_out_by").asLong();
        while (local.tip().height() <= heldOutBy) {
            mineEmptyOn(local.tip());
        }
        ChainTaskDetail split = client.chain().task(taskId);
        ChainSettlement equal = split.settlement().orElseThrow();
        assertThat(equal.byHeldOut()).isFalse();
        assertThat(equal.height()).isEqualTo(heldOutBy + 1);
        assertThat(equal.block()).isEqualTo(local.tip().ancestorAt(heldOutBy + 1).hash().hex());
        assertThat(equal.payouts()).containsExactly(new ChainPayout(MINER.did().toString(), 3000));
        assertThat(split.reveals()).containsExactly(new ChainTaskReveal(MINER.did().toString(), null, null, 1));
    }

    /** Mines a block with no transactions on {@code parent}, imports it here and posts it to the node. */
    private BlockNode mineEmptyOn(BlockNode parent) {
        Block block = null;
        while (block == null) {
            block = miner.mine(local, parent, local.ancestorTimes(parent).getLast() + 60, List.of(), 5_000);
        }
        assertThat(local.importBlock(block).isRefused()).isFalse();
        assertThat(client.chain().submitBlock(block.encode()).status()).isEqualTo("imported");
        return local.node(block.header().hash(local.chainId())).orElseThrow();
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndNothingIsSent() throws Exception {
        int before = client.chain().mempool().size();
        CliRun badDid = cli("wallet", "send", "--to", "did:key:z6MkNotAKey", "--amount", "5");
        assertThat(badDid.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(badDid.err()).startsWith("pouw: --to:");
        CliRun zero = cli("wallet", "send", "--to", FRIEND.did().toString(), "--amount", "0");
        assertThat(zero.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(zero.err()).startsWith("pouw: --amount:");
        CliRun tooMuch = cli("wallet", "send", "--to", FRIEND.did().toString(), "--amount", "999999999");
        assertThat(tooMuch.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(tooMuch.err()).startsWith("pouw: --amount:").contains("balance");
        CliRun overStaked = cli("wallet", "unstake", "--amount", "100001");
        assertThat(overStaked.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(overStaked.err()).startsWith("pouw: --amount:").contains("staked");
        CliRun notANumber = cli("wallet", "stake", "--amount", "lots");
        assertThat(notANumber.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(notANumber.err()).contains("--amount");
        assertThat(client.chain().mempool()).as("nothing was sent").hasSize(before);

        CliRun accepted = cli("wallet", "send", "--to", FRIEND.did().toString(), "--amount", "5", "--fee", "0");
        assertThat(accepted.exit()).as(accepted.err()).isZero();
        assertThat(client.chain().mempool()).hasSize(before + 1);
    }

    @Test
    void aNodeWithoutTheChainIsNamed() throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("data_dir", folder.resolve("plain").toString());
        settings.put("http.port", "0");
        settings.put("pouw_mode", "remote");
        settings.put("gate.enabled", "false");
        try (PouwNode plain = PouwNode.start(ConfigLoader.load(null, Map.of(), settings), Clock.system())) {
            CliRun run = CliRun.of("wallet", "send", "--node", "http://127.0.0.1:" + plain.port(), "--key",
                    keyFile.toString(), "--to", FRIEND.did().toString(), "--amount", "5");
            assertThat(run.exit()).isEqualTo(ExitCodes.REFUSED);
            assertThat(run.err()).contains("does not run the chain").contains("chain.enabled");
        }
    }

    /**
     * Mines until the miner has trained on the task, then commits to its final model in its next block on the task
     * (the commitment names the end of that very block's segment), reveals it in the reveal window and returns it.
     */
    private byte[] commitAndRevealTheFinalModel(Bytes32 taskId) {
        Bytes32 me = Bytes32.of(MINER.publicKey());
        Bytes32 salt = Bytes32.fromHex("5c".repeat(32));
        long commitBy = client.chain().task(taskId.hex()).task().commitBy();
        byte[][] model = new byte[1][];
        while (model[0] == null) {
            assertThat(local.tip().height()).as("trained on the task before its commit deadline").isLessThan(commitBy);
            BlockNode tip = local.tip();
            if (tip.state().workLog(taskId, me) == null || !taskId.equals(local.assignedTask(tip, me))) {
                mineOne();
                continue;
            }
            List<Transaction> pending = client.chain().mempool().stream().map(Transaction::decode).toList();
            long nonce = tip.state().account(me).nonce() + pending.stream().filter(tx -> tx.sender().equals(me)).count();
            Block block = miner.mine(local, tip, local.ancestorTimes(tip).getLast() + 60, () -> {
                model[0] = miner.newestModel(taskId).orElseThrow();
                Bytes32 end = Bytes32.of(Blake3.hash(model[0]));
                Bytes32 commitment = FinalModelCommitment.of(taskId, me, end, salt);
                List<Transaction> body = new ArrayList<>(pending);
                body.add(Transaction.sign(MINER, local.chainId(), nonce, 1, new byte[0],
                        new FinalModelCommit(taskId, end, commitment)));
                return body;
            }, 5_000);
            if (block != null) {
                submit(block);
            }
        }
        assertThat(local.tip().state().workLog(taskId, me).segmentEnd())
                .as("the commitment's model is the end the miner's chain froze at")
                .isEqualTo(Bytes32.of(Blake3.hash(model[0])));
        while (local.tip().height() < commitBy) {
            mineOne();
        }
        Transaction reveal = Transaction.sign(MINER, local.chainId(), local.tip().state().account(me).nonce(), 1,
                new byte[0], new FinalModelReveal(taskId, salt, model[0]));
        assertThat(client.chain().submitTx(reveal.encode()).status()).isEqualTo("pending");
        mineOne();
        assertThat(local.tip().state().workLog(taskId, me).hasRevealed()).isTrue();
        return model[0];
    }

    /** The task's data as PMLD files: 400 training records and a held-out set of 50. */
    private Path writeData() throws java.io.IOException {
        Path dataDir = folder.resolve("data");
        Files.createDirectories(dataDir);
        Files.write(dataDir.resolve("train.pmld"), DatasetCodec.encode(ChainCliFixtures.training()));
        Files.write(dataDir.resolve("test.pmld"), DatasetCodec.encode(ChainCliFixtures.heldOut(50)));
        return dataDir;
    }

    private CliRun cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--node", url, "--key", keyFile.toString()));
        return CliRun.of(all.toArray(String[]::new));
    }

    /** Runs a command that waits for a block while this thread mines blocks of the node's mempool. */
    private CliRun whileMining(java.util.function.Supplier<CliRun> command) throws Exception {
        CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(command);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
        while (!run.isDone() && System.nanoTime() < deadline) {
            if (client.chain().mempool().isEmpty()) {
                Thread.sleep(100);
                continue;
            }
            mineOne();
        }
        return run.get(10, TimeUnit.SECONDS);
    }

    /** Mines one block of the node's mempool here, by training, and posts it to the node. */
    private void mineOne() {
        List<Transaction> pending = client.chain().mempool().stream().map(Transaction::decode).toList();
        long time = local.ancestorTimes(local.tip()).getLast() + 60;
        Block block = null;
        while (block == null) {
            block = miner.mine(local, local.tip(), time, pending, 5_000);
        }
        submit(block);
    }

    /** Imports a block mined here, then posts it to the node, which must follow it. */
    private void submit(Block block) {
        assertThat(local.importBlock(block).isRefused()).isFalse();
        BlockSubmitted submitted = client.chain().submitBlock(block.encode());
        assertThat(submitted.status()).isEqualTo("imported");
        assertThat(submitted.followed()).isTrue();
    }
}

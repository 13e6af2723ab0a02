package org.pouw.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.pouw.chain.genesis.DemoGenesis;
import org.pouw.chain.genesis.GenesisAccount;
import org.pouw.chain.genesis.GenesisFile;
import org.pouw.chain.tx.PayForTask;
import org.pouw.chain.tx.Transaction;
import org.pouw.cli.mine.DigitTask;
import org.pouw.cli.mine.HttpChainNode;
import org.pouw.cli.mine.MinerDisplay;
import org.pouw.cli.mine.FollowingMiningLoop;
import org.pouw.cli.mine.MiningSettings;
import org.pouw.client.PouwClient;
import org.pouw.client.chain.ChainTaskDetail;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.data.DatasetCodec;
import org.pouw.ml.wire.Bytes32;
import org.pouw.node.chain.ChainGenesisFile;
import org.pouw.node.config.NodeConfig;

/**
 * The chain part of {@code pouw node start --demo} (docs/chain.md "Mining"): the demo genesis staking the node's own
 * key as the miner and funding the demo client; once the node runs, one in-process {@link FollowingMiningLoop} mines
 * against the node's own HTTP API, while the client posts a paid task over generated 28×28 digits with
 * {@code pay_for_task}, and after the reveal deadline reveals its held-out set, so the newcomer sees blocks mined by
 * training, the final model committed and revealed, and the escrow paid by held-out accuracy. The miner is held to a
 * few steps a second so the blocks can be followed by eye (the demo genesis's target makes about every other step a
 * winner).
 */
final class DemoChain {
    static final long ESCROW = 5_000;
    static final long CLIENT_FUNDS = 1_000_000;
    private static final double STEPS_PER_SECOND = 2;

    private final String url;
    private final Ed25519.KeyPair minerKey;
    private final Ed25519.KeyPair client;
    private final PrintStream out;
    private volatile FollowingMiningLoop loop;

    DemoChain(String url, Ed25519.KeyPair minerKey, Ed25519.KeyPair client, PrintStream out) {
        this.url = url;
        this.minerKey = minerKey;
        this.client = client;
        this.out = out;
    }

    /**
     * Writes the demo genesis into the data folder unless one is there (a second demo run continues its chain).
     * Returns the settings that turn the chain on for the node.
     */
    static List<String[]> prepare(NodeConfig config, Ed25519.KeyPair minerKey, Ed25519.KeyPair client)
            throws IOException {
        Path genesis = ChainGenesisFile.path(config);
        if (!Files.exists(genesis)) {
            Files.createDirectories(config.dataDir());
            AtomicFile.write(genesis, GenesisFile.format(DemoGenesis.forMiner(Bytes32.of(minerKey.publicKey()),
                    Clock.system().millis() / 1_000, List.of(new GenesisAccount(Bytes32.of(client.publicKey()),
                            CLIENT_FUNDS, 0)))).getBytes(StandardCharsets.UTF_8));
        }
        return List.of(new String[][] {{"chain.enabled", "true"}});
    }

    /** Starts the miner thread and the client's task; returns at once. */
    void start() {
        FollowingMiningLoop mining = new FollowingMiningLoop(new HttpChainNode(new PouwClient(URI.create(url), minerKey,
                Duration.ofSeconds(30), Clock.system()).chain()), url, minerKey, Clock.system(),
                MiningSettings.DEFAULTS.withMaxStepsPerSecond(STEPS_PER_SECOND), MinerDisplay.human(out, false, 100));
        loop = mining;
        Thread.ofPlatform().name("demo-miner").daemon().start(mining);
        Thread.ofVirtual().name("demo-chain-client").start(this::postAndSettle);
    }

    void stop() {
        FollowingMiningLoop mining = loop;
        if (mining != null) {
            mining.stop();
        }
    }

    private void postAndSettle() {
        try (PouwClient api = new PouwClient(URI.create(url), client, Duration.ofSeconds(30), Clock.system())) {
            DigitTask digits = DigitTask.generate(600, 200, Clock.system().millis());
            api.chain().uploadDataset(DatasetCodec.encode(digits.train()));
            Bytes32 chainId = Bytes32.fromHex(api.chain().head().chainId());
            long height = api.chain().head().height();
            long nonce = api.chain().account(client.did().toString()).nonce();
            // the demo genesis's task constants: an epoch of 60 blocks, deadlines at least 20 blocks apart
            PayForTask pay = digits.payForTask(ESCROW, height + 70, height + 92, height + 114);
            Transaction post = Transaction.sign(client, chainId, nonce, 1, new byte[0], pay);
            api.chain().submitTx(post.encode());
            Bytes32 taskId = post.id(chainId);
            out.printf("chain: client posted task %s with pay_for_task: an MLP 784-16-10 on %d generated 28x28"
                    + " digits, escrow %d; final models due by block %d, revealed by %d; held-out set of %d digits"
                    + " revealed after that%n", taskId.hex().substring(0, 12), digits.train().size(), ESCROW,
                    pay.commitBy(), pay.revealBy(), digits.heldOut().size());
            while (api.chain().head().height() < pay.revealBy()) {
                Thread.sleep(2_000);
            }
            api.chain().submitTx(Transaction.sign(client, chainId, nonce + 1, 1, new byte[0],
                    digits.revealHeldOut(taskId)).encode());
            out.printf("chain: client revealed the held-out set of task %s%n", taskId.hex().substring(0, 12));
            ChainTaskDetail task = api.chain().task(taskId.hex());
            while (!task.task().settled()) {
                Thread.sleep(2_000);
                task = api.chain().task(taskId.hex());
            }
            out.printf(Locale.ROOT, "chain: task %s settled: escrow %d paid to its miners by the held-out accuracy of"
                    + " their final models; miner balance now %d%n", taskId.hex().substring(0, 12), ESCROW,
                    api.chain().account(minerKey.did().toString()).balance());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            out.println("chain: the demo client stopped: " + e.getMessage());
        }
    }
}

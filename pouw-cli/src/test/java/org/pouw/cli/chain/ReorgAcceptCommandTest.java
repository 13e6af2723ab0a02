package org.pouw.cli.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.chain.block.Block;
import org.pouw.chain.block.BlockParameters;
import org.pouw.chain.difficulty.CompactTarget;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.genesis.DemoGenesis;
import org.pouw.chain.genesis.GenesisAccount;
import org.pouw.chain.genesis.GenesisFile;
import org.pouw.chain.importing.BlockImporter;
import org.pouw.chain.importing.ChainMiner;
import org.pouw.chain.mining.LivenessRule;
import org.pouw.chain.mining.TicketRule;
import org.pouw.chain.port.InMemoryChainStore;
import org.pouw.chain.state.ChainParameters;
import org.pouw.chain.task.TaskParameters;
import org.pouw.cli.CliRun;
import org.pouw.cli.ExitCodes;
import org.pouw.client.PouwClient;
import org.pouw.client.chain.ChainHead;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.KeyFile;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.wire.Bytes32;
import org.pouw.node.PouwNode;
import org.pouw.node.chain.ChainGenesisFile;
import org.pouw.node.config.ConfigLoader;

/**
 * {@code pouw chain accept-reorg} against a real node in this process (SQLite, HTTP) whose genesis has R = 2: Alice's
 * three blocks are followed, Bob's four from genesis — a fork three deep — are held. A wrong or malformed hash, or a
 * key other than the node's admin key, changes nothing; without {@code --hash} the command accepts the held tip the
 * head shows and the node follows it; asked again, it says nothing is held.
 */
class ReorgAcceptCommandTest {
    private static final Ed25519.KeyPair ALICE = ChainCliFixtures.key(41);
    private static final Ed25519.KeyPair BOB = ChainCliFixtures.key(42);

    @TempDir
    Path folder;

    private PouwNode node;
    private PouwClient client;
    private String url;
    private Path adminKey;
    private Bytes32 chainId;
    private List<Block> alice;
    private List<Block> bob;

    @BeforeEach
    void holdBobsBranch() throws Exception {
        long now = Clock.system().millis() / 1_000;
        long t0 = now - 86_400;
        ChainGenesis genesis = new ChainGenesis(t0, CompactTarget.encode(BigInteger.ONE.shiftLeft(250)),
                CompactTarget.encode(BigInteger.ONE.shiftLeft(255)), 60, 3_600, 90, 2, new ChainParameters(10, 100),
                new BlockParameters(50_000, 100_000, 100), new TicketRule(1_000, 10_000), LivenessRule.DEFAULT,
                List.of(new GenesisAccount(Bytes32.of(ALICE.publicKey()), 1_000, 100_000),
                        new GenesisAccount(Bytes32.of(BOB.publicKey()), 1_000, 100_000)),
                TaskParameters.DEFAULTS, List.of(DemoGenesis.dataset()));
        chainId = genesis.chainId();
        Path data = folder.resolve("node");
        Files.createDirectories(data);
        Files.writeString(data.resolve(ChainGenesisFile.FILE_NAME), GenesisFile.format(genesis));
        node = PouwNode.start(ConfigLoader.load(null, Map.of(), Map.of("data_dir", data.toString(), "http.port", "0",
                "pouw_mode", "remote", "gate.enabled", "false", "chain.enabled", "true")), Clock.system());
        url = "http://127.0.0.1:" + node.port();
        adminKey = data.resolve("admin.key");
        client = new PouwClient(java.net.URI.create(url), ALICE, Duration.ofSeconds(30), Clock.system());

        BlockImporter local = BlockImporter.open(genesis, new InMemoryChainStore(), Clock.system());
        BlockNode root = local.node(genesis.chainId()).orElseThrow();
        alice = mine(local, ALICE, root, 3);
        bob = mine(local, BOB, root, 4);
        alice.forEach(block -> client.chain().submitBlock(block.encode()));
        bob.forEach(block -> client.chain().submitBlock(block.encode()));
        ChainHead head = client.chain().head();
        assertThat(head.hash()).isEqualTo(hash(alice.getLast()));
        assertThat(head.held().hash()).isEqualTo(hash(bob.getLast()));
    }

    private static List<Block> mine(BlockImporter local, Ed25519.KeyPair key, BlockNode from, int count) {
        ChainMiner miner = new ChainMiner(key, List.of(DemoGenesis.data()), ThreadTeam.single());
        List<Block> blocks = new ArrayList<>();
        BlockNode at = from;
        for (int i = 0; i < count; i++) {
            Block block = miner.mine(local, at, local.ancestorTimes(at).getLast() + 60, List.of(), 20_000);
            assertThat(block).as("a winning step in 20,000").isNotNull();
            local.importBlock(block);
            at = local.node(block.header().hash(local.chainId())).orElseThrow();
            blocks.add(block);
        }
        return blocks;
    }

    private String hash(Block block) {
        return block.header().hash(chainId).hex();
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

    private CliRun acceptReorg(String... extra) {
        List<String> args = new ArrayList<>(List.of("chain", "accept-reorg", "--node", url, "--key",
                adminKey.toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void refusalsChangeNothingAndTheShownHeldTipIsAccepted() throws Exception {
        CliRun wrong = acceptReorg("--hash", hash(bob.get(1)));
        assertThat(wrong.exit()).as(wrong.err()).isEqualTo(ExitCodes.REFUSED);
        assertThat(wrong.firstErrorLine()).contains("the held branch's tip is now " + hash(bob.getLast()));
        CliRun malformed = acceptReorg("--hash", "xyz");
        assertThat(malformed.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(malformed.firstErrorLine()).contains("--hash");
        Path stranger = folder.resolve("stranger.key");
        KeyFile.create(stranger, Ed25519.KeyPair.generate());
        CliRun notAdmin = CliRun.of("chain", "accept-reorg", "--node", url, "--key", stranger.toString(), "--hash",
                hash(bob.getLast()));
        assertThat(notAdmin.exit()).isEqualTo(ExitCodes.REFUSED);
        assertThat(notAdmin.firstErrorLine()).contains("admin key");
        assertThat(client.chain().head().hash()).isEqualTo(hash(alice.getLast()));

        CliRun accepted = acceptReorg("--json");

        assertThat(accepted.exit()).as(accepted.err()).isZero();
        assertThat(accepted.err()).contains("accepting the held branch: tip " + hash(bob.getLast()) + " at height 4");
        assertThat(accepted.lastJson().path("hash").asString()).isEqualTo(hash(bob.getLast()));
        assertThat(accepted.lastJson().path("old_tip").asString()).isEqualTo(hash(alice.getLast()));
        assertThat(accepted.lastJson().path("depth").asInt()).isEqualTo(3);
        ChainHead head = client.chain().head();
        assertThat(head.hash()).isEqualTo(hash(bob.getLast()));
        assertThat(head.held()).isNull();

        CliRun nothing = acceptReorg();
        assertThat(nothing.exit()).isEqualTo(ExitCodes.REFUSED);
        assertThat(nothing.firstErrorLine()).contains("holds no reorg");
        CliRun stale = acceptReorg("--hash", hash(bob.getLast()));
        assertThat(stale.exit()).isEqualTo(ExitCodes.REFUSED);
        assertThat(stale.firstErrorLine()).contains("no reorg is held");
    }
}

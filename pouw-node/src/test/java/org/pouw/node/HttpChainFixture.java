package org.pouw.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.pouw.chain.tx.Transaction;
import org.pouw.chain.tx.Transfer;
import org.pouw.core.SettableClock;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.wire.Bytes32;
import org.pouw.node.chain.ChainGenesisFile;
import tools.jackson.databind.node.ObjectNode;

/**
 * A chain for the node's chain tests: the demo chain's parameters and filler data (a tiny MLP trained on generated
 * points, so blocks take a few real training steps), two staked miners and a funded sender. Its genesis is written
 * where {@code pouw chain init} writes it; the miners build real blocks on their own in-memory node, which the tests
 * then post to the node under test.
 */
final class HttpChainFixture {
    static final long T0 = 1_767_225_600;
    static final Ed25519.KeyPair ALICE = key(1);
    static final Ed25519.KeyPair BOB = key(2);
    static final Ed25519.KeyPair CAROL = key(3);

    final ChainGenesis genesis;
    final BlockImporter minerNode;
    private final Map<Bytes32, ChainMiner> miners = new HashMap<>();

    HttpChainFixture() {
        this(genesis());
    }

    HttpChainFixture(ChainGenesis genesis) {
        this.genesis = genesis;
        this.minerNode = BlockImporter.open(genesis, new InMemoryChainStore(), clock());
    }

    static ChainGenesis genesis() {
        return genesis(100);
    }

    /** The fixture's chain with the reorg alarm depth R given: a small R lets a test build a held reorg quickly. */
    static ChainGenesis genesis(int reorgAlarmDepth) {
        return new ChainGenesis(T0, CompactTarget.encode(BigInteger.ONE.shiftLeft(250)),
                CompactTarget.encode(BigInteger.ONE.shiftLeft(255)), 60, 3_600, 90, reorgAlarmDepth,
                new ChainParameters(10, 100),
                new BlockParameters(50_000, 100_000, 100), new TicketRule(1_000, 10_000), LivenessRule.DEFAULT,
                List.of(new GenesisAccount(Bytes32.of(ALICE.publicKey()), 1_000, 100_000),
                        new GenesisAccount(Bytes32.of(BOB.publicKey()), 1_000, 100_000),
                        new GenesisAccount(Bytes32.of(CAROL.publicKey()), 1_000_000, 0)),
                TaskParameters.DEFAULTS, List.of(DemoGenesis.dataset()));
    }

    /** A day after genesis: every mined block's timestamp is in the node's past. */
    static SettableClock clock() {
        return new SettableClock((T0 + 86_400) * 1_000);
    }

    static Ed25519.KeyPair key(int seed) {
        byte[] secret = new byte[32];
        secret[31] = (byte) seed;
        return Ed25519.KeyPair.fromPrivateKey(secret);
    }

    /** Writes the genesis file into {@code dataDir} as {@code pouw chain init} does. */
    void writeGenesis(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            Files.writeString(dataDir.resolve(ChainGenesisFile.FILE_NAME), GenesisFile.format(genesis),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A node with the chain enabled on {@code dataDir}, whose genesis this fixture wrote. */
    RunningNode startNode(Path dataDir, SettableClock clock) {
        writeGenesis(dataDir);
        return new RunningNode(dataDir, Map.of("chain.enabled", "true"), clock);
    }

    BlockNode genesisNode() {
        return minerNode.node(genesis.chainId()).orElseThrow();
    }

    BlockNode node(Block block) {
        return minerNode.node(hash(block)).orElseThrow();
    }

    Bytes32 hash(Block block) {
        return block.header().hash(genesis.chainId());
    }

    /** {@code count} blocks by {@code miner} on {@code parent}, the first carrying {@code transactions}. */
    List<Block> mine(Ed25519.KeyPair miner, BlockNode parent, int count, List<Transaction> transactions) {
        ChainMiner chainMiner = miners.computeIfAbsent(Bytes32.of(miner.publicKey()),
                key -> new ChainMiner(miner, List.of(DemoGenesis.data()), ThreadTeam.single()));
        List<Block> blocks = new ArrayList<>();
        BlockNode at = parent;
        for (int i = 0; i < count; i++) {
            Block block = chainMiner.mine(minerNode, at, minerNode.ancestorTimes(at).getLast() + 60,
                    i == 0 ? transactions : List.of(), 20_000);
            if (block == null) {
                throw new AssertionError("no winning step in 20,000");
            }
            minerNode.importBlock(block);
            at = node(block);
            blocks.add(block);
        }
        return blocks;
    }

    List<Block> mine(Ed25519.KeyPair miner, BlockNode parent, int count) {
        return mine(miner, parent, count, List.of());
    }

    /**
     * A node on real SQLite at {@code data} with this genesis, the chain and the transport on (an ephemeral port,
     * loopback peers allowed, 64 links from one IP): what the relay tests link raw peers to.
     */
    RunningNode startRelayNode(Path data) {
        writeGenesis(data);
        return new RunningNode(data, Map.of("chain.enabled", "true", "p2p.enabled", "true", "p2p.listen_port", "0",
                "p2p.allow_local_addresses", "true", "p2p.max_links_per_ip", "64"), clock());
    }

    Transaction transfer(Ed25519.KeyPair from, long nonce, long fee, Ed25519.KeyPair to, long amount) {
        return Transaction.sign(from, genesis.chainId(), nonce, fee, new byte[0],
                new Transfer(Bytes32.of(to.publicKey()), amount));
    }

    static ObjectNode blockBody(Block block) {
        return RunningNode.JSON.createObjectNode().put("block", Base64.getEncoder().encodeToString(block.encode()));
    }

    static ObjectNode txBody(Transaction tx) {
        return RunningNode.JSON.createObjectNode().put("tx", Base64.getEncoder().encodeToString(tx.encode()));
    }
}

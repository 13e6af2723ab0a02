package org.pouw.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.genesis.DemoGenesis;
import org.pouw.chain.genesis.GenesisFile;
import org.pouw.chain.importing.BlockImporter;
import org.pouw.chain.importing.ChainVerification;
import org.pouw.chain.importing.OpeningPruning;
import org.pouw.chain.port.ChainStore;
import org.pouw.chain.port.StoredBlock;
import org.pouw.core.Clock;
import org.pouw.core.PouwException;
import org.pouw.core.port.Storage;
import org.pouw.crypto.DidKey;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.wire.Bytes32;
import org.pouw.node.StorageOpening;
import org.pouw.node.chain.ChainGenesisFile;
import org.pouw.node.config.NodeConfig;
import org.pouw.store.ChainStores;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pouw chain init|status|verify|prune} (docs/chain.md §5.5, §7): the chain's genesis file in the node's data
 * folder, and the blocks the node stored beside the market in its configured database (SQLite or PostgreSQL);
 * {@code pouw chain block|tx} read one block or transaction from a running node's API, and
 * {@code pouw chain accept-reorg} has it follow a branch held because it forks deeper than R (admin key).
 */
@Command(name = "chain", description = "The chain mined by useful work: genesis, status, verification, pruning, blocks"
        + " and transactions, accepting a held reorg.",
        subcommands = {ChainCommand.Init.class, ChainCommand.Status.class, ChainCommand.Verify.class,
            ChainCommand.Prune.class, org.pouw.cli.chain.BlockShowCommand.class,
            org.pouw.cli.chain.TxShowCommand.class, org.pouw.cli.chain.ReorgAcceptCommand.class})
final class ChainCommand {
    /** Where the genesis file lives in the data folder: the node reads it from the same place. */
    static final String GENESIS_FILE = ChainGenesisFile.FILE_NAME;

    private ChainCommand() {
    }

    static Path genesisPath(NodeConfig config) {
        return ChainGenesisFile.path(config);
    }

    /** The data folder's genesis, parsed strictly; a bad or missing file is bad configuration (exit 4). */
    static ChainGenesis readGenesis(NodeConfig config) throws IOException {
        Path file = genesisPath(config);
        if (!Files.exists(file)) {
            throw new ChainConfigException("no genesis at " + file + "; run 'pouw chain init' first");
        }
        return parse(file);
    }

    /** The data folder's genesis, or empty after telling the user why it can not be read. */
    private static Optional<ChainGenesis> genesisOrExplain(NodeConfig config) throws IOException {
        try {
            return Optional.of(readGenesis(config));
        } catch (ChainConfigException e) {
            System.err.println("pouw: bad configuration: " + e.getMessage());
            return Optional.empty();
        }
    }

    private static ChainGenesis parse(Path file) throws IOException {
        try {
            return GenesisFile.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (PouwException e) {
            throw new ChainConfigException(file + ": " + e.getMessage());
        }
    }

    /** A genesis file that does not parse, or is missing: reported as bad configuration. */
    static final class ChainConfigException extends IllegalStateException {
        ChainConfigException(String message) {
            super(message);
        }
    }

    @Command(name = "init", description = "Put the chain's genesis file in the node's data folder: a copy of"
            + " --genesis FILE (checked strictly), or the demo chain's genesis funding and staking --demo-miner."
            + " Refuses to replace a different genesis.")
    static final class Init implements Callable<Integer> {
        @Mixin
        NodeOptions options;

        @Option(names = "--genesis", paramLabel = "FILE", description = "a genesis file to use")
        Path genesis;

        @Option(names = "--demo-miner", paramLabel = "KEY",
                description = "did:key or 64-hex public key the demo genesis funds and stakes")
        String demoMiner;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Override
        public Integer call() throws IOException {
            if ((genesis == null) == (demoMiner == null)) {
                throw new IllegalArgumentException("give exactly one of --genesis FILE and --demo-miner KEY");
            }
            NodeConfig config = options.load();
            ChainGenesis chosen;
            try {
                chosen = genesis != null ? parse(genesis) : DemoGenesis.forMiner(key(demoMiner),
                        Clock.system().millis() / 1_000);
            } catch (ChainConfigException e) {
                System.err.println("pouw: bad genesis: " + e.getMessage());
                return ExitCodes.CONFIG;
            }
            Path target = genesisPath(config);
            if (Files.exists(target)) {
                ChainGenesis existing;
                try {
                    existing = parse(target);
                } catch (ChainConfigException e) {
                    System.err.println("pouw: bad genesis already in the data folder: " + e.getMessage());
                    return ExitCodes.CONFIG;
                }
                if (!existing.chainId().equals(chosen.chainId())) {
                    System.err.println("pouw: " + target + " already holds the genesis of chain "
                            + existing.chainId().hex() + "; remove it (and the chain's blocks) to start another");
                    return ExitCodes.REFUSED;
                }
            } else {
                Files.createDirectories(config.dataDir());
                AtomicFile.write(target, GenesisFile.format(chosen).getBytes(StandardCharsets.UTF_8));
            }
            ObjectNode data = JsonMapper.builder().build().createObjectNode();
            data.put("chain_id", chosen.chainId().hex()).put("genesis_file", target.toString());
            new Printer(json).print(data, "chain " + chosen.chainId().hex() + "\ngenesis in " + target);
            return ExitCodes.OK;
        }

        private static Bytes32 key(String text) {
            try {
                return text.startsWith("did:key:") ? Bytes32.of(DidKey.parse(text).publicKey()) : Bytes32.fromHex(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--demo-miner: " + e.getMessage());
            }
        }
    }

    /**
     * What {@code status}, {@code prune} and {@code verify} share: the node's config, the genesis in its data folder
     * (missing or unreadable: exit 4, said on stderr) and its database, open while the command works on the blocks
     * stored there.
     */
    abstract static class StoredChainCommand implements Callable<Integer> {
        @Mixin
        NodeOptions options;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Override
        public final Integer call() throws IOException {
            NodeConfig config = options.load();
            Optional<ChainGenesis> read = genesisOrExplain(config);
            if (read.isEmpty()) {
                return ExitCodes.CONFIG;
            }
            try (Storage storage = StorageOpening.open(config)) {
                return run(read.get(), storage, new Printer(json));
            }
        }

        /** The command's work on the stored chain; returns the exit code. */
        abstract int run(ChainGenesis genesis, Storage storage, Printer printer);
    }

    @Command(name = "status", description = "The chain id, the stored tip and how many blocks the node stored.")
    static final class Status extends StoredChainCommand {
        @Override
        int run(ChainGenesis genesis, Storage storage, Printer printer) {
            ChainStore store = ChainStores.on(storage);
            long blocks = store.blockCount();
            Optional<Bytes32> tip = store.tip();
            long height = tip.flatMap(store::block).map(StoredBlock::height).orElse(0L);
            Bytes32 tipHash = tip.orElse(genesis.chainId());
            ObjectNode data = JsonMapper.builder().build().createObjectNode();
            data.put("chain_id", genesis.chainId().hex()).put("height", height).put("tip", tipHash.hex())
                    .put("stored_blocks", blocks);
            printer.print(data, "chain " + genesis.chainId().hex() + "\nheight " + height + ", tip " + tipHash.hex()
                    + "\n" + blocks + " blocks stored");
            return ExitCodes.OK;
        }
    }

    @Command(name = "prune", description = "Drop the winner's opening (start state and batch records) of every"
            + " stored block at least maturity + R below the tip, after validating the store; headers, transactions"
            + " and state roots stay, so 'chain verify' still checks them.")
    static final class Prune extends StoredChainCommand {
        @Override
        int run(ChainGenesis genesis, Storage storage, Printer printer) {
            BlockImporter node = BlockImporter.restore(genesis, ChainStores.on(storage), Clock.system());
            int pruned = node.pruneOpenings();
            long upTo = OpeningPruning.prunableUpTo(node.tip().height(), genesis);
            ObjectNode data = JsonMapper.builder().build().createObjectNode();
            data.put("pruned_blocks", pruned).put("pruned_up_to", upTo);
            printer.print(data, pruned + " blocks' openings pruned (at or below height " + upTo + ")");
            return ExitCodes.OK;
        }
    }

    @Command(name = "verify", description = "Validate every stored block again from genesis, replaying every"
            + " winning step whose opening is stored (pruned ones, maturity + R below the tip, are counted). Exit 5"
            + " and name the first bad block if one fails.")
    static final class Verify extends StoredChainCommand {
        @Override
        int run(ChainGenesis genesis, Storage storage, Printer printer) {
            ChainVerification.Report report = ChainVerification.run(genesis, ChainStores.on(storage),
                    Clock.system(), ThreadTeam.single());
            ObjectNode data = JsonMapper.builder().build().createObjectNode();
            data.put("passed", report.passed()).put("valid_blocks", report.blocksValid())
                    .put("tip_height", report.tipHeight()).put("replays_skipped", report.replaysSkipped());
            report.firstBad().ifPresent(bad -> data.putObject("first_bad").put("height", bad.height())
                    .put("hash", bad.hash().hex()).put("reason", bad.reason()));
            String human;
            if (report.passed()) {
                human = "chain OK: " + report.blocksValid() + " blocks valid, " + (report.replaysSkipped() == 0
                        ? "every winner replayed" : report.replaysSkipped() + " winners' replays skipped (openings "
                        + "pruned, at or below height " + report.prunableUpTo() + "), every other winner replayed")
                        + "; tip at height " + report.tipHeight();
            } else if (report.firstBad().isPresent()) {
                human = "chain BROKEN after " + report.blocksValid() + " valid blocks: " + report.firstBad().get();
            } else {
                human = "chain BROKEN: the stored tip " + report.storedTip().map(Bytes32::hex).orElse("")
                        + " is not a valid stored block";
            }
            printer.print(data, human);
            return report.passed() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
        }
    }
}

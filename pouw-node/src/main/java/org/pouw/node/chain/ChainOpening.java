package org.pouw.node.chain;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.pouw.chain.evidence.EvidenceReporter;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.genesis.DemoGenesis;
import org.pouw.chain.importing.BlockImporter;
import org.pouw.chain.importing.MempoolSize;
import org.pouw.chain.mining.GoldenStepVerdict;
import org.pouw.chain.mining.GoldenSteps;
import org.pouw.chain.task.GenesisDataset;
import org.pouw.core.Clock;
import org.pouw.core.port.Storage;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.KeyFile;
import org.pouw.ml.data.DatasetCodec;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.node.config.ChainSettings;
import org.pouw.node.config.ConfigException;
import org.pouw.node.config.NodeConfig;
import org.pouw.node.http.EventSignal;
import org.pouw.store.ChainStores;

/**
 * Starts a node's chain from its config (ARCHITECTURE.md §3: the node wires the chain): the genesis from the data
 * folder, the importer restored from the node's database with every stored block validated again, and — on the demo
 * chain — the demo dataset served, so a miner can fetch what its filler tasks train on. A node that can not judge
 * blocks does not start: a JVM whose arithmetic fails the golden training steps, a genesis that can not be read, a
 * stored block that no longer validates — each with a message that says what to do.
 */
public final class ChainOpening {
    private ChainOpening() {
    }

    public static ChainService open(NodeConfig config, Storage storage, Clock clock, MeterRegistry registry,
                                    EventSignal signal) {
        ChainSettings settings = config.chain();
        ChainGenesis genesis = ChainGenesisFile.read(config);
        Ed25519.KeyPair reporter = settings.reportEvidence() ? reporterKey(config) : null;
        ThreadTeam team = ThreadTeam.of(settings.validationThreads());
        try {
            GoldenStepVerdict golden = GoldenSteps.check(team);
            if (!golden.passed()) {
                throw new IllegalStateException("chain: this JVM does not reproduce the golden training steps ("
                        + golden.reason() + "), so it can not judge winning steps (NOT_VALIDATING, docs/chain.md §8);"
                        + " run the node on a JVM that passes them, or set chain.enabled = false");
            }
            BlockImporter importer;
            try {
                importer = BlockImporter.restore(genesis, ChainStores.on(storage), clock,
                        new MempoolSize(settings.mempoolCapacity(), settings.mempoolPerSender()), team);
            } catch (IllegalStateException e) {
                throw new IllegalStateException("chain: cannot restore the chain from the database: "
                        + e.getMessage(), e);
            }
            ChainDatasets datasets = new ChainDatasets(ChainStores.datasets(storage));
            serveDemoData(genesis, datasets);
            ChainMetrics metrics = new ChainMetrics(registry, clock);
            EquivocationReporting evidence = reporter == null ? null : new EquivocationReporting(importer,
                    ChainStores.watchedHeaders(storage, EquivocationReporting.WATCHED_HEADERS),
                    new EvidenceReporter(reporter, genesis.chainId(), ChainStores.reportedOffenders(storage)),
                    metrics);
            if (evidence != null) {
                evidence.tipMoved();    // evidence reported before a restart: the mempool was not kept, sign it again
            }
            return new ChainService(importer, new ChainEvents(storage, signal, clock), metrics, datasets, team, clock,
                    evidence);
        } catch (RuntimeException e) {
            team.close();
            throw e;
        }
    }

    /**
     * The key slash evidence is signed with, and the bounty paid to: {@code chain.reporter_key_file}, or the node's own
     * key (its admin key, created at first start) when that is empty.
     */
    private static Ed25519.KeyPair reporterKey(NodeConfig config) {
        String file = config.chain().reporterKeyFile();
        try {
            return file.isEmpty() ? KeyFile.loadOrCreate(config.adminKeyPath()) : KeyFile.load(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new ConfigException("chain.reporter_key_file: no key file at " + file + " (create one with 'pouw"
                    + " keys new --out " + file + "', or leave the setting empty for the node's own key)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the chain's reporter key", e);
        }
    }

    /** The demo chain's filler data is generated, not downloaded: the node serves it so miners need not regenerate. */
    private static void serveDemoData(ChainGenesis genesis, ChainDatasets datasets) {
        GenesisDataset demo = DemoGenesis.dataset();
        if (genesis.datasets().contains(demo) && !datasets.holds(demo.id().hash())) {
            datasets.register(DatasetCodec.encode(DemoGenesis.data()));
        }
    }
}

package org.pouw.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.pouw.cli.mine.HttpChainNode;
import org.pouw.cli.mine.MinerFolder;
import org.pouw.cli.mine.MinerDisplay;
import org.pouw.cli.mine.FollowingMiningLoop;
import org.pouw.cli.mine.MiningSettings;
import org.pouw.client.PouwClient;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.KeyFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pouw mine --node URL --key FILE} (docs/chain.md "Mining"): follows the node's chain with its own importer,
 * trains the task the chain assigns the key, and posts the blocks it wins, its audit openings and its final models,
 * until Ctrl-C.
 */
@Command(name = "mine", description = "Mine the chain by training: follow a node, train the task the chain assigns"
        + " your key, post the blocks you win, open your audits, commit and reveal your final models. Ctrl-C stops.",
        defaultValueProvider = OptionFileDefaults.class)
final class MineCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "a TOML file of these options without their"
            + " dashes (pouw config init --template miner); flags given here win over it")
    Path config;

    @Option(names = "--node", required = true, paramLabel = "URL", defaultValue = "${env:POUW_NODE}",
            description = "the node to follow (env POUW_NODE)")
    String node;

    @Option(names = "--key", required = true, paramLabel = "FILE", defaultValue = "${env:POUW_KEY}",
            description = "your key file; its did:key must be staked on the chain (env POUW_KEY)")
    Path key;

    @Option(names = "--threads", defaultValue = "1",
            description = "threads for one training step's products and the replays (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--poll-ms", defaultValue = "500",
            description = "how often to pull the node's new blocks (default ${DEFAULT-VALUE})")
    long pollMs;

    @Option(names = "--commit-margin", defaultValue = "6", paramLabel = "BLOCKS",
            description = "commit final models this many blocks before a task's deadline (default ${DEFAULT-VALUE})")
    long commitMargin;

    @Option(names = "--miner-dir", paramLabel = "DIR", description = "the folder where the miner keeps what it"
            + " needs to open its audits and continue its segments after a restart (default: beside the key,"
            + " <key file>.miner)")
    Path minerDir;

    @Option(names = "--json", description = "one JSON object per line instead of the progress line")
    boolean json;

    @Override
    public Integer call() throws Exception {
        MiningSettings settings = MiningSettings.DEFAULTS.withThreads(threads).withPollMs(pollMs)
                .withCommitMarginBlocks(commitMargin);
        Ed25519.KeyPair identity = KeyFile.load(key);
        MinerDisplay display = json ? MinerDisplay.jsonLines(System.out, Clock.system())
                : MinerDisplay.human(System.out, Terminal.isInteractive(), Terminal.columns());
        try (PouwClient client = new PouwClient(URI.create(node), identity, Duration.ofSeconds(30), Clock.system())) {
            FollowingMiningLoop loop = new FollowingMiningLoop(new HttpChainNode(client.chain()), node, identity,
                    Clock.system(), settings, display, MinerFolder.open(folderOf(key, minerDir)));
            CountDownLatch done = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                loop.stop();
                try {
                    done.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                loop.run();
            } finally {
                done.countDown();
            }
        }
        return ExitCodes.OK;
    }

    /** {@code --miner-dir}, else {@code <key file>.miner} beside the key: one folder per key, as one key mines once. */
    static Path folderOf(Path key, Path minerDir) {
        return minerDir != null ? minerDir : key.resolveSibling(key.getFileName() + ".miner");
    }
}

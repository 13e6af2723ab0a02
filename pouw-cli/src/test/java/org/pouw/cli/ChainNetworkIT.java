package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.cli.mine.FastChain;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.KeyFile;

/**
 * The first multi-node chain over the real transport (issue 20 items 1–3), with real processes: three
 * {@code pouw node} processes with {@code p2p.enabled}, the second and third bootstrapping to the first, and one
 * {@code pouw mine} attached to the first only. Every block reaches the other two over TLS peer links (announced
 * once validated, fetched over the bulk stream, replayed by each node); all three reach the same tip. Then the third
 * node is killed with SIGKILL while the miner goes on, restarted on its data folder, and catches up header first.
 * The processes' logs are kept in {@code target/chain-network-it/}.
 */
@RunsAlone
class ChainNetworkIT {
    private static final Duration PATIENCE = Duration.ofSeconds(180);

    @TempDir
    Path dir;

    private ChainProcesses chain;

    @BeforeEach
    void processes() {
        chain = new ChainProcesses(dir, "chain-network-it");
    }

    @AfterEach
    void stop() throws Exception {
        chain.close();
    }

    @Test
    void threeNodeProcessesAgreeOnTheMinedChainAndAKilledNodeCatchesUp() throws Exception {
        Ed25519.KeyPair alice = KeyFile.loadOrCreate(dir.resolve("alice.key"));
        Ed25519.KeyPair bob = KeyFile.loadOrCreate(dir.resolve("bob.key"));
        Ed25519.KeyPair carol = KeyFile.loadOrCreate(dir.resolve("carol.key"));
        ChainGenesis genesis = FastChain.genesis(System.currentTimeMillis() / 1_000 - 5, 2, 320, 248, alice, bob,
                carol);
        chain.init(genesis, List.of("one", "two", "three"));
        chain.startNode("one", List.of());
        chain.startNode("two", List.of(chain.peerAddress("one")));
        Process three = chain.startNode("three", List.of(chain.peerAddress("one")));

        Process miner = chain.startMiner("miner.log", "one", "alice.key");

        // the miner talks to node one only; two and three get every block over the network
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                .until(() -> chain.height("two") >= 4 && chain.height("three") >= 4);

        // SIGKILL the third node mid-run; the chain goes on without it
        three.destroyForcibly();
        assertThat(three.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long killedAt = chain.height("two");
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                .until(() -> chain.height("one") >= killedAt + 4);

        chain.startNode("three", List.of(chain.peerAddress("one")));
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                .until(() -> chain.height("three") >= killedAt + 4);

        // the miner stops; every node settles on one tip
        miner.destroy();
        assertThat(miner.waitFor(30, TimeUnit.SECONDS)).isTrue();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> {
            String head = chain.head("one");
            return head.equals(chain.head("two")) && head.equals(chain.head("three"));
        });
        assertThat(chain.height("three")).isGreaterThanOrEqualTo(killedAt + 4);
    }
}

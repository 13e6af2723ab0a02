package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.chain.audit.AuditParameters;
import org.pouw.chain.block.Block;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.genesis.GenesisAccount;
import org.pouw.chain.tx.AuditOpen;
import org.pouw.chain.tx.Transaction;
import org.pouw.cli.mine.FastChain;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.KeyFile;
import org.pouw.ml.wire.Bytes32;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 20 item 6, with real processes: a {@code pouw mine} killed with SIGKILL right after it posted a block, while
 * audits of its blocks stand unopened on the node (awaiting their challenge, or challenged and not yet opened), and
 * started again on the same miner folder, opens them: at their maturity its stake is whole over HTTP and every opening
 * is on chain. The chain has one miner, so nothing moves while it is down, and its epochs are 5 blocks, so the
 * restarted miner must also continue its segment where the killed one ended (docs/chain.md §11 "Crash recovery").
 * Before, the restarted miner could do neither: it waited for an epoch that never came. A kill that left every audit
 * opened or with nothing to open (a segment of the winner alone) is followed by another, up to three. Logs are kept in
 * {@code target/miner-restart-it/} (by {@link ChainProcesses}).
 */
@RunsAlone
class MinerRestartIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration PATIENCE = Duration.ofSeconds(180);
    /** c = 2, D = 4, maturity 8 (the defaults are 6, 240, 360): a block's audit closes eight blocks after it. */
    private static final AuditParameters AUDIT = new AuditParameters(2, 4, AuditParameters.DEFAULTS.windows(),
            AuditParameters.DEFAULTS.width(), 8, AuditParameters.DEFAULTS.tipWindow(),
            AuditParameters.DEFAULTS.auditBytes(), AuditParameters.DEFAULTS.lateBounty(),
            AuditParameters.DEFAULTS.evidenceBountyShare());
    private static final int KILLS = 3;
    private static final String NODE = "node";

    @TempDir
    Path dir;

    private ChainProcesses chain;

    @BeforeEach
    void launcher() {
        chain = new ChainProcesses(dir, "miner-restart-it");
    }

    @AfterEach
    void stop() throws Exception {
        chain.close();
    }

    @Test
    void aMinerKilledWithAuditsOpenAndRestartedOnItsFolderOpensThemAndKeepsItsStake() throws Exception {
        Ed25519.KeyPair key = KeyFile.loadOrCreate(dir.resolve("miner.key"));
        Bytes32 miner = Bytes32.of(key.publicKey());
        // 2^247: a block every three steps or so, so most segments have leaves before the winner to open
        ChainGenesis fast = FastChain.genesis(System.currentTimeMillis() / 1_000 - 5, 2, 320, 247, key,
                FastChain.key(2), FastChain.key(3));
        // one staked miner: nothing is mined while it is down
        ChainGenesis genesis = new ChainGenesis(fast.timestamp(), fast.bits(), fast.easiestBits(), fast.spacing(),
                fast.halfLife(), fast.futureLimit(), fast.reorgAlarmDepth(), fast.state(), fast.block(),
                fast.tickets(), fast.liveness(), List.of(new GenesisAccount(miner, FastChain.MINER_BALANCE,
                        FastChain.MINER_STAKE)), fast.taskParameters(), fast.datasets(), AUDIT);
        chain.init(genesis, List.of(NODE));
        chain.startNode(NODE, List.of());

        long killedAt = 0;
        Set<Long> leftOpen = Set.of();
        for (int kill = 1; kill <= KILLS && leftOpen.isEmpty(); kill++) {
            Path log = dir.resolve("miner-" + kill + ".log");
            Process mining = chain.startMiner(log.getFileName().toString(), NODE, "miner.key");
            long past = Math.max(killedAt + 2, AUDIT.challengeDelay() + 1);
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(10)).until(() -> wonAtLeast(log, past));
            mining.destroyForcibly();       // SIGKILL, right after the miner said it posted the block
            assertThat(mining.waitFor(30, TimeUnit.SECONDS)).isTrue();
            killedAt = height();
            leftOpen = auditsLeftOpen(miner, killedAt);
        }
        assertThat(leftOpen).as("a kill left audits to open (segments with leaves before the winner, unopened)")
                .isNotEmpty();
        String firstLeftOpen = "segment-" + leftOpen.iterator().next() + "-";
        try (var records = Files.list(dir.resolve("miner.key.miner"))) {
            assertThat(records.map(file -> file.getFileName().toString()).toList()).as("the miner folder")
                    .anyMatch(name -> name.startsWith(firstLeftOpen));
        }

        Path log = dir.resolve("miner-restarted.log");
        Process restarted = chain.startMiner(log.getFileName().toString(), NODE, "miner.key");
        long matured = killedAt + AUDIT.maturity() + 1;
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> height() >= matured);
        restarted.destroy();
        assertThat(restarted.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(openedOnChain(miner)).as("the audits left open by the kill are opened on chain")
                .containsAll(leftOpen);
        JsonNode account = get("/v1/chain/accounts/" + key.did());
        assertThat(account.path("stake").asLong(-1)).as("the stake, past the maturity of every block before the kill")
                .isEqualTo(FastChain.MINER_STAKE);
        assertThat(Files.readString(log)).as("the restarted miner used every kept record")
                .doesNotContain("kept record");
    }

    /** Whether the miner's log says it won a block at {@code height} or above. */
    private static boolean wonAtLeast(Path log, long height) throws Exception {
        if (!Files.exists(log)) {
            return false;
        }
        for (String line : Files.readAllLines(log)) {
            if (line.startsWith("{") && line.contains("\"won\"")) {
                JsonNode event = JSON.readTree(line);
                if ("won".equals(event.path("event").asString("")) && event.path("height").asLong() >= height) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The heights up to {@code tip} of the miner's blocks with leaves before the winner (a segment of the winner alone
     * has nothing to open) whose audit no opening on chain or in the node's mempool answers.
     */
    private Set<Long> auditsLeftOpen(Bytes32 miner, long tip) {
        Set<Long> open = new TreeSet<>();
        for (long at = 1; at <= tip; at++) {
            Block block = block(at);
            if (block.header().miner().equals(miner) && block.header().proof().length() > 1) {
                open.add(at);
            }
        }
        open.removeAll(openedOnChain(miner));
        for (JsonNode tx : get("/v1/chain/mempool").path("txs")) {
            if (Transaction.decode(Base64.getDecoder().decode(tx.asString(""))).body() instanceof AuditOpen pending) {
                open.remove(pending.auditedHeight());
            }
        }
        return open;
    }

    /** The heights whose audits {@code miner}'s openings on the followed chain answer. */
    private Set<Long> openedOnChain(Bytes32 miner) {
        Set<Long> opened = new TreeSet<>();
        for (long at = 1, tip = height(); at <= tip; at++) {
            for (Transaction tx : block(at).transactions()) {
                if (tx.sender().equals(miner) && tx.body() instanceof AuditOpen open) {
                    opened.add(open.auditedHeight());
                }
            }
        }
        return opened;
    }

    private Block block(long height) {
        String encoded = get("/v1/chain/blocks/" + height).path("block").asString("");
        assertThat(encoded).as("block %d served", height).isNotEmpty();
        return Block.decode(Base64.getDecoder().decode(encoded));
    }

    private JsonNode get(String path) {
        return chain.get(NODE, path);
    }

    private long height() {
        return chain.height(NODE);
    }
}

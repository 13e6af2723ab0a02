package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.chain.audit.AuditParameters;
import org.pouw.chain.audit.SegmentChallenge;
import org.pouw.chain.block.Block;
import org.pouw.chain.block.BlockHeader;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.genesis.GenesisAccount;
import org.pouw.chain.mining.Tickets;
import org.pouw.chain.tx.AuditOpen;
import org.pouw.chain.tx.Transaction;
import org.pouw.chain.tx.Transfer;
import org.pouw.cli.mine.FastChain;
import org.pouw.client.PouwClient;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.KeyFile;
import org.pouw.ml.wire.Bytes32;
import tools.jackson.databind.JsonNode;

/**
 * Issue 20's network with real processes: five {@code pouw node} processes find each other from bootstrap
 * addresses and three {@code pouw mine} processes (three staked keys) mine on them; all five follow one chain. The
 * two links across the 2 + 3 split run through {@link LinkProxy}s the test holds (n3 dials n1 and n4 dials n2 through
 * them; no node tells its own address, so no node can learn a way around them). The test cuts both proxies — the
 * network's route breaks, no operator acts — and both sides mine on alone, one miner on the two, two on the three,
 * each side confirming a transfer the other never sees. The miners pause, the proxies are restored, and every node
 * ends on the heavier side's tip; the lighter side's transfer returns to its mempools and, once mining resumes, is
 * mined again onto the one chain. The cut comes right after a block of the small side's miner that both sides hold:
 * that block's challenge is drawn apart on each side, the small side's miner opens its own side's, and after the heal
 * the audit stands challenged again on the winning chain, the same miner opens it there, and its first opening is
 * neither included nor pending on any node. Then two nodes are killed with SIGKILL while the rest mine on; the miners
 * stop, the two restart and catch up; at the end every node shows each miner's whole stake, slashed by nobody. The
 * processes' logs are kept in {@code target/chain-partition-it/}.
 */
@RunsAlone
class ChainPartitionIT {
    private static final Duration PATIENCE = Duration.ofSeconds(240);
    private static final List<String> SMALL = List.of("n1", "n2");
    private static final List<String> LARGE = List.of("n3", "n4", "n5");
    /**
     * c: the challenge drawn 2 blocks after its block (the default is 6). The small side has one miner, about a block
     * every 7 s; it must mine the challenge block and then the block carrying its opening, and with c = 6 that would
     * be seven or more blocks alone, nearly a minute more of the test.
     */
    private static final AuditParameters AUDIT = new AuditParameters(2, AuditParameters.DEFAULTS.openingWindow(),
            AuditParameters.DEFAULTS.windows(), AuditParameters.DEFAULTS.width(), AuditParameters.DEFAULTS.maturity(),
            AuditParameters.DEFAULTS.tipWindow(), AuditParameters.DEFAULTS.auditBytes(),
            AuditParameters.DEFAULTS.lateBounty(), AuditParameters.DEFAULTS.evidenceBountyShare());

    @TempDir
    Path dir;

    private ChainProcesses chain;
    private final List<LinkProxy> proxies = new ArrayList<>();
    private final Map<String, Process> nodes = new HashMap<>();
    private final Map<String, Process> miners = new HashMap<>();
    private final Map<String, String> peerIds = new LinkedHashMap<>();
    /** The small side's miner's block both sides held when the links were cut: the audit the test follows. */
    private volatile Block audited;

    @BeforeEach
    void processes() {
        chain = new ChainProcesses(dir, "chain-partition-it");
    }

    @AfterEach
    void stop() throws Exception {
        try {
            chain.close();
        } finally {
            for (LinkProxy proxy : proxies) {
                proxy.close();
            }
        }
    }

    @Test
    void fiveNodesSplitTwoAndThreeByCutLinksHealOntoTheHeavierTipReturnTheLightersTransfersAndReopenItsAudits()
            throws Exception {
        Ed25519.KeyPair poster = KeyFile.loadOrCreate(dir.resolve("poster.key"));
        Ed25519.KeyPair smallSender = FastChain.key(71);
        Ed25519.KeyPair largeSender = FastChain.key(72);
        // 2^246: three idle miners (about 140 tickets/s each) find a block about every 2.4 s, near the 2 s spacing.
        // At 2^248 they found one every 0.3-0.5 s: the chain was 120 blocks long when two nodes were killed and 200
        // when they restarted, and the blocks a restarted node validates again and a catching-up node imports were
        // over half of the test's 4 minutes on the idle rehearsal. The test waits for a few blocks at each step only.
        ChainGenesis genesis = withAccounts(FastChain.genesis(System.currentTimeMillis() / 1_000 - 5, 2, 320, 246,
                List.of(KeyFile.loadOrCreate(dir.resolve("m1.key")), KeyFile.loadOrCreate(dir.resolve("m2.key")),
                        KeyFile.loadOrCreate(dir.resolve("m3.key"))), poster), smallSender, largeSender);
        Bytes32 smallMiner = Bytes32.of(KeyFile.loadOrCreate(dir.resolve("m1.key")).publicKey());
        chain.init(genesis, peerIdsOrder());
        // the links across go through the test's proxies: n3 to n1 and n4 to n2 (n4's two bootstrap addresses in
        // two /16 groups, 127.0 and 127.2, since a node keeps its outbound links in distinct groups)
        LinkProxy toN1 = new LinkProxy("127.1.0.1", "127.0.0.1", chain.p2pPort("n1"));
        LinkProxy toN2 = new LinkProxy("127.2.0.1", "127.0.0.1", chain.p2pPort("n2"));
        proxies.addAll(List.of(toN1, toN2));
        // launched side by side (each node's keeper dials its bootstrap peers again until they answer), then awaited
        launchNode("n1", List.of());
        launchNode("n2", List.of(chain.peerAddress("n1")));
        launchNode("n3", List.of(toN1.address()));
        launchNode("n4", List.of(chain.peerAddress("n3"), toN2.address()));
        launchNode("n5", List.of(chain.peerAddress("n3")));
        for (String node : List.of("n1", "n2", "n3", "n4", "n5")) {
            chain.awaitHealthy(node);
        }
        for (String node : peerIdsOrder()) {
            peerIds.put(node, KeyFile.loadOrCreate(dir.resolve(node).resolve("admin.key")).did().toString());
        }
        startMiners();

        // the cut waits for a block of the small side's miner at both sides' tip, with steps before its winner to open
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> allAtLeast(3)
                && linksAcross() >= 2 && auditableTipOfBoth(smallMiner));

        // the split: the routes across break; nobody bans anybody
        toN1.cut();
        toN2.cut();
        long auditedAt = audited.header().height();
        long challengeAt = auditedAt + AUDIT.challengeDelay();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> linksAcross() == 0);
        long splitAt = maxHeight();
        // each side confirms a transfer of its own, which the other side never hears of
        String smallTx = transfer("n1", genesis, smallSender, poster);
        String largeTx = transfer("n3", genesis, largeSender, poster);
        // and the small side's miner opens the challenge its own side drew for its block
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() ->
                chain.height("n1") >= splitAt + 2 && chain.height("n3") >= splitAt + 3
                        && txHeight("n2", smallTx) > splitAt && txHeight("n5", largeTx) > splitAt
                        && openingOf("n1", smallMiner, auditedAt) != null);
        assertThat(chain.head("n1")).as("the two sides mined apart").isNotEqualTo(chain.head("n3"));
        assertThat(txStatus("n3", smallTx)).as("the small side's transfer stayed on its side").isEmpty();
        assertThat(txStatus("n1", largeTx)).as("the large side's transfer stayed on its side").isEmpty();
        assertThat(linksAcross()).isZero();
        Transaction lostOpening = openingOf("n1", smallMiner, auditedAt);
        String lostOpeningId = lostOpening.id(genesis.chainId()).hex();
        assertThat(block("n1", challengeAt).header().hash(genesis.chainId()))
                .as("the challenge block of the audit at %d is the small side's own", auditedAt)
                .isNotEqualTo(block("n3", challengeAt).header().hash(genesis.chainId()));

        // mining pauses so that which side is heavier is settled before the heal: the small side's miner first, and
        // the large side's two once their side is the heavier, so the small side's miner is the one whose audit's
        // challenge block is reorged out. Paused, not stopped: a miner keeps the segments it must open in memory
        // only, and a `pouw mine` started again could open none of its earlier blocks' audits.
        pauseMiner("m1");
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> sideAgrees(SMALL)
                && work("n3").compareTo(work("n1")) > 0);
        pauseMiner("m2");
        pauseMiner("m3");
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> sideAgrees(SMALL)
                && sideAgrees(LARGE));
        assertThat(work("n3")).as("the large side the heavier").isGreaterThan(work("n1"));
        String heavierTip = chain.head("n3");
        String lighterTip = chain.head("n1");
        List<String> lighterSide = SMALL;
        String returnedTx = smallTx;
        long returnedFrom = txHeight(lighterSide.getFirst(), returnedTx);

        // the heal: the routes come back; the nodes' own keepers dial across again
        toN1.restore();
        toN2.restore();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() ->
                peerIdsOrder().stream().allMatch(node -> chain.head(node).equals(heavierTip)));
        for (String node : peerIdsOrder()) {
            assertThat(followedBy(node, lighterTip)).as(node + " left the lighter branch").isFalse();
        }
        // the lighter side's transfer, confirmed only on the abandoned branch, is pending again there
        for (String node : lighterSide) {
            assertThat(txStatus(node, returnedTx)).as("%s: the transfer confirmed at %d on the lighter branch",
                    node, returnedFrom).isEqualTo("pending");
        }
        for (String miner : List.of("m1", "m2", "m3")) {
            signal(miners.get(miner), "CONT");
        }
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() ->
                peerIdsOrder().stream().allMatch(node -> txHeight(node, returnedTx) > splitAt
                        && followedBy(node, chain.get(node, "/v1/chain/txs/" + returnedTx).path("block")
                        .asString(""))));
        // the audit's window restarted on the winning chain: its own block at c drew a new challenge, and the small
        // side's miner opened that one there, on every node's followed chain
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(1_000)).until(() ->
                openingOf("n3", smallMiner, auditedAt) != null);
        AuditOpen reopened = (AuditOpen) openingOf("n3", smallMiner, auditedAt).body();
        String reopenedId = openingOf("n3", smallMiner, auditedAt).id(genesis.chainId()).hex();
        assertThat(reopened.challenge()).as("the challenge the winning chain's block at %d drew", challengeAt)
                .isEqualTo(challengeDrawnBy(block("n3", challengeAt), genesis))
                .isNotEqualTo(((AuditOpen) lostOpening.body()).challenge());
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() ->
                peerIdsOrder().stream().allMatch(node -> txHeight(node, reopenedId) > challengeAt
                        && followedBy(node, chain.get(node, "/v1/chain/txs/" + reopenedId).path("block")
                        .asString(""))));
        for (String node : peerIdsOrder()) {
            assertThat(txStatus(node, lostOpeningId)).as("%s: the opening of the reorged challenge", node).isEmpty();
        }

        // two nodes killed outright (one of each side) while the rest mine on; restarted, they catch up
        for (String victim : List.of("n2", "n4")) {
            nodes.get(victim).destroyForcibly();
            assertThat(nodes.get(victim).waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        long killedAt = maxHeight();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> chain.height("n1") >= killedAt + 2);
        // the miners stop before the restarts: a restarted node validates its stored blocks again before it serves,
        // and on a loaded 2-core machine three training miners beside it made that take over the test's patience
        stopMiners();
        launchNode("n2", List.of(chain.peerAddress("n1")));
        launchNode("n4", List.of(chain.peerAddress("n3"), toN2.address()));
        chain.awaitHealthy("n2");
        chain.awaitHealthy("n4");
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> {
            String head = chain.head("n1");
            return !head.isEmpty() && nodes.keySet().stream().allMatch(node -> chain.head(node).equals(head));
        });
        assertThat(chain.height("n4")).isGreaterThanOrEqualTo(killedAt + 2);

        // the operator's progress bar on a node that caught up
        CliProcess.Result bar = CliProcess.run(dir, "peers", "sync", "--node", chain.url("n2"), "--key",
                dir.resolve("n2").resolve("admin.key").toString());
        assertThat(bar.exit()).as(bar.out() + bar.err()).isZero();
        assertThat(bar.out()).contains("100.0 %").contains("caught up");

        // nobody honest was slashed: every node shows each miner's whole stake, and the small side's miner's rewards
        // still held (a slash burns the stake and every immature reward)
        for (String node : peerIdsOrder()) {
            for (String miner : List.of("m1", "m2", "m3")) {
                JsonNode account = chain.get(node, "/v1/chain/accounts/"
                        + KeyFile.loadOrCreate(dir.resolve(miner + ".key")).did());
                assertThat(account.path("stake").asLong(-1)).as("%s: %s's stake", node, miner)
                        .isEqualTo(FastChain.MINER_STAKE);
            }
            assertThat(chain.get(node, "/v1/chain/accounts/" + KeyFile.loadOrCreate(dir.resolve("m1.key")).did())
                    .path("immature").asLong(-1)).as("%s: m1's immature rewards", node).isPositive();
        }
    }

    /**
     * Whether n1 and n3 are on one tip mined by {@code miner} whose segment has steps before its winner (a segment of
     * the winner alone has no challenge to open); if so it becomes the audited block.
     */
    private boolean auditableTipOfBoth(Bytes32 miner) {
        String tip = chain.head("n1");
        if (tip.isEmpty() || !tip.equals(chain.head("n3"))) {
            return false;
        }
        Block block = blockOrNull("n1", tip);
        if (block == null || !block.header().miner().equals(miner) || block.header().proof().length() < 2) {
            return false;
        }
        audited = block;
        return true;
    }

    /**
     * {@code miner}'s opening of the audit at {@code auditedHeight} on {@code node}'s followed chain, or null (also
     * when a block could not be read: the caller polls again).
     */
    private Transaction openingOf(String node, Bytes32 miner, long auditedHeight) {
        for (long at = auditedHeight + AUDIT.challengeDelay() + 1; at <= chain.height(node); at++) {
            Block block = blockOrNull(node, at);
            if (block == null) {
                return null;
            }
            for (Transaction tx : block.transactions()) {
                if (tx.sender().equals(miner) && tx.body() instanceof AuditOpen open
                        && open.auditedHeight() == auditedHeight) {
                    return tx;
                }
            }
        }
        return null;
    }

    /** The challenge seed the block at b + c draws for the audit of block b (docs/chain.md §5.2), from the blocks. */
    private Bytes32 challengeDrawnBy(Block challenge, ChainGenesis genesis) {
        BlockHeader header = challenge.header();
        Bytes32 ticket = Tickets.ticket(genesis.chainId(), header.proof().winner().leafHash(),
                header.proof().winner().tip(), header.miner(), header.proof().j());
        return SegmentChallenge.seed(genesis.chainId(), audited.header().hash(genesis.chainId()), ticket);
    }

    /** The block {@code ref} (a height on the followed chain, or a hash) as {@code node} serves it. */
    private Block block(String node, Object ref) {
        Block block = blockOrNull(node, ref);
        assertThat(block).as("%s: block %s", node, ref).isNotNull();
        return block;
    }

    /** {@link #block}, or null when the node did not serve it (out of reach, or not on its chain). */
    private Block blockOrNull(String node, Object ref) {
        String encoded = chain.get(node, "/v1/chain/blocks/" + ref).path("block").asString("");
        return encoded.isEmpty() ? null : Block.decode(Base64.getDecoder().decode(encoded));
    }

    private BigInteger work(String node) {
        return new BigInteger(chain.get(node, "/v1/chain/head").path("cumulative_work").asString("0"));
    }

    /** The genesis with two more funded accounts (no stake), the senders of the two sides' transfers, and c = 2. */
    private static ChainGenesis withAccounts(ChainGenesis base, Ed25519.KeyPair... senders) {
        List<GenesisAccount> accounts = new ArrayList<>(base.allocations());
        for (Ed25519.KeyPair sender : senders) {
            accounts.add(new GenesisAccount(Bytes32.of(sender.publicKey()), FastChain.POSTER_BALANCE, 0));
        }
        return new ChainGenesis(base.timestamp(), base.bits(), base.easiestBits(), base.spacing(), base.halfLife(),
                base.futureLimit(), base.reorgAlarmDepth(), base.state(), base.block(), base.tickets(),
                base.liveness(), accounts, base.taskParameters(), base.datasets(), AUDIT);
    }

    /** The sender's first transfer, to the poster, offered to {@code node}; its id. */
    private String transfer(String node, ChainGenesis genesis, Ed25519.KeyPair sender, Ed25519.KeyPair to) {
        try (PouwClient client = admin(node)) {
            return client.chain().submitTx(Transaction.sign(sender, genesis.chainId(), 0, 1, new byte[0],
                    new Transfer(Bytes32.of(to.publicKey()), 5)).encode()).id();
        }
    }

    private String txStatus(String node, String id) {
        return chain.get(node, "/v1/chain/txs/" + id).path("status").asString("");
    }

    /** The height of the block including the transaction on the node's followed branch; -1 if none. */
    private long txHeight(String node, String id) {
        JsonNode tx = chain.get(node, "/v1/chain/txs/" + id);
        return "included".equals(tx.path("status").asString("")) ? tx.path("height").asLong(-1) : -1;
    }

    private boolean sideAgrees(List<String> side) {
        String tip = chain.head(side.getFirst());
        return !tip.isEmpty() && side.stream().allMatch(node -> chain.head(node).equals(tip));
    }

    private static List<String> peerIdsOrder() {
        return List.of("n1", "n2", "n3", "n4", "n5");
    }

    /** How many links the nodes of the small side report to nodes of the large side. */
    private int linksAcross() {
        int links = 0;
        for (String node : SMALL) {
            try (PouwClient client = admin(node)) {
                for (JsonNode peer : client.net().peers().path("peers")) {
                    for (String other : LARGE) {
                        if (peer.path("peer_id").asString().equals(peerIds.get(other))) {
                            links++;
                        }
                    }
                }
            }
        }
        return links;
    }

    private boolean followedBy(String node, String hash) {
        JsonNode block = chain.get(node, "/v1/chain/blocks/" + hash);
        long at = block.path("height").asLong(-1);
        return at >= 0 && hash.equals(chain.get(node, "/v1/chain/blocks/" + at).path("hash").asString(""));
    }

    private boolean allAtLeast(long height) {
        return peerIdsOrder().stream().allMatch(node -> chain.height(node) >= height);
    }

    private long maxHeight() {
        return peerIdsOrder().stream().mapToLong(chain::height).max().orElse(0);
    }

    private PouwClient admin(String node) {
        try {
            return new PouwClient(URI.create(chain.url(node)), KeyFile.loadOrCreate(dir.resolve(node).resolve(
                    "admin.key")), Duration.ofSeconds(30), Clock.system());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** One miner on the small side (n1), two on the large (n3, n5). */
    private void startMiners() {
        for (Map.Entry<String, String> miner : Map.of("m1", "n1", "m2", "n3", "m3", "n5").entrySet()) {
            miners.put(miner.getKey(), chain.startMiner(miner.getKey() + "-" + chain.processes().size()
                    + "-miner.log", miner.getValue(), miner.getKey() + ".key"));
        }
    }

    private void stopMiners() throws InterruptedException {
        for (String miner : List.copyOf(miners.keySet())) {
            stopMiner(miner);
        }
    }

    /** Freezes a miner's process where it is (SIGSTOP), memory and all, until {@code signal(.., "CONT")}. */
    private void pauseMiner(String name) throws Exception {
        signal(miners.get(name), "STOP");
    }

    private static void signal(Process process, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start();
        assertThat(kill.waitFor(30, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -%s", signal).isTrue();
    }

    private void stopMiner(String name) throws InterruptedException {
        Process miner = miners.remove(name);
        miner.destroy();
        assertThat(miner.waitFor(30, TimeUnit.SECONDS)).as("miner %s stopped", name).isTrue();
    }

    private void launchNode(String name, List<String> bootstrap) {
        nodes.put(name, chain.launchNode(name, bootstrap));
    }
}

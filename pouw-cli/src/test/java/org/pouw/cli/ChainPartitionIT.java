package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.genesis.GenesisAccount;
import org.pouw.chain.genesis.GenesisFile;
import org.pouw.chain.tx.Transaction;
import org.pouw.chain.tx.Transfer;
import org.pouw.cli.mine.FastChain;
import org.pouw.client.PouwClient;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.KeyFile;
import org.pouw.ml.wire.Bytes32;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 20's network with real processes: five {@code pouw node} processes find each other from bootstrap
 * addresses and three {@code pouw mine} processes (three staked keys) mine on them; all five follow one chain. The
 * two links across the 2 + 3 split run through {@link LinkProxy}s the test holds (n3 dials n1 and n4 dials n2 through
 * them; no node tells its own address, so no node can learn a way around them). The test cuts both proxies — the
 * network's route breaks, no operator acts — and both sides mine on alone, one miner on the two, two on the three,
 * each side confirming a transfer the other never sees. The miners stop, the proxies are restored, and every node
 * ends on the heavier side's tip; the lighter side's transfer returns to its mempools and, once mining resumes, is
 * mined again onto the one chain. Then two nodes are killed with SIGKILL while the rest mine on; the miners stop, the
 * two restart and catch up. The processes'
 * logs are kept in {@code target/chain-partition-it/}.
 */
class ChainPartitionIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration PATIENCE = Duration.ofSeconds(240);
    private static final List<String> SMALL = List.of("n1", "n2");
    private static final List<String> LARGE = List.of("n3", "n4", "n5");

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();
    private final List<LinkProxy> proxies = new ArrayList<>();
    private final Map<String, Process> nodes = new HashMap<>();
    private final Map<String, Process> miners = new HashMap<>();
    private final Map<String, Integer> httpPorts = new HashMap<>();
    private final Map<String, Integer> p2pPorts = new HashMap<>();
    private final Map<String, String> peerIds = new LinkedHashMap<>();

    @AfterEach
    void stop() throws Exception {
        for (Process process : processes) {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
        for (LinkProxy proxy : proxies) {
            proxy.close();
        }
        Path kept = Path.of("target", "chain-partition-it");
        Files.createDirectories(kept);
        try (var logs = Files.list(dir)) {
            for (Path log : logs.filter(file -> file.getFileName().toString().contains(".log")).toList()) {
                Files.copy(log, kept.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    void fiveNodesSplitTwoAndThreeByCutLinksHealOntoTheHeavierTipReturnTheLightersTransfersAndCatchUpAfterKills()
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
        Files.writeString(dir.resolve("genesis.txt"), GenesisFile.format(genesis), StandardCharsets.UTF_8);
        // the five data folders are independent: initialised side by side
        Map<String, CompletableFuture<CliProcess.Result>> inits = new LinkedHashMap<>();
        try (ExecutorService side = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String node : List.of("n1", "n2", "n3", "n4", "n5")) {
                inits.put(node, CompletableFuture.supplyAsync(() -> CliProcess.run(dir, "chain", "init",
                        "--data-dir", node, "--genesis", "genesis.txt"), side));
            }
        }
        for (String node : inits.keySet()) {
            CliProcess.Result init = inits.get(node).join();
            assertThat(init.exit()).as(node + ": " + init.out() + init.err()).isZero();
            httpPorts.put(node, CliProcess.freePort());
            p2pPorts.put(node, CliProcess.freePort());
        }
        // the links across go through the test's proxies: n3 to n1 and n4 to n2 (n4's two bootstrap addresses in
        // two /16 groups, 127.0 and 127.2, since a node keeps its outbound links in distinct groups)
        LinkProxy toN1 = new LinkProxy("127.1.0.1", "127.0.0.1", p2pPorts.get("n1"));
        LinkProxy toN2 = new LinkProxy("127.2.0.1", "127.0.0.1", p2pPorts.get("n2"));
        proxies.addAll(List.of(toN1, toN2));
        // launched side by side (each node's keeper dials its bootstrap peers again until they answer), then awaited
        launchNode("n1", List.of());
        launchNode("n2", List.of(direct("n1")));
        launchNode("n3", List.of(toN1.address()));
        launchNode("n4", List.of(direct("n3"), toN2.address()));
        launchNode("n5", List.of(direct("n3")));
        for (String node : List.of("n1", "n2", "n3", "n4", "n5")) {
            awaitHealthy(node);
        }
        for (String node : peerIdsOrder()) {
            peerIds.put(node, KeyFile.loadOrCreate(dir.resolve(node).resolve("admin.key")).did().toString());
        }
        startMiners();

        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> allAtLeast(3)
                && linksAcross() >= 2);

        // the split: the routes across break; nobody bans anybody
        toN1.cut();
        toN2.cut();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> linksAcross() == 0);
        long splitAt = maxHeight();
        // each side confirms a transfer of its own, which the other side never hears of
        String smallTx = transfer("n1", genesis, smallSender, poster);
        String largeTx = transfer("n3", genesis, largeSender, poster);
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() ->
                height("n1") >= splitAt + 2 && height("n3") >= splitAt + 3
                        && txHeight("n2", smallTx) > splitAt && txHeight("n5", largeTx) > splitAt);
        assertThat(head("n1")).as("the two sides mined apart").isNotEqualTo(head("n3"));
        assertThat(txStatus("n3", smallTx)).as("the small side's transfer stayed on its side").isEmpty();
        assertThat(txStatus("n1", largeTx)).as("the large side's transfer stayed on its side").isEmpty();
        assertThat(linksAcross()).isZero();

        // mining stops so that which side is heavier is settled before the heal
        stopMiners();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> sideAgrees(SMALL)
                && sideAgrees(LARGE));
        BigInteger smallWork = new BigInteger(get("n1", "/v1/chain/head").path("cumulative_work").asString());
        BigInteger largeWork = new BigInteger(get("n3", "/v1/chain/head").path("cumulative_work").asString());
        assertThat(smallWork).as("two branches of equal work: no heavier side to heal onto").isNotEqualTo(largeWork);
        boolean largeWins = largeWork.compareTo(smallWork) > 0;
        String heavierTip = head(largeWins ? "n3" : "n1");
        String lighterTip = head(largeWins ? "n1" : "n3");
        List<String> lighterSide = largeWins ? SMALL : LARGE;
        String returnedTx = largeWins ? smallTx : largeTx;
        long returnedFrom = txHeight(lighterSide.getFirst(), returnedTx);

        // the heal: the routes come back; the nodes' own keepers dial across again
        toN1.restore();
        toN2.restore();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() ->
                peerIdsOrder().stream().allMatch(node -> head(node).equals(heavierTip)));
        for (String node : peerIdsOrder()) {
            assertThat(followedBy(node, lighterTip)).as(node + " left the lighter branch").isFalse();
        }
        // the lighter side's transfer, confirmed only on the abandoned branch, is pending again there
        for (String node : lighterSide) {
            assertThat(txStatus(node, returnedTx)).as("%s: the transfer confirmed at %d on the lighter branch",
                    node, returnedFrom).isEqualTo("pending");
        }
        startMiners();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() ->
                peerIdsOrder().stream().allMatch(node -> txHeight(node, returnedTx) > splitAt
                        && followedBy(node, get(node, "/v1/chain/txs/" + returnedTx).path("block").asString(""))));

        // two nodes killed outright (one of each side) while the rest mine on; restarted, they catch up
        for (String victim : List.of("n2", "n4")) {
            nodes.get(victim).destroyForcibly();
            assertThat(nodes.get(victim).waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        long killedAt = maxHeight();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> height("n1") >= killedAt + 2);
        // the miners stop before the restarts: a restarted node validates its stored blocks again before it serves,
        // and on a loaded 2-core machine three training miners beside it made that take over the test's patience
        stopMiners();
        launchNode("n2", List.of(direct("n1")));
        launchNode("n4", List.of(direct("n3"), toN2.address()));
        awaitHealthy("n2");
        awaitHealthy("n4");
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> {
            String head = head("n1");
            return !head.isEmpty() && nodes.keySet().stream().allMatch(node -> head(node).equals(head));
        });
        assertThat(height("n4")).isGreaterThanOrEqualTo(killedAt + 2);

        // the operator's progress bar on a node that caught up
        CliProcess.Result bar = CliProcess.run(dir, "peers", "sync", "--node", url("n2"), "--key",
                dir.resolve("n2").resolve("admin.key").toString());
        assertThat(bar.exit()).as(bar.out() + bar.err()).isZero();
        assertThat(bar.out()).contains("100.0 %").contains("caught up");
    }

    /** The genesis with two more funded accounts (no stake): the senders of the two sides' transfers. */
    private static ChainGenesis withAccounts(ChainGenesis base, Ed25519.KeyPair... senders) {
        List<GenesisAccount> accounts = new ArrayList<>(base.allocations());
        for (Ed25519.KeyPair sender : senders) {
            accounts.add(new GenesisAccount(Bytes32.of(sender.publicKey()), FastChain.POSTER_BALANCE, 0));
        }
        return new ChainGenesis(base.timestamp(), base.bits(), base.easiestBits(), base.spacing(), base.halfLife(),
                base.futureLimit(), base.reorgAlarmDepth(), base.state(), base.block(), base.tickets(),
                base.liveness(), accounts, base.taskParameters(), base.datasets(), base.audit());
    }

    /** The sender's first transfer, to the poster, offered to {@code node}; its id. */
    private String transfer(String node, ChainGenesis genesis, Ed25519.KeyPair sender, Ed25519.KeyPair to) {
        try (PouwClient client = admin(node)) {
            return client.chain().submitTx(Transaction.sign(sender, genesis.chainId(), 0, 1, new byte[0],
                    new Transfer(Bytes32.of(to.publicKey()), 5)).encode()).id();
        }
    }

    private String txStatus(String node, String id) {
        return get(node, "/v1/chain/txs/" + id).path("status").asString("");
    }

    /** The height of the block including the transaction on the node's followed branch; -1 if none. */
    private long txHeight(String node, String id) {
        JsonNode tx = get(node, "/v1/chain/txs/" + id);
        return "included".equals(tx.path("status").asString("")) ? tx.path("height").asLong(-1) : -1;
    }

    private boolean sideAgrees(List<String> side) {
        String tip = head(side.getFirst());
        return !tip.isEmpty() && side.stream().allMatch(node -> head(node).equals(tip));
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
        JsonNode block = get(node, "/v1/chain/blocks/" + hash);
        long at = block.path("height").asLong(-1);
        return at >= 0 && hash.equals(get(node, "/v1/chain/blocks/" + at).path("hash").asString(""));
    }

    private boolean allAtLeast(long height) {
        return peerIdsOrder().stream().allMatch(node -> height(node) >= height);
    }

    private long maxHeight() {
        return peerIdsOrder().stream().mapToLong(this::height).max().orElse(0);
    }

    private PouwClient admin(String node) {
        try {
            return new PouwClient(URI.create(url(node)), KeyFile.loadOrCreate(dir.resolve(node).resolve(
                    "admin.key")), Duration.ofSeconds(30), Clock.system());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** One miner on the small side (n1), two on the large (n3, n5). */
    private void startMiners() {
        for (Map.Entry<String, String> miner : Map.of("m1", "n1", "m2", "n3", "m3", "n5").entrySet()) {
            Process process = CliProcess.start(dir, dir.resolve(miner.getKey() + "-" + processes.size()
                    + "-miner.log"), "mine", "--node", url(miner.getValue()), "--key", miner.getKey() + ".key",
                    "--json", "--poll-ms", "200");
            processes.add(process);
            miners.put(miner.getKey(), process);
        }
    }

    private void stopMiners() throws InterruptedException {
        for (Process miner : miners.values()) {
            miner.destroy();
            assertThat(miner.waitFor(30, TimeUnit.SECONDS)).as("a miner stopped").isTrue();
        }
        miners.clear();
    }

    private String direct(String node) {
        return "127.0.0.1:" + p2pPorts.get(node);
    }

    private void launchNode(String name, List<String> bootstrap) {
        // remote mode: no local proving workers competing for the two cores with the nodes' replays
        List<String> args = new ArrayList<>(List.of("node", "start", "--data-dir", name, "--port",
                String.valueOf(httpPorts.get(name)), "--set", "pouw_mode=remote", "--set", "chain.enabled=true",
                "--set", "p2p.enabled=true", "--set", "p2p.listen_port=" + p2pPorts.get(name),
                "--set", "p2p.allow_local_addresses=true"));
        // no p2p.advertised_host: a node tells nobody its own address, so the links are the bootstrap ones only
        if (!bootstrap.isEmpty()) {
            args.addAll(List.of("--set", "p2p.bootstrap=" + String.join(",", bootstrap)));
        }
        Path log = dir.resolve(name + "-" + processes.size() + ".log");
        Process process = CliProcess.start(dir, log, args.toArray(String[]::new));
        processes.add(process);
        nodes.put(name, process);
    }

    private void awaitHealthy(String name) {
        // a restarted node validates every stored block again before it serves: on a loaded machine that takes time
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> NodeAndWorkerIT.healthy(url(name)));
    }

    private String url(String name) {
        return "http://127.0.0.1:" + httpPorts.get(name);
    }

    private JsonNode get(String name, String path) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(url(name) + path)).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    private long height(String name) {
        return get(name, "/v1/chain/head").path("height").asLong(-1);
    }

    private String head(String name) {
        return get(name, "/v1/chain/head").path("hash").asString("");
    }
}

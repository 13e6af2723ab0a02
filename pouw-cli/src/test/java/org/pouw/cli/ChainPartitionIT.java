package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import org.pouw.chain.genesis.GenesisFile;
import org.pouw.cli.mine.FastChain;
import org.pouw.client.PouwClient;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.KeyFile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 20's network with real processes: five {@code pouw node} processes find each other from bootstrap
 * addresses and three {@code pouw mine} processes (three staked keys) mine on them; all five follow one chain. Then
 * the network is split 2 + 3 — each node's operator bans the other side's peer ids through the admin API, which
 * ends those links and refuses them — and both sides mine on alone, one miner on the two, two on the three. The bans
 * are lifted and one link is dialed across by hand: the two sides' tips end up on one chain (one side reorganised
 * onto the other's branch) while mining goes on. Then two nodes are killed with SIGKILL, restarted, and
 * catch up. The processes' logs are kept in {@code target/chain-partition-it/}.
 */
class ChainPartitionIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration PATIENCE = Duration.ofSeconds(240);
    private static final List<String> SMALL = List.of("n1", "n2");
    private static final List<String> LARGE = List.of("n3", "n4", "n5");

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();
    private final Map<String, Process> nodes = new HashMap<>();
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
        Path kept = Path.of("target", "chain-partition-it");
        Files.createDirectories(kept);
        try (var logs = Files.list(dir)) {
            for (Path log : logs.filter(file -> file.getFileName().toString().contains(".log")).toList()) {
                Files.copy(log, kept.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    void fiveNodesAndThreeMinersAgreeSplitTwoAndThreeHealOntoOneTipAndKilledNodesCatchUp() throws Exception {
        List<Ed25519.KeyPair> miners = List.of(KeyFile.loadOrCreate(dir.resolve("m1.key")),
                KeyFile.loadOrCreate(dir.resolve("m2.key")), KeyFile.loadOrCreate(dir.resolve("m3.key")));
        Ed25519.KeyPair poster = KeyFile.loadOrCreate(dir.resolve("poster.key"));
        // 2^246: three idle miners (about 140 tickets/s each) find a block about every 2.4 s, near the 2 s spacing.
        // At 2^248 they found one every 0.3-0.5 s: the chain was 120 blocks long when two nodes were killed and 200
        // when they restarted, and the blocks a restarted node validates again and a catching-up node imports were
        // over half of the test's 4 minutes on the idle rehearsal. The test waits for a few blocks at each step only.
        ChainGenesis genesis = FastChain.genesis(System.currentTimeMillis() / 1_000 - 5, 2, 320, 246, miners,
                poster);
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
        // one bootstrap address each: n1 is everyone's first contact but n4 and n5's, which start from n3
        startNode("n1", null);
        startNode("n2", "n1");
        startNode("n3", "n1");
        startNode("n4", "n3");
        startNode("n5", "n3");
        for (String node : peerIdsOrder()) {
            peerIds.put(node, KeyFile.loadOrCreate(dir.resolve(node).resolve("admin.key")).did().toString());
        }
        startMiner("m1", "n1");
        startMiner("m2", "n3");
        startMiner("m3", "n5");

        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> allAtLeast(3));

        // the split: each side's operators ban the other side's keys, which ends the links across and refuses them
        for (String node : SMALL) {
            banAll(node, LARGE);
        }
        for (String node : LARGE) {
            banAll(node, SMALL);
        }
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> noLinksAcross());
        long splitAt = maxHeight();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() ->
                height("n1") >= splitAt + 2 && height("n3") >= splitAt + 3);
        assertThat(head("n1")).as("the two sides mined apart").isNotEqualTo(head("n3"));
        assertThat(noLinksAcross()).isTrue();

        // the heal: bans lifted, one link dialed across
        for (String node : SMALL) {
            unbanAll(node, LARGE);
        }
        for (String node : LARGE) {
            unbanAll(node, SMALL);
        }
        try (PouwClient n3 = admin("n3")) {
            // answered with n1's id even if the keepers have linked across again already (a bootstrap redial)
            n3.net().addPeer("127.0.0.1:" + p2pPorts.get("n1"));
        }
        // the small side follows the large side's branch while mining goes on
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> height("n2") > splitAt + 3
                && onOneChain());

        // two nodes killed outright (one of each side) while the rest mine on; restarted, they catch up
        for (String victim : List.of("n2", "n4")) {
            nodes.get(victim).destroyForcibly();
            assertThat(nodes.get(victim).waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        long killedAt = maxHeight();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> height("n1") >= killedAt + 2);
        // both restarted at once; each validates its stored blocks again before it serves
        launchNode("n2", "n1");
        launchNode("n4", "n3");
        awaitHealthy("n2");
        awaitHealthy("n4");

        for (Process miner : processes.stream().filter(p -> !nodes.containsValue(p)).toList()) {
            miner.destroy();
            assertThat(miner.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
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

    private static List<String> peerIdsOrder() {
        return List.of("n1", "n2", "n3", "n4", "n5");
    }

    private void banAll(String at, List<String> others) {
        try (PouwClient client = admin(at)) {
            for (String other : others) {
                client.net().ban(peerIds.get(other), 3_600, "test partition");
            }
        }
    }

    private void unbanAll(String at, List<String> others) {
        try (PouwClient client = admin(at)) {
            for (String other : others) {
                client.net().unban(peerIds.get(other));
            }
        }
    }

    /** No node of either side is linked to a node of the other. */
    private boolean noLinksAcross() {
        for (String node : peerIdsOrder()) {
            List<String> others = SMALL.contains(node) ? LARGE : SMALL;
            try (PouwClient client = admin(node)) {
                for (JsonNode peer : client.net().peers().path("peers")) {
                    for (String other : others) {
                        if (peer.path("peer_id").asString().equals(peerIds.get(other))) {
                            return false;
                        }
                    }
                }
            }
        }
        return true;
    }

    /** The small side's tip is on the large side's chain or the other way round: one chain, seen at two heights. */
    private boolean onOneChain() {
        String smallTip = head("n1");
        String largeTip = head("n3");
        return !smallTip.isEmpty() && !largeTip.isEmpty()
                && (followedBy("n3", smallTip) || followedBy("n1", largeTip));
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

    private void startMiner(String key, String node) {
        processes.add(CliProcess.start(dir, dir.resolve(key + "-miner.log"), "mine", "--node", url(node), "--key",
                key + ".key", "--json", "--poll-ms", "200"));
    }

    private void startNode(String name, String bootstrap) {
        launchNode(name, bootstrap);
        awaitHealthy(name);
    }

    private void launchNode(String name, String bootstrap) {
        // remote mode: no local proving workers competing for the two cores with the nodes' replays
        List<String> args = new ArrayList<>(List.of("node", "start", "--data-dir", name, "--port",
                String.valueOf(httpPorts.get(name)), "--set", "pouw_mode=remote", "--set", "chain.enabled=true",
                "--set", "p2p.enabled=true", "--set", "p2p.listen_port=" + p2pPorts.get(name),
                "--set", "p2p.allow_local_addresses=true"));
        if (bootstrap != null) {
            args.addAll(List.of("--set", "p2p.bootstrap=127.0.0.1:" + p2pPorts.get(bootstrap)));
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

package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.Clock;
import org.pouw.node.PouwNode;
import org.pouw.node.config.ConfigLoader;

/**
 * {@code pouw peers list|add|remove|ban|unban} against two real nodes with p2p on, in this JVM: an operator connects
 * one to the other by hand, lists, bans and unbans the peer, and removes it; a stranger's key is refused.
 */
class PeersCommandIT {
    @TempDir
    Path dir;

    private PouwNode node(String name) {
        return PouwNode.start(ConfigLoader.load(null, Map.of(), Map.of("data_dir", dir.resolve(name).toString(),
                "http.port", "0", "pouw_mode", "remote", "p2p.enabled", "true", "p2p.listen_port", "0",
                "p2p.allow_local_addresses", "true")), Clock.system());
    }

    @Test
    void anOperatorManagesPeersFromTheCommandLine() {
        try (PouwNode a = node("a"); PouwNode b = node("b")) {
            String url = a.url();
            String admin = a.config().adminKeyPath().toString();
            int bPort = b.network().orElseThrow().port();
            String bDid = b.adminKey().did().toString();

            CliRun added = CliRun.of("peers", "add", "127.0.0.1:" + bPort, "--node", url, "--key", admin, "--json");
            assertThat(added.exit()).as(added.err()).isZero();
            assertThat(added.lastJson().path("peer_id").asString()).isEqualTo(bDid);

            CliRun list = CliRun.of("peers", "list", "--node", url, "--key", admin);
            assertThat(list.exit()).as(list.err()).isZero();
            assertThat(list.out()).contains(bDid).contains("manual").contains("1 peer(s)");
            CliRun json = CliRun.of("peers", "list", "--node", url, "--key", admin, "--json");
            assertThat(json.lastJson().path("peers").get(0).path("purpose").asString()).isEqualTo("manual");

            CliRun banned = CliRun.of("peers", "ban", bDid, "--seconds", "600", "--reason", "testing", "--node", url,
                    "--key", admin);
            assertThat(banned.exit()).as(banned.err()).isZero();
            assertThat(banned.out()).contains("banned " + bDid);
            await().atMost(Duration.ofSeconds(30)).until(() -> !a.network().orElseThrow().isConnected(
                    b.adminKey().did()) && !b.network().orElseThrow().isConnected(a.adminKey().did()));
            CliRun badBan = CliRun.of("peers", "ban", "not-a-peer", "--node", url, "--key", admin);
            assertThat(badBan.exit()).isNotZero();
            assertThat(badBan.err()).contains("subject");
            assertThat(CliRun.of("peers", "unban", bDid, "--node", url, "--key", admin).exit()).isZero();

            CliRun again = CliRun.of("peers", "add", "127.0.0.1:" + bPort, "--node", url, "--key", admin);
            assertThat(again.exit()).as(again.err()).isZero();
            CliRun removed = CliRun.of("peers", "remove", bDid, "--node", url, "--key", admin);
            assertThat(removed.exit()).as(removed.err()).isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> !a.network().orElseThrow().isConnected(
                    b.adminKey().did()));

            // these nodes run no chain: the sync bar has nothing to draw and says so
            CliRun sync = CliRun.of("peers", "sync", "--node", url, "--key", admin);
            assertThat(sync.exit()).isEqualTo(ExitCodes.REFUSED);
            assertThat(sync.err()).contains("runs no chain");
            CliRun badEvery = CliRun.of("peers", "sync", "--watch", "--every-ms", "5", "--node", url, "--key", admin);
            assertThat(badEvery.exit()).isEqualTo(ExitCodes.USAGE);
            assertThat(badEvery.err()).contains("--every-ms");

            Path stranger = dir.resolve("stranger.key");
            assertThat(CliRun.of("keys", "new", "--out", stranger.toString()).exit()).isZero();
            CliRun forbidden = CliRun.of("peers", "list", "--node", url, "--key", stranger.toString());
            assertThat(forbidden.exit()).isNotZero();
            assertThat(forbidden.err()).contains("admin");
        }
    }
}

package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import tools.jackson.databind.JsonNode;

/**
 * The network's HTTP view (issue 20 §5) on real nodes that find each other: B starts from A's address, and the
 * operator lists peers, bans and lifts a ban, and connects to a third node by hand. Peers and bans need the admin
 * key; the status does not; a node without p2p says so.
 */
class NetworkApiIT {
    @TempDir
    Path dir;

    private static Map<String, String> p2p(String bootstrap) {
        return Map.of("p2p.enabled", "true", "p2p.listen_port", "0", "p2p.allow_local_addresses", "true",
                "p2p.bootstrap", bootstrap);
    }

    private static RunningNode.Reply get(RunningNode node, String path, String token) {
        return node.send(HttpRequest.newBuilder(URI.create(node.base + path)).header("Authorization",
                "Bearer " + token).GET());
    }

    @Test
    void peersFindEachOtherAndTheOperatorSeesBansAndConnectsByHand() {
        try (RunningNode a = new RunningNode(dir.resolve("a"), p2p(""), Clock.system())) {
            int aPort = a.node.network().orElseThrow().node().port();
            try (RunningNode b = new RunningNode(dir.resolve("b"), p2p("127.0.0.1:" + aPort), Clock.system());
                 RunningNode c = new RunningNode(dir.resolve("c"), p2p(""), Clock.system())) {
                String bDid = b.node.adminKey().did().toString();
                await().atMost(Duration.ofSeconds(60)).until(() ->
                        a.get("/v1/net/status").json().path("inbound").asInt() == 1);
                // the dialer files its link under its slot once the handshake is done, which may be after the
                // listener counted it
                await().atMost(Duration.ofSeconds(60)).until(() ->
                        b.get("/v1/net/status").json().path("peers").path("full-relay").asInt() == 1);
                RunningNode.Reply status = b.get("/v1/net/status");
                assertThat(status.status()).isEqualTo(200);
                assertThat(status.json().path("peer_id").asString()).isEqualTo(bDid);

                String adminA = a.signIn(a.node.adminKey());
                String stranger = a.signIn(Ed25519.KeyPair.generate());
                assertThat(a.get("/v1/net/peers").status()).isEqualTo(401);
                assertThat(get(a, "/v1/net/peers", stranger).status()).isEqualTo(403);
                RunningNode.Reply peers = get(a, "/v1/net/peers", adminA);
                assertThat(peers.status()).isEqualTo(200);
                JsonNode peer = peers.json().path("peers").get(0);
                assertThat(peer.path("peer_id").asString()).isEqualTo(bDid);
                assertThat(peer.path("direction").asString()).isEqualTo("inbound");
                assertThat(peer.path("group").asString()).isEqualTo("ipv4:127.0");
                assertThat(peer.has("min_rtt_us")).as("the least round trip, whole microseconds, or null").isTrue();
                assertThat(peer.path("min_rtt_us").isNull() || peer.path("min_rtt_us").isIntegralNumber())
                        .as(peer.toString()).isTrue();

                RunningNode.Reply banned = a.post("/v1/net/bans", RunningNode.JSON.createObjectNode()
                        .put("subject", bDid).put("duration_s", 600).put("reason", "test"), adminA);
                assertThat(banned.status()).isEqualTo(201);
                await().atMost(Duration.ofSeconds(30)).until(() ->
                        a.get("/v1/net/status").json().path("inbound").asInt() == 0);
                assertThat(get(a, "/v1/net/bans", adminA).json().path("bans").get(0).path("subject").asString())
                        .isEqualTo(bDid);
                // the operator's event stream: b came, was banned and left (admin only, like the peer list)
                assertThat(a.get("/v1/net/events?limit=1").status()).isEqualTo(401);
                assertThat(get(a, "/v1/net/events?limit=1", stranger).status()).isEqualTo(403);
                String events = "";
                for (int seq = 0; seq < 20 && !events.contains("event:peer.disconnected"); seq++) {
                    // one event at a time: the stream waits for the next one, and how many came first may vary
                    events += new String(get(a, "/v1/net/events?limit=1&after=" + seq, adminA).bytes(),
                            java.nio.charset.StandardCharsets.UTF_8);
                }
                assertThat(events).contains("event:peer.connected", "event:peer.banned",
                        "event:peer.disconnected", "\"peer_id\":\"" + bDid + "\"", "\"subject\":\"" + bDid + "\"");
                assertThat(events.indexOf("event:peer.connected")).isLessThan(events.indexOf("event:peer.banned"));
                String resumed = new String(get(a, "/v1/net/events?limit=1&after=1", adminA).bytes(),
                        java.nio.charset.StandardCharsets.UTF_8);
                assertThat(resumed).contains("id:2").doesNotContain("id:1\n");
                RunningNode.Reply badSubject = a.post("/v1/net/bans", "{\"subject\":\"nobody\"}", adminA);
                assertThat(badSubject.status()).isEqualTo(400);
                assertThat(badSubject.field()).isEqualTo("subject");
                assertThat(a.post("/v1/net/bans/" + bDid + "/lift", "{}", adminA).status()).isEqualTo(200);
                assertThat(a.post("/v1/net/bans/" + bDid + "/lift", "{}", adminA).status()).isEqualTo(404);

                String adminB = b.signIn(b.node.adminKey());
                RunningNode.Reply badAddress = b.post("/v1/net/peers", "{\"address\":\"no port\"}", adminB);
                assertThat(badAddress.status()).isEqualTo(400);
                assertThat(badAddress.field()).isEqualTo("address");
                int cPort = c.node.network().orElseThrow().node().port();
                RunningNode.Reply added = b.post("/v1/net/peers", "{\"address\":\"127.0.0.1:" + cPort + "\"}",
                        adminB);
                assertThat(added.status()).isEqualTo(201);
                String cDid = c.node.adminKey().did().toString();
                assertThat(added.json().path("peer_id").asString()).isEqualTo(cDid);
                assertThat(b.post("/v1/net/peers/" + cDid + "/disconnect", "{}", adminB).status()).isEqualTo(200);

                String metrics = new String(a.get("/v1/pouw/metrics").bytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertThat(metrics).contains("pouw_p2p_frames_total{direction=\"in\",type=\"hello\"}")
                        .contains("pouw_p2p_bans_total").contains("pouw_p2p_peers{purpose=\"inbound\"}");
            }
        }
        try (RunningNode off = new RunningNode(dir.resolve("off"), Map.of(), Clock.system())) {
            RunningNode.Reply disabled = off.get("/v1/net/status");
            assertThat(disabled.status()).isEqualTo(404);
            assertThat(disabled.code()).isEqualTo("p2p_disabled");
        }
    }
}

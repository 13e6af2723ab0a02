package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.KeyFile;
import tools.jackson.databind.node.ObjectNode;

/**
 * Partner management over HTTP (issue 21 §4) on two nodes sharing one real PostgreSQL: what the admin does at one
 * node — register, issue, rotate, revoke, change a budget — holds at the other at once, because both read the shared
 * tables on every token request.
 */
class PartnerAdminIT {
    @TempDir
    Path dir;

    @Test
    void partnersManagedAtOneNodeAreSeenByTheOtherAtOnce() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start()) {
            Map<String, String> shared = new HashMap<>(Map.of("storage.backend", "postgresql",
                    "storage.url", postgres.getJdbcUrl("postgres", "postgres"), "storage.user", "postgres",
                    "gate.enabled", "true", "auth.token_secret_file", TokenSecretFile.shared(dir),
                    "auth.admin_key_file", dir.resolve("admin.key").toString(),
                    "gate.token_key_file", dir.resolve("token.key").toString()));
            try (RunningNode a = new RunningNode(dir.resolve("a"), shared, Clock.system());
                 RunningNode b = new RunningNode(dir.resolve("b"), shared, Clock.system())) {
                Ed25519.KeyPair adminKey = KeyFile.load(dir.resolve("admin.key"));
                String adminA = a.signIn(adminKey);
                String adminB = b.signIn(adminKey);
                String stranger = a.signIn(Ed25519.KeyPair.generate());

                ObjectNode acme = RunningNode.JSON.createObjectNode().put("partner", "acme")
                        .put("tokens_per_interval", 1).put("interval_ms", 3_600_000);
                assertThat(a.post("/v1/admin/partners", acme, stranger).status()).isEqualTo(403);
                assertThat(a.post("/v1/admin/partners", acme, null).status()).isEqualTo(401);
                assertThat(a.post("/v1/admin/partners", acme, adminA).status()).isEqualTo(201);
                assertThat(b.post("/v1/admin/partners", acme, adminB).status()).as("registered once").isEqualTo(409);
                RunningNode.Reply zero = a.post("/v1/admin/partners", RunningNode.JSON.createObjectNode()
                        .put("partner", "globex").put("tokens_per_interval", 0).put("interval_ms", 1000), adminA);
                assertThat(zero.status()).isEqualTo(400);
                assertThat(zero.field()).isEqualTo("tokens_per_interval");
                assertThat(a.post("/v1/admin/partners/globex/keys", "{}", adminA).status())
                        .as("keys only for registered partners").isEqualTo(404);

                RunningNode.Reply issued = a.post("/v1/admin/partners/acme/keys", "{}", adminA);
                assertThat(issued.status()).isEqualTo(201);
                String first = issued.json().path("key").asString();
                String firstPrefix = issued.json().path("prefix").asString();
                assertThat(first).startsWith("pouwpk_" + firstPrefix + "_");

                assertThat(token(b, first).status()).isEqualTo(200);
                RunningNode.Reply spent = token(a, first);
                assertThat(spent.status()).as("one budget across both nodes").isEqualTo(429);
                assertThat(spent.code()).isEqualTo("budget_exhausted");
                assertThat(b.post("/v1/admin/partners/acme/budget", RunningNode.JSON.createObjectNode()
                        .put("tokens_per_interval", 10).put("interval_ms", 3_600_000), adminB).status())
                        .isEqualTo(200);
                assertThat(token(a, first).status()).as("the raised budget holds at the other node at once")
                        .isEqualTo(200);

                RunningNode.Reply rotated = b.post("/v1/admin/partners/acme/keys", "{}", adminB);
                assertThat(rotated.status()).isEqualTo(201);
                String second = rotated.json().path("key").asString();
                RunningNode.Reply third = a.post("/v1/admin/partners/acme/keys", "{}", adminA);
                assertThat(third.status()).isEqualTo(409);
                assertThat(third.code()).isEqualTo("key_limit");
                assertThat(token(a, second).status()).as("both keys work during the rotation").isEqualTo(200);
                assertThat(token(b, first).status()).isEqualTo(200);

                RunningNode.Reply listed = b.get("/v1/admin/partners");
                assertThat(listed.status()).as("the list needs the admin key").isEqualTo(401);
                RunningNode.Reply list = b.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(b.base + "/v1/admin/partners")).header("Authorization", "Bearer " + adminB)
                        .GET());
                assertThat(list.status()).isEqualTo(200);
                assertThat(list.json().path("partners").get(0).path("keys")).hasSize(2);
                assertThat(list.json().path("partners").get(0).path("tokens_per_interval").asLong()).isEqualTo(10);
                String listing = list.json().toString();
                assertThat(listing).doesNotContain(first.substring(20)).doesNotContain(second.substring(20));

                assertThat(a.post("/v1/admin/partners/acme/keys/" + firstPrefix + "/revoke", "{}", adminA).status())
                        .isEqualTo(200);
                RunningNode.Reply revoked = token(b, first);
                assertThat(revoked.status()).as("revoked at one node, refused at the other at once").isEqualTo(401);
                assertThat(revoked.code()).isEqualTo("revoked");
                assertThat(token(b, second).status()).isEqualTo(200);
                assertThat(a.post("/v1/admin/partners/globex/keys/" + firstPrefix + "/revoke", "{}", adminA)
                        .status()).as("a prefix of another partner is not this one's").isEqualTo(404);
            }
        }
    }

    private static RunningNode.Reply token(RunningNode node, String partnerKey) {
        return node.post("/v1/tokens", "{\"mode\":\"partner\",\"partner_key\":\"" + partnerKey + "\"}", null);
    }
}

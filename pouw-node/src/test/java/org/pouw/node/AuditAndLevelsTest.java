package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.node.logs.LogFormat;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 25 §1 over real HTTP: the audit log of admin actions and manual transfers (done or refused, citing the ledger
 * entries made, never sampled), and log levels changed on a running node by its admin only.
 */
class AuditAndLevelsTest {
    private static final String AUDIT = "org.pouw.audit";

    @TempDir
    Path dir;

    final Ed25519.KeyPair payer = Ed25519.KeyPair.generate();
    final Ed25519.KeyPair stranger = Ed25519.KeyPair.generate();
    CapturedLog log;
    RunningNode node;
    String admin;

    @BeforeEach
    void start() {
        log = new CapturedLog(LogFormat.JSON, Clock.system());
        // The gate on (for the partner endpoints) needs the system clock; the access log off shows audit lines are
        // not sampled.
        node = new RunningNode(dir, Map.of("gate.enabled", "true", "log.access_sample_every", "0",
                "genesis", payer.did() + "=1000"), Clock.system());
        admin = node.signIn(node.node.adminKey());
    }

    @AfterEach
    void stop() {
        node.close();
        log.close();
    }

    JsonNode auditLine(RunningNode.Reply reply) {
        String id = reply.headers().get("x-request-id").get(0);
        return log.awaitOne(line -> line.path("logger").asString("").equals(AUDIT)
                && line.path("request_id").asString("").equals(id));
    }

    ObjectNode json() {
        return RunningNode.JSON.createObjectNode();
    }

    @Test
    void admin_actions_are_audited_with_who_what_and_the_outcome_and_a_refused_attempt_too() {
        ObjectNode acme = json().put("partner", "acme").put("tokens_per_interval", 5).put("interval_ms", 60_000);
        RunningNode.Reply refused = node.post("/v1/admin/partners", acme, node.signIn(stranger));
        assertThat(refused.status()).isEqualTo(403);
        JsonNode attempt = auditLine(refused);
        assertThat(attempt.path("did").asString()).isEqualTo(stranger.did().toString());
        assertThat(attempt.path("audit").path("action").asString()).isEqualTo("POST /v1/admin/partners");
        assertThat(attempt.path("audit").path("outcome").asString()).isEqualTo("refused");
        assertThat(attempt.path("audit").path("status").asInt()).isEqualTo(403);

        RunningNode.Reply added = node.post("/v1/admin/partners", acme, admin);
        assertThat(added.status()).isEqualTo(201);
        JsonNode done = auditLine(added);
        assertThat(done.path("level").asString()).isEqualTo("INFO");
        assertThat(done.path("did").asString()).isEqualTo(node.node.adminKey().did().toString());
        assertThat(done.path("audit").path("outcome").asString()).isEqualTo("done");
        assertThat(done.path("audit").path("details").path("partner").asString()).isEqualTo("acme");
        assertThat(done.path("audit").path("details").path("tokens_per_interval").asString()).isEqualTo("5");
        assertThat(done.path("audit").path("ledger_entry_ids").isArray()).isTrue();
        assertThat(done.path("audit").path("ledger_entry_ids")).isEmpty();

        RunningNode.Reply issued = node.post("/v1/admin/partners/acme/keys", "{}", admin);
        assertThat(issued.status()).isEqualTo(201);
        JsonNode issuing = auditLine(issued);
        assertThat(issuing.path("audit").path("action").asString())
                .isEqualTo("POST /v1/admin/partners/{partner}/keys");
        assertThat(issuing.path("audit").path("details").path("partner").asString()).isEqualTo("acme");
        assertThat(log.text()).as("the key is shown once, to the admin, never logged")
                .doesNotContain(issued.json().path("key").asString());
    }

    @Test
    void a_manual_transfer_is_audited_citing_the_ledger_entry_it_made_and_a_refused_one_citing_none() {
        String token = node.signIn(payer);
        String to = Ed25519.KeyPair.generate().did().toString();
        RunningNode.Reply paid = node.post("/v1/ledger/transfers", json().put("to", to).put("amount", 300)
                .put("idempotency_key", "rent-1"), token);
        assertThat(paid.status()).isEqualTo(200);
        long seq = paid.json().path("entry").path("seq").asLong();
        JsonNode line = auditLine(paid);
        assertThat(line.path("did").asString()).isEqualTo(payer.did().toString());
        JsonNode audit = line.path("audit");
        assertThat(audit.path("action").asString()).isEqualTo("ledger.transfer");
        assertThat(audit.path("outcome").asString()).isEqualTo("done");
        assertThat(audit.path("details").path("to").asString()).isEqualTo(to);
        assertThat(audit.path("details").path("amount").asString()).isEqualTo("300");
        assertThat(audit.path("ledger_entry_ids")).hasSize(1);
        assertThat(audit.path("ledger_entry_ids").get(0).asLong()).isEqualTo(seq);

        RunningNode.Reply tooMuch = node.post("/v1/ledger/transfers", json().put("to", to).put("amount", 5_000)
                .put("idempotency_key", "rent-2"), token);
        assertThat(tooMuch.status()).isBetween(400, 499);
        JsonNode refused = auditLine(tooMuch).path("audit");
        assertThat(refused.path("outcome").asString()).isEqualTo("refused");
        assertThat(refused.path("ledger_entry_ids")).isEmpty();
    }

    @Test
    void levels_change_at_run_time_for_the_admin_only_and_the_audit_log_cannot_be_silenced() {
        System.Logger probe = System.getLogger("org.pouw.node.probe");
        probe.log(System.Logger.Level.DEBUG, "before: not written");
        RunningNode.Reply raised = node.post("/v1/admin/log-level", json().put("logger", "org.pouw.node.probe")
                .put("level", "debug"), admin);
        assertThat(raised.status()).isEqualTo(200);
        assertThat(raised.json().path("level").asString()).isEqualTo("DEBUG");
        assertThat(raised.json().path("previous").isNull()).as("it inherited before").isTrue();
        probe.log(System.Logger.Level.DEBUG, "after: written");
        List<String> messages = log.json(CapturedLog.logger("org.pouw.node.probe")).stream()
                .map(line -> line.path("message").asString()).toList();
        assertThat(messages).containsExactly("after: written");
        JsonNode change = auditLine(raised).path("audit");
        assertThat(change.path("action").asString()).isEqualTo("POST /v1/admin/log-level");
        assertThat(change.path("details").path("logger").asString()).isEqualTo("org.pouw.node.probe");
        assertThat(change.path("details").path("level").asString()).isEqualTo("DEBUG");
        RunningNode.Reply listed = node.get("/v1/admin/log-level", admin);
        assertThat(listed.json().path("levels").path("org.pouw.node.probe").asString()).isEqualTo("DEBUG");

        RunningNode.Reply notAdmin = node.post("/v1/admin/log-level", json().put("logger", "org.pouw.node.probe")
                .put("level", "off"), node.signIn(stranger));
        assertThat(notAdmin.status()).isEqualTo(403);
        probe.log(System.Logger.Level.DEBUG, "still written");
        assertThat(log.json(CapturedLog.logger("org.pouw.node.probe"))).hasSize(2);

        RunningNode.Reply audit = node.post("/v1/admin/log-level", json().put("logger", AUDIT).put("level", "off"),
                admin);
        assertThat(audit.status()).isEqualTo(400);
        assertThat(audit.field()).isEqualTo("logger");
        RunningNode.Reply level = node.post("/v1/admin/log-level", json().put("logger", "org.pouw")
                .put("level", "loud"), admin);
        assertThat(level.status()).isEqualTo(400);
        assertThat(level.field()).isEqualTo("level");
        RunningNode.Reply name = node.post("/v1/admin/log-level", json().put("logger", "org..pouw")
                .put("level", "info"), admin);
        assertThat(name.field()).isEqualTo("logger");

        // With the root logger off nothing else is written, but admin actions still are.
        RunningNode.Reply rootOff = node.post("/v1/admin/log-level", json().put("logger", "").put("level", "off"),
                admin);
        assertThat(rootOff.status()).isEqualTo(200);
        try {
            RunningNode.Reply afterOff = node.post("/v1/admin/partners", json().put("partner", "initech")
                    .put("tokens_per_interval", 1).put("interval_ms", 1000), admin);
            assertThat(auditLine(afterOff).path("audit").path("outcome").asString()).isEqualTo("done");
        } finally {
            assertThat(node.post("/v1/admin/log-level", json().put("logger", "").put("level", "info"), admin)
                    .status()).isEqualTo(200);
            node.post("/v1/admin/log-level", json().put("logger", "org.pouw.node.probe").put("level", "inherit"),
                    admin);
        }
    }

    @Test
    void the_access_log_is_switched_off_and_on_again_without_a_restart() {
        RunningNode sampled = new RunningNode(dir.resolve("sampled"), Map.of("log.access_sample_every", "1"),
                Clock.system());
        try {
            String token = sampled.signIn(sampled.node.adminKey());
            assertThat(sampled.post("/v1/admin/log-level", json().put("logger", "org.pouw.access")
                    .put("level", "off"), token).status()).isEqualTo(200);
            RunningNode.Reply quiet = sampled.get("/healthz");
            assertThat(sampled.post("/v1/admin/log-level", json().put("logger", "org.pouw.access")
                    .put("level", "info"), token).status()).isEqualTo(200);
            RunningNode.Reply heard = sampled.get("/healthz");
            String heardId = heard.headers().get("x-request-id").get(0);
            log.awaitOne(line -> line.path("logger").asString("").equals("org.pouw.access")
                    && line.path("request_id").asString("").equals(heardId));
            String quietId = quiet.headers().get("x-request-id").get(0);
            assertThat(log.json(line -> line.path("request_id").asString("").equals(quietId))).isEmpty();
        } finally {
            sampled.close();
        }
    }
}

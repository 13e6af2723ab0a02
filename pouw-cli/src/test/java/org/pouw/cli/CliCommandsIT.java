package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.KeyFile;
import org.pouw.node.PouwNode;
import org.pouw.node.config.ConfigLoader;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every client command against a real node, run in this JVM for speed; the *IT tests run them as processes. */
class CliCommandsIT {
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    PouwNode node;
    String url;
    Path clientKey;
    Path workerKey;
    Ed25519.KeyPair client;

    record Run(int exit, String out) {
        JsonNode json() {
            return JSON.readTree(out);
        }
    }

    Run cli(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int exit = PouwCli.run(args);
            return new Run(exit, captured.toString(StandardCharsets.UTF_8).strip());
        } finally {
            System.setOut(original);
        }
    }

    @BeforeEach
    void start() throws Exception {
        clientKey = dir.resolve("client.key");
        workerKey = dir.resolve("worker.key");
        client = Ed25519.KeyPair.generate();
        KeyFile.create(clientKey, client);
        node = PouwNode.start(ConfigLoader.load(null, Map.of(), Map.of("data_dir", dir.resolve("data").toString(),
                "http.port", "0", "pouw_mode", "remote", "market.max_retries", "1",
                "genesis", client.did() + "=5000")), Clock.system());
        url = node.url();
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void keysNewAndShowAgree() {
        Run created = cli("keys", "new", "--out", workerKey.toString(), "--json");
        assertThat(created.exit()).isZero();
        Run shown = cli("keys", "show", "--key", workerKey.toString());
        assertThat(shown.out()).isEqualTo(created.json().path("did").asString());
        assertThat(cli("keys", "new", "--out", workerKey.toString()).exit()).as("never overwrites")
                .isEqualTo(ExitCodes.REFUSED);
    }

    @Test
    void sendBalanceAndStatus() {
        String worker = cli("keys", "new", "--out", workerKey.toString(), "--json").json().path("did").asString();
        Run sent = cli("send", "--node", url, "--key", clientKey.toString(), "--to", worker, "--amount", "70",
                "--idempotency-key", "rent-1");
        assertThat(sent.exit()).isZero();
        assertThat(sent.out()).contains("balance now 4930");
        cli("send", "--node", url, "--key", clientKey.toString(), "--to", worker, "--amount", "70",
                "--idempotency-key", "rent-1");
        Run balance = cli("balance", "--node", url, worker, "--json");
        assertThat(balance.json().path("balance").asLong()).as("same key, one transfer").isEqualTo(70);
        assertThat(cli("balance", "--node", url, "--key", clientKey.toString()).out()).contains("balance  4930");
        Run broke = cli("send", "--node", url, "--key", clientKey.toString(), "--to", worker, "--amount", "999999");
        assertThat(broke.exit()).isEqualTo(ExitCodes.REFUSED);

        assertThat(cli("status", "--node", url).out()).contains("pouw_mode=remote").contains("fee pool");
        assertThat(cli("node", "status", "--node", url, "--json").json().path("status").path("zk_mode").asString())
                .isEqualTo("reexec");
    }

    /** {@code pouw doctor} beside a running node (issue 29 §3): its port answers, its clock agrees, its schema is current. */
    @Test
    void doctorSeesTheRunningNode() {
        String port = url.substring(url.lastIndexOf(':') + 1).replaceAll("/.*", "");
        Run run = cli("doctor", "--data-dir", dir.resolve("data").toString(), "--host", "127.0.0.1", "--port", port,
                "--json");
        assertThat(run.exit()).as(run.out()).isZero();
        Map<String, JsonNode> checks = new java.util.HashMap<>();
        run.json().path("checks").forEach(check -> checks.put(check.path("name").asString(), check));
        assertThat(checks.get("port").path("detail").asString()).contains("a node answers");
        assertThat(checks.get("clock").path("status").asString()).isEqualTo("ok");
        assertThat(checks.get("database").path("detail").asString()).contains("0 pending");
    }

    /** {@code pouw market} and {@code pouw market prover} (issue 27, item 5): the market page in a terminal. */
    @Test
    void marketShowsOpenWorkServiceLevelsAndOneProversRecord() {
        Run submitted = cli("intent", "submit", "--node", url, "--key", clientKey.toString(), "--sample", "power",
                "--inputs", "2,10", "--fee", "100", "--json");
        assertThat(submitted.exit()).isZero();
        Run market = cli("market", "--node", url);
        assertThat(market.exit()).isZero();
        assertThat(market.out()).contains("prices").contains("pending 1");
        Run mine = cli("market", "--node", url, "--key", clientKey.toString(), "--mine", "--json");
        assertThat(mine.json().path("yours").isArray()).as(mine.out()).isTrue();
        assertThat(cli("market", "--node", url, "--window-ms", "5").exit()).isEqualTo(ExitCodes.REFUSED);

        org.pouw.core.id.Did worker = org.pouw.core.id.Did.of(client.did().toString());
        var lease = node.market().claim(worker,
                new org.pouw.core.job.ClaimRequest(java.util.List.of(), java.util.List.of(), 1, 0)).get(0);
        node.market().fail(lease.jobId(), worker, lease.leaseToken(), "out of memory");
        Run prover = cli("market", "prover", "--node", url, worker.text());
        assertThat(prover.exit()).as(prover.out()).isZero();
        assertThat(prover.out()).contains("failed 1").contains("reputation 0").contains("level probation");
        assertThat(prover.out()).as("its pace, never measured").contains("of the slowest speed (not measured");
        assertThat(cli("market", "prover", "--node", url, "did:key:z6MkNobody").exit()).isNotZero();
    }

    @Test
    void intentsJobsHistoryAndDeadLetters() {
        Run submitted = cli("intent", "submit", "--node", url, "--key", clientKey.toString(), "--sample", "power",
                "--inputs", "2,10", "--fee", "100", "--json");
        assertThat(submitted.exit()).isZero();
        String intentId = submitted.json().path("intent_id").asString();
        assertThat(submitted.json().path("output").path(2).asString()).isEqualTo("1024");
        String jobId = submitted.json().path("job_ids").path(0).asString();

        assertThat(cli("intent", "status", "--node", url, "--key", clientKey.toString(), intentId).out())
                .contains("proving").contains(jobId);
        Run listed = cli("intent", "list", "--node", url, "--key", clientKey.toString());
        assertThat(listed.exit()).as(listed.out()).isZero();
        assertThat(listed.out()).contains(intentId).contains("proving").contains("0/1 proven");
        String kind = cli("job", "show", "--node", url, jobId, "--json").json().path("kind").asString();
        Run ofKind = cli("intent", "list", "--node", url, "--key", clientKey.toString(), "--kind", kind, "--json");
        assertThat(ofKind.exit()).as(ofKind.out()).isZero();
        assertThat(ofKind.json().path("intents").path(0).path("intent_id").asString()).isEqualTo(intentId);
        Run badKind = cli("intent", "list", "--node", url, "--key", clientKey.toString(), "--kind", "nope", "--json");
        assertThat(badKind.exit()).as(badKind.out()).isEqualTo(ExitCodes.REFUSED);
        assertThat(badKind.json().path("error").path("code").asString()).isEqualTo("invalid_request");
        assertThat(badKind.json().path("error").path("message").asString()).as(badKind.out()).contains("kind");
        assertThat(cli("job", "list", "--node", url, "--status", "pending").out()).contains(jobId);
        assertThat(cli("job", "show", "--node", url, jobId, "--json").json().path("status").asString())
                .isEqualTo("pending");

        // A worker that gives up once sends the job (max_retries = 1) to the dead-letter queue: one of the node's
        // own (a new identity's unaudited failure would not spend the retry, issue 18).
        node.market().trustOwnWorker(org.pouw.core.id.Did.of(client.did().toString()));
        var lease = node.market().claim(org.pouw.core.id.Did.of(client.did().toString()),
                new org.pouw.core.job.ClaimRequest(java.util.List.of(), java.util.List.of(), 1, 0)).get(0);
        node.market().fail(org.pouw.core.id.JobId.of(jobId), org.pouw.core.id.Did.of(client.did().toString()),
                lease.leaseToken(), "out of memory");
        assertThat(cli("job", "history", "--node", url, jobId).out()).contains("worker_failed").contains("out of memory");
        assertThat(cli("dead-letter", "list", "--node", url).out()).contains(jobId).contains("out of memory");

        assertThat(cli("dead-letter", "retry", "--node", url, "--key", clientKey.toString(), jobId).exit())
                .as("only the admin key may retry").isEqualTo(ExitCodes.REFUSED);
        Path admin = dir.resolve("data").resolve("admin.key");
        Run retried = cli("dead-letter", "retry", "--node", url, "--key", admin.toString(), jobId);
        assertThat(retried.exit()).isZero();
        assertThat(retried.out()).contains("pending again");
        assertThat(cli("intent", "status", "--node", url, "--key", clientKey.toString(), "ffff").exit())
                .isEqualTo(ExitCodes.REFUSED);
    }

    @Test
    void adminVerbsActWithTheAdminKeyOnlyAndPrintJson() {
        String admin = dir.resolve("data").resolve("admin.key").toString();
        String jobId = cli("intent", "submit", "--node", url, "--key", clientKey.toString(), "--sample", "power",
                "--inputs", "2,10", "--fee", "100", "--json").json().path("job_ids").path(0).asString();

        Run refused = cli("admin", "cancel-job", "--node", url, "--key", clientKey.toString(), jobId, "--json");
        assertThat(refused.exit()).as("another key is refused").isEqualTo(ExitCodes.REFUSED);
        assertThat(refused.json().path("error").path("code").asString()).isEqualTo("forbidden");

        Run paused = cli("admin", "pause", "--node", url, "--key", admin, "--reason", "upgrade", "--json");
        assertThat(paused.exit()).isZero();
        assertThat(paused.json().path("action").path("action").asString()).isEqualTo("claiming.pause");
        assertThat(cli("admin", "claiming", "--node", url, "--key", admin).out())
                .contains("paused").contains("upgrade");
        assertThat(cli("admin", "resume", "--node", url, "--key", admin).out()).isEqualTo("claiming is open");

        Run cancelled = cli("admin", "cancel-job", "--node", url, "--key", admin, jobId, "--reason", "test");
        assertThat(cancelled.exit()).isZero();
        assertThat(cancelled.out()).contains("refunded").contains("ledger entries");
        assertThat(cli("admin", "cancel-job", "--node", url, "--key", admin, jobId).exit())
                .as("a second cancel is refused").isEqualTo(ExitCodes.REFUSED);

        String prover = client.did().toString();
        assertThat(cli("admin", "ban", "--node", url, "--key", admin, prover, "--json").json().path("banned")
                .asBoolean()).isTrue();
        assertThat(cli("admin", "bans", "--node", url, "--key", admin).out()).contains(prover);
        assertThat(cli("admin", "unban", "--node", url, "--key", admin, prover).exit()).isZero();

        Run secrets = cli("admin", "token-secrets", "--node", url, "--node", url, "--key", admin, "--json");
        assertThat(secrets.exit()).isZero();
        assertThat(secrets.json().path("safe").asBoolean()).isTrue();
        assertThat(secrets.json().path("step").asString()).startsWith("steady");
    }

    @Test
    void workerStatsReadsTheWorkersHistory() throws Exception {
        Path history = dir.resolve("worker-history.jsonl");
        java.nio.file.Files.writeString(history, """
                {"job_id":"aa","kind":"reexec","attempt":1,"outcome":"completed","reward":90,"ledger_seq":4,"claimed_at_ms":100,"ended_at_ms":350,"detail":""}
                {"job_id":"bb","kind":"reexec","attempt":2,"outcome":"released","reward":0,"ledger_seq":0,"claimed_at_ms":400,"ended_at_ms":500,"detail":"worker shutting down"}
                """);

        Run stats = cli("worker", "stats", "--history", history.toString(), "--json");

        assertThat(stats.exit()).isZero();
        assertThat(stats.json().path("jobs").asInt()).isEqualTo(2);
        assertThat(stats.json().path("earned").asLong()).isEqualTo(90);
        assertThat(stats.json().path("outcomes").path("released").asInt()).isEqualTo(1);
        assertThat(stats.json().path("recent").get(0).path("took_ms").asLong()).isEqualTo(250);
        assertThat(cli("worker", "stats", "--history", history.toString()).out()).contains("2 job(s)")
                .contains("earned 90");
    }

    @Test
    void badInputIsAUsageError() {
        assertThat(cli("intent", "submit", "--node", url, "--key", clientKey.toString(), "--sample", "nope").exit())
                .isEqualTo(ExitCodes.USAGE);
        assertThat(cli("balance", "--node", url, "--key", dir.resolve("missing.key").toString()).exit())
                .isEqualTo(ExitCodes.USAGE);
    }
}

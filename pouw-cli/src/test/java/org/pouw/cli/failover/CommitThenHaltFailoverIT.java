package org.pouw.cli.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pouw.client.PouwClient;
import org.pouw.client.jobs.JobHistory;
import org.pouw.client.jobs.LeasedJob;
import org.pouw.core.Clock;
import org.pouw.core.work.ChallengeChannel;
import org.pouw.core.work.ProgressListener;
import org.pouw.crypto.Ed25519;
import org.pouw.kinds.reexec.ReexecKind;
import org.pouw.vm.Samples;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 24's ground rules, the commit-then-halt hook: one {@code pouw node start} process is armed to halt
 * right after the commit of one write route and before its answer ({@link HaltAfterCommit}), once per route —
 * transfers, intents, claims, submissions, receipts. Each time the client's call ends without an answer (in doubt,
 * {@link CallOutcome}), the process exits with the hook's status (so the halt, not a crash, is what happened), and
 * the node is started again, armed for the next route. The in-doubt call is then settled as a client must:
 * <ul>
 *   <li>a transfer sent again with its {@code idempotency_key}: acked, one ledger entry, the payee paid once;</li>
 *   <li>an intent sent again with its {@code Idempotency-Key}: 200 (a replay, not 201) naming the same intent, and
 *       the node holds that one intent's jobs only;</li>
 *   <li>a claim: not sent again — the worker reads its live leases ({@code GET /v1/pouw/jobs/leases}) and finds the
 *       job the lost claim leased, once, with a token that renews; the job has one attempt;</li>
 *   <li>a submit sent again with its lease token: not paid twice — the job is completed with one attempt and one
 *       reward, and the prover's balance is that reward once;</li>
 *   <li>a receipt sent again by its owner: 409 {@code replayed} with the stored result; the balance credited once.</li>
 * </ul>
 * Then {@code pouw ledger verify} passes on the node's data. It runs once per backend ({@link CommitThenHaltStore}):
 * on SQLite, and on a real PostgreSQL server that keeps running through every halt of the node, so what a halt
 * leaves behind is what PostgreSQL committed. Reported ({@code FAILOVER} line): each route's in-doubt outcome and
 * retry.
 */
// Six node JVMs start one after another per backend: the budget allows for a loaded machine.
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class CommitThenHaltFailoverIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration HALT_WITHIN = Duration.ofSeconds(60);
    private static final int RECEIPT_REWARD = 7;

    @TempDir
    Path dir;

    private final Ed25519.KeyPair payer = Ed25519.KeyPair.generate();
    private final Ed25519.KeyPair payee = Ed25519.KeyPair.generate();
    private final Ed25519.KeyPair prover = Ed25519.KeyPair.generate();
    private final Ed25519.KeyPair miner = Ed25519.KeyPair.generate();
    private final List<String> report = new ArrayList<>();

    @ParameterizedTest
    @EnumSource(CommitThenHaltStore.Backend.class)
    void eachWriteRouteHaltedAfterItsCommitIsAppliedExactlyOnceWhenSettled(CommitThenHaltStore.Backend backend)
            throws Exception {
        Map<String, String> routeSettings = Map.of("genesis", payer.did() + "=10000000",
                "receipts.hashcash.amount", String.valueOf(RECEIPT_REWARD),
                "receipts.hashcash.emission_cap", "100000", "receipts.pool_fund", "100000",
                "gate.hashcash_bits", "12", "gate.max_hashcash_bits", "16");
        try (CommitThenHaltStore store = CommitThenHaltStore.open(backend, "commit-then-halt", dir)) {
            store.haltEachRoute(routeSettings, "POST /v1/ledger/transfers",
                    List.of(this::transfers, this::intents, this::claims, this::submissions, this::receipts));
        }
        System.out.println("FAILOVER commit-then-halt (" + backend + "): " + String.join("; ", report)
                + "; pouw ledger verify passed");
    }

    private ScenarioNode transfers(ScenarioNode node) throws Exception {
        String key = "halted-transfer";
        CallOutcome first;
        try (PouwClient client = client(node, payer)) {
            client.auth().signIn(); // signed in before the armed call, so the halt is the transfer's own
            first = CallOutcome.of(() -> client.ledger().transfer(payee.did().toString(), 5, key));
        }
        ScenarioNode next = halted(node, first, "POST /v1/intents");
        try (PouwClient client = client(next, payer)) {
            CallOutcome retry = CallOutcome.of(() -> client.ledger().transfer(payee.did().toString(), 5, key));
            assertThat(retry.kind()).as("the transfer sent again with its key").isEqualTo(CallOutcome.Kind.ACKED);
            Map<String, Integer> ledger = PaymentLoad.ledgerKeys(client);
            assertThat(ledger.get("transfer:" + payer.did() + ":" + key)).as("the transfer's entries").isEqualTo(1);
            assertThat(client.ledger().account(payee.did().toString(), 0).balance()).as("the payee paid once")
                    .isEqualTo(5);
        }
        report.add("transfer in doubt, sent again with its key: applied once");
        return next;
    }

    private ScenarioNode intents(ScenarioNode node) throws Exception {
        String token;
        try (PouwClient client = client(node, payer)) {
            token = client.auth().signIn().token();
        }
        ObjectNode body = JSON.createObjectNode().put("program", Samples.source("fibonacci"));
        body.putArray("inputs").add(12);
        body.put("max_steps", 1_000).put("tier", "macro").put("fee", 100);
        Map<String, String> headers = Map.of("Authorization", "Bearer " + token, "Idempotency-Key", "halted-intent");
        CallOutcome first = CallOutcome.ofPost(() -> node.post("/v1/intents", body.toString(), headers));
        ScenarioNode next = halted(node, first, "POST /v1/pouw/jobs/claim");
        String again;
        try (PouwClient client = client(next, payer)) {
            again = client.auth().signIn().token();
        }
        ScenarioNode.Reply retry = next.post("/v1/intents", body.toString(),
                Map.of("Authorization", "Bearer " + again, "Idempotency-Key", "halted-intent"));
        assertThat(retry.status()).as("the intent sent again with its key is a replay: " + retry.body())
                .isEqualTo(200);
        String intentId = JSON.readTree(retry.body()).path("intent_id").asString();
        JsonNode jobs = JSON.readTree(next.get("/v1/pouw/jobs?limit=500").body()).path("jobs");
        assertThat(jobs.isEmpty()).as("the intent's jobs").isFalse();
        for (JsonNode job : jobs) {
            assertThat(job.path("intent_id").asString()).as("every job is the one intent's").isEqualTo(intentId);
        }
        report.add("intent in doubt, sent again with its key: one intent (" + jobs.size() + " jobs)");
        return next;
    }

    private ScenarioNode claims(ScenarioNode node) throws Exception {
        CallOutcome first;
        try (PouwClient client = client(node, prover)) {
            client.auth().signIn();
            first = CallOutcome.of(() -> client.jobs().claim(List.of(ReexecKind.NAME), List.of(), 1, 60_000));
        }
        ScenarioNode next = halted(node, first, "POST /v1/pouw/jobs/{id}/submit");
        try (PouwClient client = client(next, prover)) {
            // The worker does not claim again: it reads what it holds, and finds what the lost claim leased.
            List<LeasedJob> held = client.jobs().leases();
            assertThat(held).as("the leases the claim in doubt made").hasSize(1);
            LeasedJob job = held.getFirst();
            assertThat(client.jobs().history(job.job().jobId()).attempts()).as("one attempt: leased once").hasSize(1);
            assertThat(client.jobs().renew(job.job().jobId(), job.lease().token(), 60_000).token())
                    .as("the token read back holds the lease").isNotBlank();
        }
        report.add("claim in doubt, settled by reading the worker's leases: leased once");
        return next;
    }

    private ScenarioNode submissions(ScenarioNode node) throws Exception {
        LeasedJob job;
        byte[] proof;
        CallOutcome first;
        try (PouwClient client = client(node, prover)) {
            job = client.jobs().leases().getFirst();
            String jobId = job.job().jobId();
            proof = new ReexecKind().prove(job.job().toWorkItem(key -> client.jobs().blob(key, jobId)),
                    ProgressListener.NONE, ChallengeChannel.NONE);
            first = CallOutcome.of(() -> client.jobs().submit(jobId, job.lease().token(), proof));
        }
        ScenarioNode next = halted(node, first, "POST /v1/receipts");
        String jobId = job.job().jobId();
        try (PouwClient client = client(next, prover)) {
            CallOutcome retry = CallOutcome.of(() -> client.jobs().submit(jobId, job.lease().token(), proof));
            // Either answer is right (a replayed acceptance, or lease_lost because the lease ended in the payment);
            // what may not happen is a second payment, or an answer that leaves the retry in doubt again.
            assertThat(retry.kind()).as("the submit sent again: " + retry).isNotEqualTo(CallOutcome.Kind.IN_DOUBT);
            JobHistory history = client.jobs().history(jobId);
            assertThat(history.status()).isEqualTo("completed");
            assertThat(history.attempts()).as("one attempt").hasSize(1);
            long reward = history.rewardPaidTo(prover.did().toString()).orElseThrow();
            assertThat(client.ledger().account(prover.did().toString(), 0).balance())
                    .as("the prover paid once").isEqualTo(reward);
            report.add("submit in doubt, sent again (" + retry.status() + " " + retry.code()
                    + "): completed, paid once");
        }
        return next;
    }

    private ScenarioNode receipts(ScenarioNode node) throws Exception {
        ScenarioNode.Reply challenge = node.post("/v1/challenges", "{\"did\":\"" + miner.did()
                + "\",\"kind\":\"hashcash\"}", Map.of());
        assertThat(challenge.status()).as(challenge.body()).isEqualTo(200);
        String receipt = SignedTokenRequests.receipt(node, challenge.body(), miner);
        CallOutcome first = CallOutcome.ofPost(() -> node.post("/v1/receipts", receipt, Map.of()));
        assertThat(first.inDoubt()).as("the receipt's answer: " + first).isTrue();
        assertThat(node.awaitExit(HALT_WITHIN)).as("the node halted by the hook").isEqualTo(
                HaltAfterCommit.HALT_STATUS);
        ScenarioNode next = node.restart();
        try (PouwClient client = client(next, miner)) {
            String token = client.auth().signIn().token();
            ScenarioNode.Reply retry = next.post("/v1/receipts", receipt, Map.of("Authorization", "Bearer " + token));
            assertThat(retry.status()).as("the receipt sent again by its owner: " + retry.body()).isEqualTo(409);
            JsonNode answer = JSON.readTree(retry.body());
            assertThat(answer.path("error").path("code").asString()).isEqualTo("replayed");
            assertThat(answer.path("result").path("amount").asLong()).as("the stored result").isEqualTo(
                    RECEIPT_REWARD);
            assertThat(client.ledger().account(miner.did().toString(), 0).balance()).as("the miner paid once")
                    .isEqualTo(RECEIPT_REWARD);
        }
        report.add("receipt in doubt, sent again: 409 replayed with the stored result, paid once");
        return next;
    }

    /**
     * Checks the armed call ended in doubt and the process ended by the hook's halt, and starts the node again armed
     * for {@code nextRoute}.
     */
    static ScenarioNode halted(ScenarioNode node, CallOutcome first, String nextRoute) throws Exception {
        assertThat(first.inDoubt()).as("the armed call's outcome: " + first).isTrue();
        assertThat(node.awaitExit(HALT_WITHIN)).as("the node halted by the hook").isEqualTo(
                HaltAfterCommit.HALT_STATUS);
        return node.restartHaltingAfterCommit(nextRoute);
    }

    private static PouwClient client(ScenarioNode node, Ed25519.KeyPair key) {
        return new PouwClient(URI.create(node.url()), key, Duration.ofSeconds(30), Clock.system());
    }
}

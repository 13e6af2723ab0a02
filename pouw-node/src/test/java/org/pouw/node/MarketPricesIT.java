package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.SettableClock;
import org.pouw.core.job.Tier;
import org.pouw.core.work.ChallengeChannel;
import org.pouw.core.work.ProgressListener;
import org.pouw.core.work.WorkItem;
import org.pouw.crypto.Ed25519;
import org.pouw.kinds.reexec.ReexecKind;
import org.pouw.node.http.MarketViews;
import org.pouw.vm.Samples;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The base fee over HTTP (issue 27, item 1; docs/economics.md): a client asks the price, an intent that offers less
 * is refused with the price and changes nothing, one that offers enough leaves its base with the node.
 */
class MarketPricesIT {
    @TempDir
    Path dir;

    final SettableClock clock = new SettableClock(1_700_000_000_000L);
    final Ed25519.KeyPair client = Ed25519.KeyPair.generate();
    RunningNode node;

    @BeforeEach
    void start() {
        node = new RunningNode(dir, Map.of("genesis", client.did() + "=1000000", "market.base_price.reexec", "2000"),
                clock);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    ObjectNode intent(long fee) {
        ObjectNode body = RunningNode.JSON.createObjectNode().put("program", Samples.source("fibonacci"));
        body.putArray("inputs").add("20");
        return body.put("max_steps", 10_000).put("tier", "macro").put("fee", fee);
    }

    long balance() {
        return node.get("/v1/ledger/accounts/" + client.did()).json().path("balance").asLong();
    }

    @Test
    void aClientIsQuotedThePriceAndAnIntentOfferingLessIsRefusedWithIt() {
        JsonNode quote = node.get("/v1/pouw/market/quote?kind=reexec&steps=1001").json();
        assertThat(quote.path("base_price_per_1000_steps").asLong()).isEqualTo(2000);
        assertThat(quote.path("base_fee").asLong()).as("2 a step").isEqualTo(2002);
        assertThat(node.get("/v1/pouw/market/quote?kind=hash-chain&steps=1000").json().path("base_fee").asLong())
                .as("an unpriced kind").isZero();
        assertThat(node.get("/v1/pouw/market/quote?kind=nope&steps=1").field()).isEqualTo("kind");
        assertThat(node.get("/v1/pouw/market/quote?kind=reexec").field()).isEqualTo("steps");
        assertThat(node.get("/v1/pouw/market/quote?kind=reexec&steps=-1").field()).isEqualTo("steps");

        String token = node.signIn(client);
        RunningNode.Reply cheap = node.post("/v1/intents", intent(5), token);
        assertThat(cheap.status()).isEqualTo(400);
        assertThat(cheap.field()).isEqualTo("fee");
        assertThat(cheap.json().path("error").path("message").asString()).contains("2000 per 1000 work units")
                .contains("got 5");
        assertThat(balance()).isEqualTo(1_000_000);
        assertThat(node.get("/v1/pouw/system/status").json().path("queue").path("pending_count").asLong()).isZero();

        RunningNode.Reply paid = node.post("/v1/intents", intent(10_000), token);
        assertThat(paid.status()).isEqualTo(201);
        long steps = paid.json().path("steps").asLong();
        long base = node.get("/v1/pouw/market/quote?kind=reexec&steps=" + steps).json().path("base_fee").asLong();
        assertThat(base).isEqualTo(2 * steps);
        String jobId = paid.json().path("job_ids").path(0).asString();
        assertThat(node.get("/v1/pouw/jobs/" + jobId).json().path("fee_budget").asLong()).isEqualTo(10_000 - base);
        assertThat(balance()).isEqualTo(1_000_000 - 10_000);
        JsonNode prices = node.get("/v1/pouw/market/prices").json();
        assertThat(prices.path("base_fees_kept").asLong()).isEqualTo(base);
        assertThat(prices.path("kinds").findValuesAsString("kind")).contains("reexec");
    }

    /** A price that follows demand over HTTP: the queue past its target raises the next interval's price. */
    @Test
    void aPriceFollowingTheQueueRisesInTheNextIntervalAndTheQuoteSaysSo() {
        node.close();
        node = new RunningNode(dir.resolve("demand"), Map.of("genesis", client.did() + "=1000000",
                "market.base_price.reexec", "2000", "market.price.target_steps.reexec", "10",
                "market.price.interval_ms", "60000"), clock);
        String token = node.signIn(client);
        RunningNode.Reply first = node.post("/v1/intents", intent(10_000), token);
        assertThat(first.status()).isEqualTo(201);
        long steps = first.json().path("steps").asLong();
        assertThat(steps).as("the queue is past twice the target").isGreaterThan(20);

        clock.advance(60_000);
        JsonNode reexec = node.get("/v1/pouw/market/prices").json().path("kinds").valueStream()
                .filter(kind -> kind.path("kind").asString().equals("reexec")).findFirst().orElseThrow();
        assertThat(reexec.path("follows_demand").asBoolean()).isTrue();
        assertThat(reexec.path("floor_per_1000_steps").asLong()).isEqualTo(2000);
        assertThat(reexec.path("pending_steps").asLong()).isEqualTo(steps);
        assertThat(reexec.path("base_price_per_1000_steps").asLong()).as("up an eighth").isEqualTo(2250);
        assertThat(node.get("/v1/pouw/market/quote?kind=reexec&steps=1000").json().path("base_fee").asLong())
                .isEqualTo(2250);
        String scrape = new String(node.get("/v1/pouw/metrics").bytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(scrape).as("the demand price as a metric")
                .contains("pouw_market_base_price{kind=\"reexec\"} 2250.0").contains("pouw_market_base_price{kind=\"vm-stark\"} 0.0");

        RunningNode.Reply cheap = node.post("/v1/intents", intent(2 * steps), token);
        assertThat(cheap.field()).isEqualTo("fee");
        assertThat(cheap.json().path("error").path("message").asString()).contains("2250 per 1000 work units");
    }

    /** The worker's ask over HTTP (issue 27, item 2): jobs paying less than min_reward are not offered. */
    @Test
    void aWorkerIsOfferedOnlyJobsPayingItsAsk() {
        String token = node.signIn(client);
        RunningNode.Reply posted = node.post("/v1/intents", intent(10_000), token);
        assertThat(posted.status()).isEqualTo(201);
        String jobId = posted.json().path("job_ids").path(0).asString();
        long reward = node.get("/v1/pouw/jobs/" + jobId).json().path("reward_budget").asLong();
        assertThat(reward).isPositive();
        String worker = node.signIn(Ed25519.KeyPair.generate());

        RunningNode.Reply bad = node.post("/v1/pouw/jobs/claim", "{\"min_reward\": -1}", worker);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.field()).isEqualTo("min_reward");
        assertThat(node.post("/v1/pouw/jobs/claim", "{\"memory_mb\": -1}", worker).field()).isEqualTo("memory_mb");
        assertThat(node.post("/v1/pouw/jobs/claim", "{\"max_work_units\": -5}", worker).field())
                .isEqualTo("max_work_units");
        assertThat(node.post("/v1/pouw/jobs/claim", "{\"min_reward\": " + (reward + 1) + "}", worker).status())
                .isEqualTo(204);
        RunningNode.Reply taken = node.post("/v1/pouw/jobs/claim", "{\"min_reward\": " + reward + "}", worker);
        assertThat(taken.status()).isEqualTo(200);
        assertThat(taken.json().path("jobs").path(0).path("job_id").asString()).isEqualTo(jobId);
    }

    /**
     * Cores and accelerators over HTTP (issue 27, item 3): an intent requiring a name off the closed list, or an
     * absurd number of cores, is refused naming the field and charges nothing; a worker's bad declarations are
     * refused naming theirs; a job requiring 4 cores and avx2 reaches only a worker that declares both, and the
     * prover list then shows that worker's pace (never measured: the slowest).
     */
    @Test
    void aWorkerDeclaringItsCoresAndAcceleratorsOverHttpIsOfferedOnlyJobsItCanRun() {
        String token = node.signIn(client);
        long before = balance();
        RunningNode.Reply offList = node.post("/v1/intents", intent(10_000).set("accelerators",
                RunningNode.JSON.createArrayNode().add("avx2").add("tpu")), token);
        assertThat(offList.status()).isEqualTo(400);
        assertThat(offList.field()).isEqualTo("accelerators");
        assertThat(offList.json().path("error").path("message").asString()).contains("'tpu'", "avx2, avx512, neon");
        for (String cores : new String[] {"0", "-2", "1025", "1.5", "\"4\""}) {
            RunningNode.Reply bad = node.post("/v1/intents", intent(10_000).set("min_cores",
                    RunningNode.JSON.readTree(cores)), token);
            assertThat(bad.status()).as("min_cores " + cores).isEqualTo(400);
            assertThat(bad.field()).isEqualTo("min_cores");
        }
        assertThat(balance()).as("refused intents charge nothing").isEqualTo(before);

        ObjectNode needy = intent(10_000).put("min_cores", 4);
        needy.putArray("accelerators").add("AVX2");
        RunningNode.Reply posted = node.post("/v1/intents", needy, token);
        assertThat(posted.status()).isEqualTo(201);
        String jobId = posted.json().path("job_ids").path(0).asString();
        Ed25519.KeyPair workerKey = Ed25519.KeyPair.generate();
        String worker = node.signIn(workerKey);

        assertThat(node.post("/v1/pouw/jobs/claim", "{\"cores\": 0}", worker).field()).isEqualTo("cores");
        assertThat(node.post("/v1/pouw/jobs/claim", "{\"cores\": 100000}", worker).field()).isEqualTo("cores");
        assertThat(node.post("/v1/pouw/jobs/claim", "{\"accelerators\": [\"gpu\"]}", worker).field())
                .isEqualTo("accelerators");
        assertThat(node.post("/v1/pouw/jobs/claim", "{\"accelerators\": \"avx2\"}", worker).field())
                .isEqualTo("accelerators");
        assertThat(node.post("/v1/pouw/jobs/claim", "{}", worker).status()).as("undeclared: one core, none")
                .isEqualTo(204);
        assertThat(node.post("/v1/pouw/jobs/claim", "{\"cores\": 16}", worker).status()).as("no avx2")
                .isEqualTo(204);
        assertThat(node.post("/v1/pouw/jobs/claim", "{\"cores\": 3, \"accelerators\": [\"avx2\"]}", worker)
                .status()).as("three cores").isEqualTo(204);
        RunningNode.Reply taken = node.post("/v1/pouw/jobs/claim",
                "{\"cores\": 4, \"accelerators\": [\"avx2\", \"cuda\"]}", worker);
        assertThat(taken.status()).isEqualTo(200);
        assertThat(taken.json().path("jobs").path(0).path("job_id").asString()).isEqualTo(jobId);

        JsonNode shown = null;
        for (JsonNode prover : node.get("/v1/pouw/provers").json().path("provers")) {
            if (prover.path("prover_id").asString().equals(workerKey.did().toString())) {
                shown = prover;
            }
        }
        assertThat(shown).as("the worker is listed once it has claimed").isNotNull();
        assertThat(shown.path("pace_permille").asLong()).isEqualTo(1_000);
        assertThat(shown.path("pace_measured").asBoolean()).isFalse();
        assertThat(shown.path("pace_at_ms").isNull()).isTrue();
        assertThat(shown.path("pace_offered_permille").asLong()).isEqualTo(1_000);
    }

    /**
     * Pending work per identity is capped over HTTP (issue 27, item 1): past market.max_open_steps_per_requester an
     * intent is answered 429 with the numbers and charges nothing; another requester still posts.
     */
    @Test
    void aRequesterPastItsOpenWorkCapIsRefusedWith429AndChargedNothing() {
        node.close();
        Ed25519.KeyPair other = Ed25519.KeyPair.generate();
        node = new RunningNode(dir.resolve("capped"), Map.of("genesis", client.did() + "=1000000," + other.did()
                + "=1000000", "market.max_open_steps_per_requester", "150"), clock);
        String token = node.signIn(client);
        RunningNode.Reply first = node.post("/v1/intents", intent(1_000), token);
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.json().path("steps").asLong()).as("fibonacci(20) fits once, not twice").isBetween(76L, 150L);

        RunningNode.Reply second = node.post("/v1/intents", intent(1_000), token);
        assertThat(second.status()).isEqualTo(429);
        assertThat(second.json().path("error").path("code").asString()).isEqualTo("rate_limited");
        assertThat(second.json().path("error").path("message").asString())
                .contains("cap of 150", "market.max_open_steps_per_requester");
        assertThat(balance()).isEqualTo(1_000_000 - 1_000);
        assertThat(node.post("/v1/intents", intent(1_000), node.signIn(other)).status()).isEqualTo(201);
    }

    /**
     * The reverse auction and collateral over HTTP (issue 27, items 2 and 4): a worker without free balance is
     * refused 402 naming collateral and takes nothing; a funded one gets the job at the floor's price with its
     * collateral locked (twice the base: a new identity has no reputation), and giving the job up forfeits a quarter
     * of it, held on the job for whoever completes it.
     */
    @Test
    void aClaimLocksCollateralAtTheAuctionsPriceAndAnAbandonedLeaseForfeitsItsShare() {
        node.close();
        Ed25519.KeyPair worker = Ed25519.KeyPair.generate();
        Ed25519.KeyPair broke = Ed25519.KeyPair.generate();
        node = new RunningNode(dir.resolve("auction"), Map.of("genesis", client.did() + "=1000000," + worker.did()
                + "=20000", "market.auction.ramp_ms", "60000", "market.auction.floor_permille", "500",
                "market.collateral.permille", "1000", "market.collateral.forfeit_permille", "250"), clock);
        RunningNode.Reply posted = node.post("/v1/intents", intent(10_000), node.signIn(client));
        assertThat(posted.status()).isEqualTo(201);
        String jobId = posted.json().path("job_ids").path(0).asString();
        assertThat(node.get("/v1/pouw/jobs/" + jobId).json().path("price").isNull()).isTrue();

        RunningNode.Reply refused = node.post("/v1/pouw/jobs/claim", "{}", node.signIn(broke));
        assertThat(refused.status()).isEqualTo(402);
        assertThat(refused.field()).isEqualTo("collateral");
        assertThat(node.get("/v1/pouw/jobs/" + jobId).json().path("status").asString()).isEqualTo("pending");

        String token = node.signIn(worker);
        RunningNode.Reply taken = node.post("/v1/pouw/jobs/claim", "{}", token);
        assertThat(taken.status()).isEqualTo(200);
        JsonNode job = taken.json().path("jobs").path(0);
        assertThat(job.path("price").asLong()).as("half the 9000 budget, at the ramp's start").isEqualTo(4_500);
        assertThat(job.path("collateral").asLong()).as("a new prover locks twice the base").isEqualTo(9_000);
        RunningNode.Reply failed = node.post("/v1/pouw/jobs/" + jobId + "/fail", RunningNode.JSON.createObjectNode()
                .put("lease_token", job.path("lease").path("token").asString()).put("reason", "gave up"), token);
        assertThat(failed.status()).isEqualTo(200);
        assertThat(node.get("/v1/ledger/accounts/" + worker.did()).json().path("balance").asLong())
                .isEqualTo(20_000 - 2_250);
        JsonNode after = node.get("/v1/pouw/jobs/" + jobId).json();
        assertThat(after.path("forfeits_held").asLong()).isEqualTo(2_250);
        assertThat(after.path("collateral").asLong()).isZero();
        assertThat(after.path("price").asLong()).isEqualTo(4_500);
        String workerId = worker.did().toString();
        JsonNode record = node.get("/v1/pouw/provers").json().path("provers").valueStream()
                .filter(p -> p.path("prover_id").asString().equals(workerId)).findFirst().orElseThrow();
        assertThat(record.path("jobs_failed").asLong()).isEqualTo(1);
        assertThat(record.path("reputation_permille").asLong()).isZero();
        assertThat(record.path("level").asString()).as("no result yet: probation").isEqualTo("probation");
    }

    /**
     * The market's public state over HTTP (issue 27, items 1 and 5): a job proven 3 seconds after posting shows in
     * its kind and tier's depth, throughput and time to proof, in its prover's on-time record and, for its client
     * only, in {@code yours}; the job itself says what it took against its deadline. A window outside the closed
     * list is 400 naming it, and a bad token 401.
     */
    @Test
    void theMarketShowsDepthThroughputAndServiceLevelsAndAClientItsOwn() {
        Ed25519.KeyPair worker = Ed25519.KeyPair.generate();
        String clientToken = node.signIn(client);
        RunningNode.Reply posted = node.post("/v1/intents", intent(10_000), clientToken);
        assertThat(posted.status()).isEqualTo(201);
        String jobId = posted.json().path("job_ids").path(0).asString();
        JsonNode waiting = node.get("/v1/pouw/market").json().path("queues").path(0);
        assertThat(waiting.path("kind").asString()).isEqualTo("reexec");
        assertThat(waiting.path("pending_jobs").asLong()).isEqualTo(1);
        assertThat(waiting.path("completed").asLong()).isZero();

        clock.advance(MarketViews.FRESH_MS);
        String workerToken = node.signIn(worker);
        RunningNode.Reply claimed = node.post("/v1/pouw/jobs/claim", "{}", workerToken);
        assertThat(claimed.status()).isEqualTo(200);
        JsonNode job = claimed.json().path("jobs").path(0);
        WorkItem item = new WorkItem(jobId, "reexec", Tier.MACRO, job.path("trace_hash").asString(),
                job.path("trace_ref").asString(), RunningNode.JSON.writeValueAsString(job.path("params")),
                key -> node.get("/v1/pouw/blobs/" + key + "?job_id=" + jobId, workerToken).bytes());
        byte[] proof = new ReexecKind().prove(item, ProgressListener.NONE, ChallengeChannel.NONE);
        clock.advance(1_000);
        RunningNode.Reply submitted = node.post("/v1/pouw/jobs/" + jobId + "/submit", RunningNode.JSON
                .createObjectNode().put("lease_token", job.path("lease").path("token").asString())
                .put("proof", Base64.getEncoder().encodeToString(proof)), workerToken);
        assertThat(submitted.status()).isEqualTo(200);
        JsonNode done = node.get("/v1/pouw/jobs/" + jobId).json();
        assertThat(done.path("time_to_proof_ms").asLong()).isEqualTo(MarketViews.FRESH_MS + 1_000);
        assertThat(done.path("on_time").asBoolean()).isTrue();

        clock.advance(MarketViews.FRESH_MS);
        JsonNode market = node.get("/v1/pouw/market").json();
        assertThat(market.path("window_ms").asLong()).isEqualTo(3_600_000);
        JsonNode reexec = market.path("queues").path(0);
        assertThat(reexec.path("tier").asString()).isEqualTo("macro");
        assertThat(reexec.path("pending_jobs").asLong()).isZero();
        assertThat(reexec.path("completed").asLong()).isEqualTo(1);
        assertThat(reexec.path("completed_per_hour").asLong()).isEqualTo(1);
        assertThat(reexec.path("on_time_permille").asLong()).isEqualTo(1000);
        assertThat(reexec.path("time_to_proof_p50_ms").asLong()).isEqualTo(MarketViews.FRESH_MS + 1_000);
        assertThat(market.path("provers").path(0).path("prover_id").asString()).isEqualTo(worker.did().toString());
        assertThat(market.has("yours")).as("anonymous: no client of its own").isFalse();
        JsonNode yours = node.get("/v1/pouw/market?window_ms=300000", clientToken).json().path("yours");
        assertThat(yours.path(0).path("completed").asLong()).isEqualTo(1);
        assertThat(node.get("/v1/pouw/market", workerToken).json().path("yours").size())
                .as("the worker posted nothing").isZero();

        String scrape = new String(node.get("/v1/pouw/metrics").bytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(scrape).contains("pouw_market_completed_per_hour{kind=\"reexec\",tier=\"macro\"} 1.0")
                .contains("pouw_market_on_time_permille{kind=\"reexec\",tier=\"macro\"} 1000.0");
        assertThat(node.get("/v1/pouw/market?window_ms=5").field()).isEqualTo("window_ms");
        assertThat(node.get("/v1/pouw/market", "not-a-token").status()).isEqualTo(401);
    }

}

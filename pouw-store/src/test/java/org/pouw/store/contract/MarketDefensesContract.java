package org.pouw.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.SettableClock;
import org.pouw.core.id.Did;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.Job;
import org.pouw.core.job.JobQuery;
import org.pouw.core.job.JobStatus;
import org.pouw.core.job.Tier;
import org.pouw.core.market.IdempotencyKey;
import org.pouw.core.market.IntentDraft;
import org.pouw.core.market.IntentRecord;
import org.pouw.core.market.JobMarket;
import org.pouw.core.market.MarketObserver;
import org.pouw.core.market.MarketSettings;
import org.pouw.core.market.PlannedJob;
import org.pouw.core.port.StoreTx;
import org.pouw.core.standing.Standing;
import org.pouw.core.work.WorkKinds;
import org.pouw.store.support.AuditedEchoKind;
import org.pouw.store.support.EchoKind;
import org.pouw.store.support.MarketBench;
import org.pouw.store.support.SampleJobs;

/**
 * Issue 18's market defences on each database, each test the attack it stops: free dead-lettering by one identity,
 * by a swarm of fresh ones and by an address prefix (defect 1), and a lost answer to an intent (defect 10). The
 * market runs with its default discipline; time moves only when a test turns the crank.
 */
public abstract class MarketDefensesContract extends StorageTestBase {
    private static final long START = 1_700_000_000_000L;
    private static final MarketSettings SETTINGS = MarketSettings.defaults();
    private static final Did HONEST = Did.of(SampleJobs.did("honest"));

    private final SettableClock clock = new SettableClock(START);
    private MarketBench bench;
    private JobMarket market;

    @BeforeEach
    void openMarket() {
        bench = new MarketBench(storage, clock, new WorkKinds(List.of(new EchoKind(), new AuditedEchoKind())),
                MarketObserver.NONE, SETTINGS);
        market = bench.market();
        bench.fund(MarketBench.CLIENT, 10_000_000);
    }

    private static ClaimRequest upTo(int jobs) {
        return new ClaimRequest(List.of(), List.of(), jobs, 0);
    }

    /**
     * Opens {@code intents} intents of one echo job each, every one from its own funded requester: on a public market a
     * griefer fails many requesters' work, and one requester's open jobs weigh at most one strike (docs/economics.md,
     * "Strikes bounded per requester until the job is done"; StrikesPerRequesterContract).
     */
    private void openFromManyRequesters(int intents, long fee) {
        for (int i = 0; i < intents; i++) {
            String requester = SampleJobs.did("requester-" + i);
            bench.fund(requester, 10 * fee);
            bench.openFor(requester, 1, fee);
        }
    }

    private static Did attacker(int i) {
        return Did.of(SampleJobs.did("attacker-" + i));
    }

    /** Fails everything the attacker can claim until the market refuses it; how many leases it failed. */
    private int failUntilRefused(Did attacker, String network) {
        int failed = 0;
        while (true) {
            List<Job> claimed;
            try {
                claimed = market.claim(attacker, network, upTo(256));
            } catch (PouwException refused) {
                assertThat(refused.problem()).isEqualTo(Problem.QUARANTINED);
                assertThat(refused.getMessage()).contains("quarantined");
                return failed;
            }
            assertThat(claimed.size()).as("a new identity holds at most new_prover_max_jobs")
                    .isLessThanOrEqualTo(SETTINGS.discipline().newProverMaxJobs());
            assertThat(claimed).as("an unquarantined attacker finds work until its budget is spent").isNotEmpty();
            for (Job job : claimed) {
                assertThat(job.leaseExpiresAtMs() - clock.millis()).isLessThanOrEqualTo(
                        SETTINGS.discipline().newProverMaxLeaseMs());
                market.fail(job.jobId(), attacker, job.leaseToken(), "griefing");
                failed++;
            }
        }
    }

    /** One small claim by the honest prover, each job completed (leaving the swarm work to grief); how many. */
    private int completeSome(Did prover) {
        List<Job> claimed = market.claim(prover, "198.51.100.7", upTo(2));
        for (Job job : claimed) {
            assertThat(market.submit(job.jobId(), prover, job.leaseToken(), EchoKind.proofFor(job.params()))
                    .verdict().accepted()).isTrue();
        }
        return claimed.size();
    }

    /** The honest prover completes whatever it can claim; how many. */
    private int completeAll(Did prover) {
        int done = 0;
        List<Job> claimed;
        while (!(claimed = market.claim(prover, "198.51.100.7", upTo(16))).isEmpty()) {
            for (Job job : claimed) {
                assertThat(market.submit(job.jobId(), prover, job.leaseToken(), EchoKind.proofFor(job.params()))
                        .verdict().accepted()).isTrue();
                done++;
            }
        }
        return done;
    }

    private List<Job> jobs(JobStatus status) {
        return storage.read((StoreTx tx) -> tx.jobs().list(new JobQuery(status, null, null, null, 0, 10_000)));
    }

    @Test
    void one_identity_failing_all_it_claims_is_quarantined_and_no_honest_job_is_dead_lettered() {
        openFromManyRequesters(40, 1_000);
        Did griefer = attacker(0);

        int failed = failUntilRefused(griefer, "203.0.113.9");

        // A new identity may fail a job twice (its attempts spend no retry), and a second failure of one requester's
        // open job weighs nothing more: at most two failures a counted strike before the last, then the leases it
        // still held when it reached the budget.
        assertThat(failed).as("the budget, second failures of the same jobs, and the leases held at the end")
                .isBetween(SETTINGS.discipline().strikeBudget(),
                        2 * (SETTINGS.discipline().strikeBudget() - 1) + SETTINGS.discipline().newProverMaxJobs());
        assertThat(market.standing(griefer.text()).standing()).isEqualTo(Standing.QUARANTINED);
        assertThat(market.standing(griefer.text()).reason()).contains("budget " + SETTINGS.discipline()
                .strikeBudget());
        assertThat(market.quarantinedProvers()).isEqualTo(1);
        assertThat(jobs(JobStatus.DEAD_LETTER)).isEmpty();
        assertThat(completeAll(HONEST)).isEqualTo(40);
        assertThat(jobs(JobStatus.COMPLETED)).hasSize(40);
    }

    @Test
    void a_swarm_of_fifty_fresh_identities_leaves_honest_work_done_and_every_attacker_quarantined() {
        openFromManyRequesters(30, 1_000);
        List<Did> swarm = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            swarm.add(attacker(i));
        }
        // Each attacker comes from its own address, so only the per-identity rules can stop it.
        for (int i = 0; i < swarm.size(); i++) {
            failUntilRefused(swarm.get(i), "192.0.2." + i);
            if (i % 10 == 0) {
                completeSome(HONEST); // the honest worker keeps working while the swarm attacks
            }
        }
        completeAll(HONEST);

        assertThat(jobs(JobStatus.DEAD_LETTER)).isEmpty();
        assertThat(jobs(JobStatus.PENDING)).isEmpty();
        assertThat(jobs(JobStatus.COMPLETED)).hasSize(30);
        assertThat(swarm).allSatisfy(did -> assertThat(market.standing(did.text()).standing())
                .isEqualTo(Standing.QUARANTINED));
        assertThat(market.quarantinedProvers()).isEqualTo(50);
        assertThat(market.standing(HONEST.text()).standing()).isEqualTo(Standing.GOOD);
    }

    @Test
    void fresh_identities_sharing_an_address_prefix_are_quarantined_together() {
        openFromManyRequesters(40, 1_000);
        String network = "2001:db8:7:1::/64";
        int perIdentity = SETTINGS.discipline().strikeBudget() - 1; // each stays under its own budget
        int identities = SETTINGS.discipline().networkStrikeBudget() / perIdentity + 1;
        for (int i = 0; i < identities; i++) {
            Did one = attacker(100 + i);
            List<Job> claimed;
            try {
                claimed = market.claim(one, network, upTo(perIdentity));
            } catch (PouwException refused) {
                assertThat(refused.problem()).isEqualTo(Problem.QUARANTINED);
                break;
            }
            for (Job job : claimed) {
                market.fail(job.jobId(), one, job.leaseToken(), "griefing from a shared prefix");
            }
        }

        assertThatThrownBy(() -> market.claim(attacker(999), network, upTo(1)))
                .as("a brand-new identity from the prefix is refused too")
                .isInstanceOfSatisfying(PouwException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.QUARANTINED);
                    assertThat(e.getMessage()).contains("address prefix");
                });
        assertThat(market.claim(attacker(998), "2001:db8:7:2::/64", upTo(1))).as("the next prefix is not")
                .hasSize(1);
        assertThat(jobs(JobStatus.DEAD_LETTER)).isEmpty();
    }

    @Test
    void an_audited_attempt_counts_against_max_retries_whoever_made_it() {
        IntentRecord audited = bench.openAudited(1_000, false);
        for (int i = 0; i < SETTINGS.maxRetries(); i++) {
            Did fresh = attacker(200 + i);
            Job job = market.claim(fresh, "192.0.2.200", upTo(1)).getFirst();
            market.commit(job.jobId(), fresh, job.leaseToken(), AuditedEchoKind.commitmentFor(job.params()));
            market.fail(job.jobId(), fresh, job.leaseToken(), "saw the challenge and walked away");
        }
        assertThat(market.job(audited.jobs().getFirst().jobId()).orElseThrow().status())
                .as("three audited attempts by three fresh identities spend the three retries")
                .isEqualTo(JobStatus.DEAD_LETTER);

        IntentRecord plain = bench.open(1, 1_000);
        for (int i = 0; i < SETTINGS.maxRetries(); i++) {
            Did fresh = attacker(300 + i);
            Job job = market.claim(fresh, "192.0.2.201", upTo(1)).getFirst();
            market.fail(job.jobId(), fresh, job.leaseToken(), "no challenge seen");
        }
        Job after = market.job(plain.jobs().getFirst().jobId()).orElseThrow();
        assertThat(after.status()).as("unaudited failures by new identities are discounted")
                .isEqualTo(JobStatus.PENDING);
        assertThat(after.maxRetries()).isEqualTo(SETTINGS.maxRetries() * 2);
    }

    @Test
    void a_job_failed_twice_by_a_prover_is_not_offered_to_it_again() {
        IntentRecord record = bench.open(1, 1_000);
        Did prover = attacker(400);
        for (int i = 0; i < 2; i++) {
            Job job = market.claim(prover, "192.0.2.40", upTo(1)).getFirst();
            market.fail(job.jobId(), prover, job.leaseToken(), "failed again");
        }
        assertThat(market.claim(prover, "192.0.2.40", upTo(1))).isEmpty();
        assertThat(market.claim(HONEST, "198.51.100.7", upTo(1))).extracting(Job::jobId)
                .containsExactly(record.jobs().getFirst().jobId());
    }

    @Test
    void a_lease_that_runs_out_while_the_node_is_down_counts_for_nothing() {
        bench.open(2, 2_000);
        completeAll(HONEST); // good standing: its failures would count
        bench.open(2, 2_000);
        List<Job> held = market.claim(HONEST, "198.51.100.7", upTo(2));
        assertThat(held).hasSize(2);
        long expiry = held.getFirst().leaseExpiresAtMs();

        clock.set(expiry - 1_000);
        market.noteOutage(); // what the reaper does when it cannot reach the database
        clock.set(expiry + 5_000);
        market.reap(100);

        Job first = market.job(held.getFirst().jobId()).orElseThrow();
        assertThat(first.status()).as("extended, not reaped").isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(first.leaseExpiresAtMs()).isGreaterThan(clock.millis());
        // One holder came back and finished; the other gave up during the outage and never returned.
        market.submit(first.jobId(), HONEST, first.leaseToken(), EchoKind.proofFor(first.params()));
        clock.advance(SETTINGS.discipline().graceMs() + 1);
        market.reap(100);

        Job abandoned = market.job(held.get(1).jobId()).orElseThrow();
        assertThat(abandoned.status()).isEqualTo(JobStatus.PENDING);
        assertThat(abandoned.maxRetries()).as("the lapse spent no retry").isEqualTo(SETTINGS.maxRetries() + 1);
        assertThat(storage.read((StoreTx tx) -> tx.standing().strikesOfProver(HONEST.text(), 0))).isZero();
        assertThat(market.standing(HONEST.text()).standing()).isEqualTo(Standing.GOOD);
    }

    @Test
    void a_quarantine_survives_a_restart_and_ends_in_probation() {
        openFromManyRequesters(8, 1_000);
        Did griefer = attacker(500);
        failUntilRefused(griefer, "203.0.113.50");

        storage.close();
        storage = database.open();
        JobMarket restarted = new JobMarket(storage, clock, new WorkKinds(List.of(new EchoKind())), SETTINGS,
                MarketObserver.NONE);
        assertThat(restarted.standing(griefer.text()).standing()).isEqualTo(Standing.QUARANTINED);
        assertThatThrownBy(() -> restarted.claim(griefer, "203.0.113.50", upTo(1)))
                .isInstanceOfSatisfying(PouwException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.QUARANTINED));

        clock.advance(SETTINGS.discipline().quarantineMs() + 1);
        assertThat(restarted.standing(griefer.text()).standing()).isEqualTo(Standing.PROBATION);
        assertThat(restarted.claim(griefer, "203.0.113.50", upTo(256)))
                .as("on probation it may claim again, capped like a new identity")
                .hasSizeLessThanOrEqualTo(SETTINGS.discipline().newProverMaxJobs()).isNotEmpty();
        assertThat(restarted.quarantinedProvers()).isZero();
    }

    private IntentDraft draft(Did requester, long fee, String program) {
        String traceRef = storage.blobs().put(("trace " + program).getBytes());
        return new IntentDraft(requester, SampleJobs.hash(program), "[1]", 1_000, Tier.MACRO, fee, "[2]", 10,
                SampleJobs.hash32("trace " + program), traceRef, List.of(new PlannedJob(EchoKind.NAME,
                        SampleJobs.hash32("segment " + program), traceRef, "{\"p\":\"" + program + "\"}")));
    }

    private long jobCount() {
        return storage.read((StoreTx tx) -> tx.jobs().list(new JobQuery(null, null, null, null, 0, 1000))).size();
    }

    @Test
    void the_same_key_and_request_give_the_same_intent_once() {
        Did client = Did.of(MarketBench.CLIENT);
        IntentRecord first = market.open(draft(client, 500, "a"), new IdempotencyKey("k-1", "hash-a"));
        IntentRecord again = market.open(draft(client, 500, "a"), new IdempotencyKey("k-1", "hash-a"));

        assertThat(again.intent().intentId()).isEqualTo(first.intent().intentId());
        // on PostgreSQL a created intent's events are unnumbered until commit: the replay is told by the flag
        assertThat(first.isReplay()).as("the first is created").isFalse();
        assertThat(again.isReplay()).as("the second is the first answered again").isTrue();
        assertThat(again.jobs()).extracting(Job::jobId).isEqualTo(first.jobs().stream().map(Job::jobId).toList());
        assertThat(again.ledgerSeq()).isEqualTo(first.ledgerSeq());
        assertThat(jobCount()).as("one intent's job, not two").isEqualTo(1);

        assertThatThrownBy(() -> market.open(draft(client, 900, "b"), new IdempotencyKey("k-1", "hash-b")))
                .isInstanceOfSatisfying(PouwException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.CONFLICT);
                    assertThat(e.field()).isEqualTo("Idempotency-Key");
                });
        assertThat(jobCount()).isEqualTo(1);

        Did other = Did.of(SampleJobs.did("other-client"));
        bench.fund(other.text(), 1_000);
        assertThat(market.open(draft(other, 500, "a"), new IdempotencyKey("k-1", "hash-a")).intent().intentId())
                .as("keys are per requester").isNotEqualTo(first.intent().intentId());
        assertThat(market.open(draft(client, 500, "e")).isReplay()).as("created without a key").isFalse();
    }

    @Test
    void only_a_created_intent_binds_its_key() {
        Did poor = Did.of(SampleJobs.did("poor-client"));
        assertThatThrownBy(() -> market.open(draft(poor, 500, "c"), new IdempotencyKey("k-2", "hash-c")))
                .isInstanceOfSatisfying(PouwException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.INSUFFICIENT_FUNDS));
        assertThat(storage.read((StoreTx tx) -> tx.jobs().idempotencyBinding(poor.text(), "k-2"))).isEmpty();

        bench.fund(poor.text(), 500);
        IntentRecord paid = market.open(draft(poor, 500, "c"), new IdempotencyKey("k-2", "hash-c"));
        assertThat(storage.read((StoreTx tx) -> tx.jobs().idempotencyBinding(poor.text(), "k-2")))
                .hasValueSatisfying(b -> assertThat(b.intentId()).isEqualTo(paid.intent().intentId()));
    }

    @Test
    void the_reaper_forgets_keys_after_their_retention() {
        Did client = Did.of(MarketBench.CLIENT);
        IntentRecord first = market.open(draft(client, 10, "d"), new IdempotencyKey("k-3", "hash-d"));
        clock.advance(SETTINGS.idempotencyRetentionMs() - 1);
        market.reap(100);
        assertThat(market.replay(client, new IdempotencyKey("k-3", "hash-d"))).isPresent();

        clock.advance(2);
        market.reap(100);
        assertThat(market.replay(client, new IdempotencyKey("k-3", "hash-d"))).isEmpty();
        assertThat(market.open(draft(client, 10, "e"), new IdempotencyKey("k-3", "hash-e")).intent().intentId())
                .as("after its retention the key is free").isNotEqualTo(first.intent().intentId());
    }
}

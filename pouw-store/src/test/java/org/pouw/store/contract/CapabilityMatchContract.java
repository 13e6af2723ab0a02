package org.pouw.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.SettableClock;
import org.pouw.core.id.Did;
import org.pouw.core.id.JobId;
import org.pouw.core.job.Accelerator;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.Job;
import org.pouw.core.job.JobNeeds;
import org.pouw.core.job.MachineNeeds;
import org.pouw.core.job.QueueStats;
import org.pouw.core.job.Tier;
import org.pouw.core.job.WorkerCapacity;
import org.pouw.core.market.ClaimAnswer;
import org.pouw.core.market.ClaimOrder;
import org.pouw.core.market.IntentDraft;
import org.pouw.core.market.JobCaps;
import org.pouw.core.market.JobMarket;
import org.pouw.core.market.MarketObserver;
import org.pouw.core.market.PlannedJob;
import org.pouw.core.port.StoreTx;
import org.pouw.core.standing.ProverPace;
import org.pouw.core.work.WorkKinds;
import org.pouw.store.support.EchoKind;
import org.pouw.store.support.MarketBench;
import org.pouw.store.support.SampleJobs;

/**
 * Matching by capability (issue 27, item 3; docs/economics.md, "Matching by capability"): a worker that declares its
 * memory or its largest job is offered only the jobs that fit, in single claims and in claim groups alike;
 * declarations only filter; work no worker could deliver is refused at posting, naming the field, and changes
 * nothing. On every storage adapter (on PostgreSQL the group goes through the claim-group function).
 */
public abstract class CapabilityMatchContract extends StorageTestBase {
    private static final Did CLIENT = Did.of(MarketBench.CLIENT);
    private static final Did SMALL = Did.of(SampleJobs.did("small-worker"));
    private static final Did LARGE = Did.of(SampleJobs.did("large-worker"));
    private static final Did FAST = Did.of(SampleJobs.did("fast-worker"));
    private static final Did PARTNER = Did.of(SampleJobs.did("partner"));
    /** Echo work at the slowest assumed speed of two units a second: a job's units are twice its seconds. */
    private static final JobCaps CAPS = new JobCaps(8_192, 1_000_000)
            .withTimes(7_200_000, Map.of(EchoKind.NAME, 2L));
    private static final long TTL_MS = MarketBench.SETTINGS.jobTtlMs();

    private final SettableClock clock = new SettableClock(1_700_000_000_000L);
    private JobMarket market;
    private int intents;

    @BeforeEach
    void openMarket() {
        MarketBench bench = new MarketBench(storage, clock, new WorkKinds(List.of(new EchoKind())),
                MarketObserver.NONE, MarketBench.SETTINGS.withJobCaps(CAPS));
        market = bench.market();
        bench.fund(CLIENT.text(), 10_000_000);
        bench.fund(FAST.text(), 10_000_000);
        bench.fund(PARTNER.text(), 10_000_000);
    }

    /** One job of {@code units} work units needing {@code memoryMb}, paying from {@code fee}; its id. */
    private JobId post(long fee, long units, long memoryMb) {
        return market.open(draft(fee, units, new JobNeeds(memoryMb, 1_000, "model"))).jobs().getFirst().jobId();
    }

    private IntentDraft draft(long fee, long units, JobNeeds needs) {
        return draft(CLIENT, fee, units, needs);
    }

    private IntentDraft draft(Did requester, long fee, long units, JobNeeds needs) {
        clock.advance(1);
        int number = ++intents;
        String traceRef = storage.blobs().put(("trace " + number).getBytes());
        return new IntentDraft(requester, SampleJobs.hash("program"), "[1]", 10_000, Tier.MACRO, fee, "[2]", 10,
                SampleJobs.hash32("trace " + number), traceRef, List.of(new PlannedJob(EchoKind.NAME,
                SampleJobs.hash32("segment " + number), traceRef, "{\"intent\":" + number + "}", units, needs)));
    }

    private static ClaimRequest claim(int max, WorkerCapacity capacity) {
        return new ClaimRequest(List.of(), List.of(), max, 0, false, 0, capacity);
    }

    private List<JobId> ids(List<Job> jobs) {
        return jobs.stream().map(Job::jobId).toList();
    }

    @Test
    void a_worker_declaring_its_memory_is_offered_only_jobs_that_fit_it() {
        JobId big = post(9_000, 1, 6_000);
        JobId small = post(1_000, 1, 512);
        JobId unstated = post(1_000, 1, 0);

        assertThat(ids(market.claim(SMALL, claim(10, new WorkerCapacity(1_024, 0)))))
                .as("the best-paying job needs 6,000 MiB; this worker has 1,024").containsExactly(small, unstated);
        assertThat(ids(market.claim(LARGE, claim(10, new WorkerCapacity(8_192, 0))))).containsExactly(big);
    }

    @Test
    void a_worker_declaring_its_largest_job_is_offered_none_larger() {
        JobId large = post(9_000, 5_000, 0);
        JobId fits = post(1_000, 100, 0);

        assertThat(ids(market.claim(SMALL, claim(10, new WorkerCapacity(0, 1_000))))).containsExactly(fits);
        assertThat(market.claim(SMALL, claim(10, new WorkerCapacity(0, 4_999)))).isEmpty();
        assertThat(ids(market.claim(LARGE, claim(10, new WorkerCapacity(0, 5_000))))).containsExactly(large);
    }

    @Test
    void a_claim_group_honours_each_orders_declarations() {
        JobId big = post(9_000, 10, 6_000);
        JobId small = post(1_000, 10, 256);

        List<ClaimAnswer> answers = market.claimTogether(List.of(
                new ClaimOrder(SMALL, "", claim(1, new WorkerCapacity(1_024, 0))),
                new ClaimOrder(LARGE, "", claim(1, WorkerCapacity.UNDECLARED))));
        assertThat(ids(answers.get(0).jobsOrThrow()))
                .as("the small worker, first in the group, still skips the big job")
                .containsExactly(small);
        assertThat(ids(answers.get(1).jobsOrThrow())).containsExactly(big);
    }

    @Test
    void declarations_only_filter_declaring_more_earns_no_better_place() {
        JobId first = post(1_000, 1, 100);
        JobId second = post(1_000, 1, 100);

        assertThat(ids(market.claim(LARGE, claim(1, new WorkerCapacity(1L << 30, 1L << 40)))))
                .as("a boastful declaration is served as any other, oldest first among equals").containsExactly(first);
        assertThat(ids(market.claim(SMALL, claim(1, WorkerCapacity.UNDECLARED)))).containsExactly(second);
    }

    @Test
    void work_no_worker_could_deliver_is_refused_at_posting_naming_the_field_and_changes_nothing() {
        long balance = storage.read((StoreTx tx) -> tx.ledger().balance(CLIENT.text()));
        QueueStats before = storage.read((StoreTx tx) -> tx.jobs().stats());

        assertThatThrownBy(() -> market.open(draft(1_000, 1, new JobNeeds(CAPS.memoryMb() + 1, 0, "model"))))
                .isInstanceOfSatisfying(PouwException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.INVALID_REQUEST);
                    assertThat(e.field()).isEqualTo("model");
                    assertThat(e.getMessage()).contains("8193 MiB", "market.max_job_memory_mb");
                });
        assertThatThrownBy(() -> market.open(draft(1_000, 1, new JobNeeds(1, CAPS.resultBytes() + 1, "model"))))
                .isInstanceOfSatisfying(PouwException.class, e -> {
                    assertThat(e.field()).isEqualTo("model");
                    assertThat(e.getMessage()).contains("1000001 bytes", "http.max_upload_bytes");
                });
        assertThat(storage.read((StoreTx tx) -> tx.ledger().balance(CLIENT.text()))).isEqualTo(balance);
        assertThat(storage.read((StoreTx tx) -> tx.jobs().stats())).isEqualTo(before);
        assertThat(market.open(draft(1_000, 1, new JobNeeds(CAPS.memoryMb(), CAPS.resultBytes(), "model"))).jobs())
                .as("at the caps exactly").hasSize(1);
    }

    // ---- matching by time (docs/economics.md, "Matching by capability": the attacks on the measured speed) ----

    /** An echo job of {@code seconds} at the slowest speed, paid by {@code requester}. */
    private Job postTimed(Did requester, long seconds) {
        return market.open(draft(requester, 1_000, 2 * seconds, new JobNeeds(0, 0, "model"))).jobs().getFirst();
    }

    /** One job under a ten-minute lease (the longest a new prover gets), at the prover's pace. */
    private List<Job> claimOne(Did prover) {
        return market.claim(prover, new ClaimRequest(List.of(), List.of(), 1, 600_000, false, 0,
                WorkerCapacity.UNDECLARED));
    }

    /** {@code prover} claims the one job waiting and proves it {@code afterMs} later. */
    private void proveNext(Did prover, long afterMs) {
        List<Job> held = claimOne(prover);
        assertThat(held).as("a job for " + prover).hasSize(1);
        clock.advance(afterMs);
        Job job = held.getFirst();
        assertThat(market.submit(job.jobId(), prover, job.leaseToken(), EchoKind.proofFor(job.params())).verdict()
                .accepted()).isTrue();
    }

    private ProverPace pace(Did prover) {
        return storage.read((StoreTx tx) -> tx.jobs().pace(prover.text()));
    }

    @Test
    void a_fresh_identity_is_offered_only_what_it_can_finish_before_the_deadline_at_the_slowest_speed() {
        Job tight = postTimed(CLIENT, 1_800); // half an hour at the slowest speed, an hour to its deadline
        clock.advance(TTL_MS - 1_800_000 + 1);
        assertThat(claimOne(FAST)).as("29:59 left for 30 minutes of work").isEmpty();
        Job fresh = postTimed(CLIENT, TTL_MS / 1_000);
        assertThat(ids(claimOne(FAST))).as("never offered nothing: what was accepted fits a fresh worker when posted")
                .containsExactly(fresh.jobId());
        assertThat(storage.read((StoreTx tx) -> tx.jobs().find(tight.jobId())).orElseThrow().status().wire())
                .isEqualTo("pending");
    }

    @Test
    void work_that_cannot_finish_in_time_at_the_slowest_speed_is_refused_at_posting_naming_the_field() {
        long balance = storage.read((StoreTx tx) -> tx.ledger().balance(CLIENT.text()));
        assertThatThrownBy(() -> postTimed(CLIENT, TTL_MS / 1_000 + 1))
                .isInstanceOfSatisfying(PouwException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.INVALID_REQUEST);
                    assertThat(e.field()).isEqualTo("model");
                    assertThat(e.getMessage()).contains("3601000 ms", "2 a second", "market.slowest_units_per_second",
                            "market.job_ttl_ms");
                });
        MarketBench longer = new MarketBench(storage, clock, new WorkKinds(List.of(new EchoKind())),
                MarketObserver.NONE, MarketBench.SETTINGS.withJobCaps(CAPS.withTimes(600_000,
                        CAPS.slowestUnitsPerSecond())));
        assertThatThrownBy(() -> longer.market().open(draft(1_000, 1_202, new JobNeeds(0, 0, "model"))))
                .isInstanceOfSatisfying(PouwException.class, e -> assertThat(e.getMessage())
                        .contains("market.max_job_seconds"));
        assertThat(storage.read((StoreTx tx) -> tx.ledger().balance(CLIENT.text()))).isEqualTo(balance);
    }

    @Test
    void self_paid_work_proven_at_once_raises_no_speed() {
        for (int i = 0; i < 4; i++) {
            postTimed(FAST, 600);
            proveNext(FAST, 1); // its own work, which it could have proven before claiming
        }
        assertThat(pace(FAST).permille()).isEqualTo(1_000);
        postTimed(CLIENT, 1_800);
        clock.advance(TTL_MS - 1_000_000);
        assertThat(claimOne(FAST)).as("still taken at the slowest speed").isEmpty();
    }

    @Test
    void speed_measured_on_work_paid_by_others_offers_a_fast_prover_what_a_fresh_one_is_not_offered() {
        postTimed(CLIENT, 600);
        proveNext(FAST, 60_000); // ten times the slowest speed
        assertThat(pace(FAST).permille()).as("a quarter of the way from 1 to 10 times").isEqualTo(1_000 + 2_250);
        postTimed(CLIENT, 1_800);
        clock.advance(TTL_MS - 1_000_000); // 1,000 s left for 1,800 s of work at the slowest speed
        assertThat(claimOne(SMALL)).as("a fresh identity").isEmpty();
        assertThat(claimOne(FAST)).as("twice the slowest speed (3.25, rounded down)").hasSize(1);
    }

    @Test
    void a_colluding_partner_must_pay_for_many_jobs_and_the_speed_stays_capped() {
        int paid = 0;
        while (pace(FAST).offeredAt(clock.millis()) < ProverPace.MAX && paid < 200) {
            postTimed(PARTNER, 600);
            proveNext(FAST, 1); // prepared in advance with the partner: proven the moment it is claimed
            paid++;
        }
        assertThat(paid).as("jobs the partner paid for before the cap").isGreaterThanOrEqualTo(8);
        assertThat(pace(FAST).permille()).isEqualTo(ProverPace.MAX);
        postTimed(PARTNER, 600);
        proveNext(FAST, 1);
        assertThat(pace(FAST).permille()).as("never past 16 times the slowest").isEqualTo(
                ProverPace.MAX);
    }

    @Test
    void a_speed_that_decays_is_taken_at_once_an_expired_lease_resets_it_and_an_old_one_is_forgotten() {
        for (int i = 0; i < 3; i++) {
            postTimed(CLIENT, 600);
            proveNext(FAST, 1);
        }
        assertThat(pace(FAST).permille()).isGreaterThan(8_000);
        postTimed(CLIENT, 600);
        proveNext(FAST, 300_000); // twice the slowest speed: the machine got slower
        assertThat(pace(FAST).permille()).isEqualTo(2_000);

        postTimed(CLIENT, 60);
        List<Job> held = claimOne(FAST);
        assertThat(held).hasSize(1);
        clock.advance(held.getFirst().leaseExpiresAtMs() - clock.millis() + 1);
        market.reap(100);
        assertThat(pace(FAST).permille()).as("offered what it did not finish in time").isEqualTo(1_000);

        storage.write((StoreTx tx) -> {
            tx.jobs().recordPace(FAST.text(), new ProverPace(16_000, clock.millis()));
            return null;
        });
        clock.advance(ProverPace.FORGET_AFTER_MS + 1);
        assertThat(pace(FAST).offeredAt(clock.millis())).as("a week unmeasured: a sold identity, a new machine")
                .isEqualTo(1_000);
    }

    @Test
    void a_claim_group_applies_each_provers_own_speed() {
        postTimed(CLIENT, 600);
        proveNext(FAST, 60_000);
        Job tight = postTimed(CLIENT, 1_800);
        clock.advance(TTL_MS - 1_000_000);
        List<ClaimAnswer> answers = market.claimTogether(List.of(
                new ClaimOrder(SMALL, "", claim(1, WorkerCapacity.UNDECLARED)),
                new ClaimOrder(FAST, "", claim(1, WorkerCapacity.UNDECLARED))));
        assertThat(answers.get(0).jobsOrThrow()).as("the fresh identity, first in the group").isEmpty();
        assertThat(ids(answers.get(1).jobsOrThrow())).containsExactly(tight.jobId());
    }

    // ---- cores and accelerators (docs/economics.md, "Matching by capability") ----

    /** One job paying {@code fee} whose intent requires {@code machine}; its id. */
    private JobId postRequiring(long fee, MachineNeeds machine) {
        return market.open(draft(fee, 1, JobNeeds.NONE).requiring(machine)).jobs().getFirst().jobId();
    }

    private static WorkerCapacity machine(int cores, Accelerator... accelerators) {
        long mask = 0;
        for (Accelerator a : accelerators) {
            mask |= a.bit();
        }
        return WorkerCapacity.UNDECLARED.withMachine(cores, mask);
    }

    @Test
    void a_worker_is_offered_only_jobs_needing_no_more_cores_than_it_declares_and_undeclared_is_one() {
        JobId eight = postRequiring(9_000, new MachineNeeds(8, 0));
        JobId two = postRequiring(5_000, new MachineNeeds(2, 0));
        JobId one = postRequiring(2_000, new MachineNeeds(1, 0));
        JobId unstated = post(1_000, 1, 0);

        assertThat(ids(market.claim(SMALL, claim(10, WorkerCapacity.UNDECLARED))))
                .as("a worker that declares no cores is taken to have one").containsExactly(one, unstated);
        assertThat(ids(market.claim(SMALL, claim(10, machine(7))))).as("seven cores: not the eight-core job")
                .containsExactly(two);
        assertThat(ids(market.claim(LARGE, claim(10, machine(8))))).containsExactly(eight);
    }

    @Test
    void a_worker_is_offered_only_jobs_whose_accelerators_it_all_has() {
        JobId both = postRequiring(9_000, new MachineNeeds(0, Accelerator.CUDA.bit() | Accelerator.AVX2.bit()));
        JobId avx2 = postRequiring(5_000, new MachineNeeds(0, Accelerator.AVX2.bit()));
        JobId plain = post(1_000, 1, 0);

        assertThat(ids(market.claim(SMALL, claim(10, WorkerCapacity.UNDECLARED))))
                .as("a worker that declares no accelerators has none").containsExactly(plain);
        assertThat(ids(market.claim(SMALL, claim(10, machine(0, Accelerator.AVX2, Accelerator.NEON)))))
                .as("avx2 but no cuda: not the job needing both").containsExactly(avx2);
        assertThat(market.claim(LARGE, claim(10, machine(0, Accelerator.CUDA)))).as("cuda alone is not enough")
                .isEmpty();
        assertThat(ids(market.claim(LARGE, claim(10, machine(0, Accelerator.CUDA, Accelerator.AVX2,
                Accelerator.AVX512))))).containsExactly(both);
    }

    @Test
    void a_claim_group_honours_each_orders_cores_and_accelerators() {
        JobId needy = postRequiring(9_000, new MachineNeeds(4, Accelerator.CUDA.bit()));
        JobId plain = post(1_000, 1, 0);

        List<ClaimAnswer> answers = market.claimTogether(List.of(
                new ClaimOrder(SMALL, "", claim(1, WorkerCapacity.UNDECLARED)),
                new ClaimOrder(FAST, "", claim(1, machine(4, Accelerator.AVX2))),
                new ClaimOrder(LARGE, "", claim(1, machine(16, Accelerator.CUDA)))));
        assertThat(ids(answers.get(0).jobsOrThrow())).as("first in the group, it still skips the job it cannot run")
                .containsExactly(plain);
        assertThat(answers.get(1).jobsOrThrow()).as("four cores but no cuda").isEmpty();
        assertThat(ids(answers.get(2).jobsOrThrow())).containsExactly(needy);
    }

    @Test
    void declaring_more_cores_and_accelerators_earns_no_better_place_nor_pay() {
        JobId first = post(1_000, 1, 0);
        JobId second = post(1_000, 1, 0);

        List<Job> boasted = market.claim(LARGE, claim(1, machine(MachineNeeds.MAX_CORES, Accelerator.values())));
        assertThat(ids(boasted)).as("a boastful machine is served as any other, oldest first among equals")
                .containsExactly(first);
        List<Job> plain = market.claim(SMALL, claim(1, WorkerCapacity.UNDECLARED));
        assertThat(ids(plain)).containsExactly(second);
        assertThat(boasted.getFirst().rewardBudget()).as("the same pay").isEqualTo(plain.getFirst().rewardBudget());
    }

    @Test
    void an_intents_cores_and_accelerators_are_required_together() {
        IntentDraft draft = draft(1_000, 1, JobNeeds.NONE).requiring(new MachineNeeds(3, Accelerator.SVE.bit()));
        JobId job = market.open(draft).jobs().getFirst().jobId();

        assertThat(market.claim(SMALL, claim(1, machine(2, Accelerator.SVE)))).isEmpty();
        assertThat(market.claim(SMALL, claim(1, machine(3)))).isEmpty();
        assertThat(ids(market.claim(SMALL, claim(1, machine(3, Accelerator.SVE))))).containsExactly(job);
    }
}

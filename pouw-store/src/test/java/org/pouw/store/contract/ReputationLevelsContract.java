package org.pouw.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.SettableClock;
import org.pouw.core.id.Did;
import org.pouw.core.job.Attempt;
import org.pouw.core.job.AttemptOutcome;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.Job;
import org.pouw.core.job.ReputationRecord;
import org.pouw.core.market.JobMarket;
import org.pouw.core.market.LevelConsequences;
import org.pouw.core.market.MarketObserver;
import org.pouw.core.market.MarketSettings;
import org.pouw.core.market.Reputation;
import org.pouw.core.port.StoreTx;
import org.pouw.core.standing.ProverLevel;
import org.pouw.core.work.AuditSample;
import org.pouw.core.work.WorkKinds;
import org.pouw.store.support.AuditedEchoKind;
import org.pouw.store.support.EchoKind;
import org.pouw.store.support.MarketBench;
import org.pouw.store.support.SampleJobs;

/**
 * Levels and the concurrent leases they allow (issue 27, item 4; docs/economics.md, "Levels"), on every storage
 * adapter, with the default discipline (new provers hold 4 jobs, a quarantine after 5 strikes) and levels on: an
 * allowance window of ten minutes, at most 64 leases. A margin of 1,000 (a fee of 10,000) earns one whole result.
 */
public abstract class ReputationLevelsContract extends StorageTestBase {
    private static final long UNIT = 1_000;
    private static final long FULL_FEE = 10_000;
    private static final long WINDOW_MS = 600_000;
    private static final int PROBATION_LEASES = 4;
    private static final Did A = Did.of(SampleJobs.did("prover-a"));
    private static final Did CLIENT = Did.of(MarketBench.CLIENT);
    private static final MarketSettings SETTINGS = MarketSettings.defaults().withCreditUnit(UNIT)
            .withLevels(new LevelConsequences(true, 64, WINDOW_MS, 8));

    private final SettableClock clock = new SettableClock(1_700_000_000_000L);
    private final AuditedEchoKind audited = new AuditedEchoKind();
    private MarketBench bench;
    private JobMarket market;

    @BeforeEach
    void openMarket() {
        bench = new MarketBench(storage, clock, new WorkKinds(List.of(new EchoKind(), audited)), MarketObserver.NONE,
                SETTINGS);
        market = bench.market();
        bench.fund(CLIENT.text(), 100_000_000);
    }

    private static WorkKinds kinds() {
        return new WorkKinds(List.of(new EchoKind(), new AuditedEchoKind()));
    }

    private List<Job> claim(JobMarket on, Did prover, int maxJobs) {
        return on.claim(prover, new ClaimRequest(List.of(EchoKind.NAME), List.of(), maxJobs, 60_000));
    }

    private void prove(Did prover, Job job) {
        bench.prove(prover, job);
    }

    /** {@code results} verified results of work paid by the client, one lease at a time. */
    private void earn(Did prover, int results) {
        bench.earn(prover, CLIENT.text(), FULL_FEE, results);
    }

    private ReputationRecord record(Did prover) {
        return storage.read((StoreTx tx) -> tx.jobs().reputation(prover.text()))
                .orElse(ReputationRecord.none(prover.text()));
    }

    private static Problem refusal(Runnable claim) {
        try {
            claim.run();
        } catch (PouwException refused) {
            return refused.problem();
        }
        throw new AssertionError("the claim was served");
    }

    /** Nine flawless results make a prover established, and its allowance doubles once, to 8. */
    private void establish(Did prover) {
        earn(prover, 9);
        assertThat(Reputation.permille(record(prover), clock.millis()))
                .isGreaterThanOrEqualTo(ProverLevel.ESTABLISHED_PERMILLE);
        assertThat(record(prover).leaseAllowance()).isEqualTo(2 * PROBATION_LEASES);
    }

    @Test
    void a_sybil_swarm_of_fifty_fresh_identities_each_holds_only_the_probation_allowance() {
        bench.openFor(CLIENT.text(), 50 * 8, FULL_FEE);
        int held = 0;
        for (int i = 0; i < 50; i++) {
            Did fresh = Did.of(SampleJobs.did("sybil-" + i));
            List<Job> got = claim(market, fresh, 8);
            assertThat(got).as("identity %d", i).hasSize(PROBATION_LEASES);
            held += got.size();
            assertThat(refusal(() -> claim(market, fresh, 1))).isEqualTo(Problem.RATE_LIMITED);
        }
        assertThat(held).isEqualTo(50 * PROBATION_LEASES);
    }

    @Test
    void an_allowance_doubles_at_most_once_per_window_of_verified_work() {
        establish(A);
        bench.openFor(CLIENT.text(), 64, FULL_FEE);
        List<Job> first = claim(market, A, 64);
        assertThat(first).as("established: the allowance its work earned, not the cap").hasSize(8);
        first.forEach(job -> prove(A, job));

        // Ramping faster than the doubling: eight more results within the window change nothing.
        List<Job> second = claim(market, A, 64);
        assertThat(second).hasSize(8);
        assertThat(refusal(() -> claim(market, A, 1))).isEqualTo(Problem.RATE_LIMITED);
        second.forEach(job -> prove(A, job));
        assertThat(record(A).leaseAllowance()).isEqualTo(8);

        clock.advance(WINDOW_MS);
        earn(A, 1);
        assertThat(record(A).leaseAllowance()).as("a window later, one result doubles it once").isEqualTo(16);
        earn(A, 5);
        assertThat(record(A).leaseAllowance()).isEqualTo(16);
        bench.openFor(CLIENT.text(), 64, FULL_FEE);
        assertThat(claim(market, A, 64)).hasSize(16);
    }

    @Test
    void whitewashing_after_quarantine_starts_the_new_identity_at_probation_and_the_old_one_over() {
        establish(A);
        for (int i = 0; i < 8; i++) { // eight requesters: one requester's open jobs weigh at most one strike
            String requester = SampleJobs.did("requester-" + i);
            bench.fund(requester, 10 * FULL_FEE);
            bench.openFor(requester, 1, FULL_FEE);
        }
        List<Job> held = claim(market, A, 8);
        assertThat(held).hasSize(8);
        bench.openFor(CLIENT.text(), 32, FULL_FEE);
        for (Job job : held) { // the default strike budget is 5: the fifth quarantines
            market.fail(job.jobId(), A, job.leaseToken(), "walked away");
        }
        assertThat(refusal(() -> claim(market, A, 1))).isEqualTo(Problem.QUARANTINED);
        assertThat(record(A).leaseAllowance()).as("reset by the quarantine").isZero();

        Did whitewashed = Did.of(SampleJobs.did("prover-a-again"));
        assertThat(claim(market, whitewashed, 16)).as("a new identity is on probation").hasSize(PROBATION_LEASES);
        assertThat(refusal(() -> claim(market, whitewashed, 1))).isEqualTo(Problem.RATE_LIMITED);

        clock.advance(MarketSettings.defaults().discipline().quarantineMs()
                + MarketSettings.defaults().discipline().probationMs());
        bench.openFor(CLIENT.text(), 16, FULL_FEE);
        assertThat(claim(market, A, 16)).as("after its probation, back to the probation allowance")
                .hasSize(PROBATION_LEASES);
    }

    /** Commits an audited job's lease and answers the challenge with junk: a failed audit. */
    private void failAnAudit(Did prover) {
        bench.openAudited(FULL_FEE, false);
        Job job = market.claim(prover, new ClaimRequest(List.of(AuditedEchoKind.NAME), List.of(), 1, 60_000))
                .getFirst();
        market.commit(job.jobId(), prover, job.leaseToken(), AuditedEchoKind.commitmentFor(job.params()));
        assertThat(market.submit(job.jobId(), prover, job.leaseToken(), "not the opening".getBytes()).verdict()
                .accepted()).isFalse();
    }

    @Test
    void the_challenge_audits_by_the_level_the_prover_has_when_it_commits() {
        failAnAudit(A);
        assertThat(audited.lastSample()).as("a new prover: the full count").isEqualTo(AuditSample.FULL);
        Did b = Did.of(SampleJobs.did("prover-b"));
        establish(b);
        failAnAudit(b);
        assertThat(audited.lastSample()).isEqualTo(SETTINGS.levels().auditSample(ProverLevel.ESTABLISHED))
                .isEqualTo(new AuditSample(500, 8));
        failAnAudit(b);
        assertThat(audited.lastSample()).as("after a failed audit: probation, the full count")
                .isEqualTo(AuditSample.FULL);
    }

    private List<Attempt> attempts(Job job) {
        return storage.read((StoreTx tx) -> tx.jobs().attempts(job.jobId()));
    }

    /**
     * Issue 27: each attempt records the level its holder took the job at and the level whose audit sample its
     * challenge followed, so a later dispute can see what a result was checked under (kept when it ends).
     */
    @Test
    void each_attempt_records_the_level_it_was_taken_at_and_the_level_its_audit_followed() {
        bench.openFor(CLIENT.text(), 1, FULL_FEE);
        Job fresh = claim(market, A, 1).getFirst();
        assertThat(attempts(fresh)).singleElement().satisfies(attempt -> {
            assertThat(attempt.level()).isEqualTo(ProverLevel.PROBATION.wire());
            assertThat(attempt.auditLevel()).as("no commitment").isEmpty();
        });
        prove(A, fresh);
        establish(A);

        bench.openAudited(FULL_FEE, false);
        Job audited = market.claim(A, new ClaimRequest(List.of(AuditedEchoKind.NAME), List.of(), 1, 60_000))
                .getFirst();
        market.commit(audited.jobId(), A, audited.leaseToken(), AuditedEchoKind.commitmentFor(audited.params()));
        assertThat(this.audited.lastSample()).isEqualTo(SETTINGS.levels().auditSample(ProverLevel.ESTABLISHED));
        assertThat(market.submit(audited.jobId(), A, audited.leaseToken(), "not the opening".getBytes()).verdict()
                .accepted()).isFalse();
        assertThat(attempts(audited)).singleElement().satisfies(attempt -> {
            assertThat(attempt.level()).isEqualTo(ProverLevel.ESTABLISHED.wire());
            assertThat(attempt.auditLevel()).isEqualTo(ProverLevel.ESTABLISHED.wire());
            assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.PROOF_INVALID);
        });

        JobMarket off = new MarketBench(storage, clock, kinds(), MarketObserver.NONE,
                SETTINGS.withLevels(LevelConsequences.OFF)).market();
        bench.openFor(CLIENT.text(), 1, FULL_FEE);
        Job unrecorded = claim(off, A, 1).getFirst();
        assertThat(attempts(unrecorded)).singleElement().satisfies(attempt -> {
            assertThat(attempt.level()).as("levels off: not read, not recorded").isEmpty();
            assertThat(attempt.auditLevel()).isEmpty();
        });
    }

    @Test
    void a_failed_audit_puts_an_established_prover_back_on_probation() {
        establish(A);
        earn(A, 40);
        failAnAudit(A);
        assertThat(record(A).leaseAllowance()).isZero();
        assertThat(Reputation.permille(record(A), clock.millis())).as("the score alone would keep it established")
                .isGreaterThanOrEqualTo(ProverLevel.ESTABLISHED_PERMILLE);

        bench.openFor(CLIENT.text(), 16, FULL_FEE);
        assertThat(claim(market, A, 16)).as("probation: the probation allowance").hasSize(PROBATION_LEASES);
        assertThat(refusal(() -> claim(market, A, 1))).isEqualTo(Problem.RATE_LIMITED);
    }

    /**
     * Two nodes on one database (two markets on one storage), sixteen single-job claims by one new prover at once:
     * the allowance is counted under the prover's row lock in each claim's transaction, so exactly four are served.
     */
    @Test
    void claims_racing_on_two_nodes_never_grant_more_than_the_allowance() throws Exception {
        JobMarket other = new MarketBench(storage, clock, kinds(), MarketObserver.NONE, SETTINGS).market();
        bench.openFor(CLIENT.text(), 32, FULL_FEE);
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> claims = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                JobMarket node = i % 2 == 0 ? market : other;
                claims.add(threads.submit(() -> {
                    start.await();
                    try {
                        return claim(node, A, 1).size();
                    } catch (PouwException refused) {
                        assertThat(refused.problem()).isEqualTo(Problem.RATE_LIMITED);
                        return 0;
                    }
                }));
            }
            start.countDown();
            int served = 0;
            for (Future<Integer> claim : claims) {
                served += claim.get(120, TimeUnit.SECONDS);
            }
            assertThat(served).isEqualTo(PROBATION_LEASES);
            assertThat(storage.read((StoreTx tx) -> tx.standing().heldLeases(A.text()))).isEqualTo(PROBATION_LEASES);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void levels_off_keep_the_old_caps() {
        JobMarket off = new MarketBench(storage, clock, kinds(), MarketObserver.NONE,
                SETTINGS.withLevels(LevelConsequences.OFF)).market();
        bench.openFor(CLIENT.text(), 40, FULL_FEE);
        for (int i = 0; i < 9; i++) {
            Job job = claim(off, A, 1).getFirst();
            assertThat(off.submit(job.jobId(), A, job.leaseToken(), EchoKind.proofFor(job.params())).verdict()
                    .accepted()).isTrue();
        }
        assertThat(claim(off, A, 20)).as("a proven prover is not capped when levels govern nothing").hasSize(20);
        assertThatThrownBy(() -> new LevelConsequences(true, 0, WINDOW_MS, 8))
                .hasMessageContaining("max_leases");
    }
}

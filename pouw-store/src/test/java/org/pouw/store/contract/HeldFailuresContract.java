package org.pouw.store.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.SettableClock;
import org.pouw.core.id.Did;
import org.pouw.core.id.JobId;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.Job;
import org.pouw.core.job.JobStatus;
import org.pouw.core.job.PendingFailure;
import org.pouw.core.job.ReputationRecord;
import org.pouw.core.ledger.LedgerAudit;
import org.pouw.core.market.JobMarket;
import org.pouw.core.market.MarketObserver;
import org.pouw.core.market.MarketSettings;
import org.pouw.core.market.Reputation;
import org.pouw.core.port.StoreTx;
import org.pouw.core.standing.ProverLevel;
import org.pouw.core.work.WorkKinds;
import org.pouw.store.support.AuditedEchoKind;
import org.pouw.store.support.EchoKind;
import org.pouw.store.support.MarketBench;
import org.pouw.store.support.SampleJobs;

/**
 * A failure counts against a prover only once the job is completed (issue 27, item 4; docs/economics.md, "Failures
 * held until the job is done"), on every storage adapter: a requester posting work nobody can do cannot ruin the
 * provers that try it; a prover failing on purpose is counted as soon as anyone delivers the job; a prover colluding
 * with a requester to let its failed jobs lapse keeps its strikes on others' work, and a failed audit counts at once.
 */
public abstract class HeldFailuresContract extends StorageTestBase {
    private static final long UNIT = 1_000;
    private static final long FULL_FEE = 10_000;
    private static final long LEASE_MS = 60_000;
    private static final Did HONEST = Did.of(SampleJobs.did("honest-prover"));
    private static final Did OTHER = Did.of(SampleJobs.did("other-prover"));
    private static final Did CLIENT = Did.of(MarketBench.CLIENT);
    private static final Did SABOTEUR = Did.of(SampleJobs.did("saboteur"));
    private static final Did ADMIN = Did.of(SampleJobs.did("admin"));

    private final SettableClock clock = new SettableClock(1_700_000_000_000L);
    private MarketBench bench;
    private JobMarket market;

    private void openMarket(MarketSettings settings) {
        bench = new MarketBench(storage, clock, new WorkKinds(List.of(new EchoKind(), new AuditedEchoKind())),
                MarketObserver.NONE, settings.withCreditUnit(UNIT));
        market = bench.market();
        bench.fund(CLIENT.text(), 100_000_000);
        bench.fund(SABOTEUR.text(), 100_000_000);
    }

    @BeforeEach
    void openDefaultMarket() {
        // the market tests' strike budget (out of reach): failing on purpose is what these tests do
        openMarket(MarketBench.SETTINGS);
    }

    private List<Job> claim(Did prover, int maxJobs) {
        return market.claim(prover, new ClaimRequest(List.of(EchoKind.NAME), List.of(), maxJobs, LEASE_MS));
    }

    private void prove(Did prover, Job job) {
        bench.prove(prover, job);
    }

    private void earn(Did prover, int results) {
        bench.earn(prover, CLIENT.text(), FULL_FEE, results);
    }

    private ReputationRecord record(Did prover) {
        return storage.read((StoreTx tx) -> tx.jobs().reputation(prover.text()))
                .orElse(ReputationRecord.none(prover.text()));
    }

    private List<PendingFailure> held(JobId jobId) {
        return storage.read((StoreTx tx) -> tx.jobs().heldFailures(jobId));
    }

    private List<PendingFailure> held(List<JobId> jobIds) {
        return jobIds.stream().flatMap(id -> held(id).stream()).toList();
    }

    private Job job(JobId jobId) {
        return market.job(jobId).orElseThrow();
    }

    private void failAll(Did prover, List<Job> jobs) {
        for (Job job : jobs) {
            market.fail(job.jobId(), prover, job.leaseToken(), "cannot do it");
        }
    }

    private void assertLedgerBalances() {
        assertThat(new LedgerAudit(storage).run().problems()).isEmpty();
    }

    @Test
    void work_nobody_can_do_costs_the_provers_that_try_it_no_reputation_however_it_ends() {
        earn(HONEST, 9);
        earn(OTHER, 1); // in good standing: its failed attempts count against a job's retries
        assertThat(ProverLevel.of(market.standing(HONEST.text()).standing(),
                Reputation.permille(record(HONEST), clock.millis()))).isEqualTo(ProverLevel.ESTABLISHED);

        // The saboteur posts three jobs that no prover can deliver; the honest prover fails each, a second prover
        // lets its leases lapse, and the honest prover tries again and is still holding them at the deadline.
        List<JobId> toExpire = bench.openFor(SABOTEUR.text(), 3, FULL_FEE).jobs().stream().map(Job::jobId).toList();
        failAll(HONEST, claim(HONEST, 3));
        assertThat(claim(OTHER, 3)).hasSize(3);
        clock.advance(LEASE_MS + 1);
        market.reap(100);
        assertThat(claim(HONEST, 3)).as("it holds all three again, to the deadline").hasSize(3);
        assertThat(held(toExpire)).as("held, not counted: 3 by the honest prover, 3 by the other").hasSize(6);
        assertThat(record(HONEST).badMilli()).isZero();
        assertThat(record(OTHER).badMilli()).isZero();

        // A fourth, failed until it is dead-lettered (both provers' attempts count against its retries): the job is
        // not over (an operator may retry it), so its failures stay held until it expires with the others.
        JobId deadLettered = bench.openFor(SABOTEUR.text(), 1, FULL_FEE).jobs().getFirst().jobId();
        failAll(HONEST, claim(HONEST, 1));
        failAll(OTHER, claim(OTHER, 1));
        failAll(HONEST, claim(HONEST, 1));
        assertThat(job(deadLettered).status()).isEqualTo(JobStatus.DEAD_LETTER);
        assertThat(held(deadLettered)).hasSize(MarketSettings.defaults().maxRetries());

        // A fifth, failed and then cancelled by the operator.
        JobId cancelled = bench.openFor(SABOTEUR.text(), 1, FULL_FEE).jobs().getFirst().jobId();
        failAll(HONEST, claim(HONEST, 1));
        assertThat(held(cancelled)).hasSize(1);
        market.operator().cancelJob(ADMIN, cancelled, "undeliverable");
        assertThat(held(cancelled)).as("dropped by the cancel").isEmpty();

        clock.advance(MarketSettings.defaults().jobTtlMs() + 1); // past every deadline
        market.reap(100);
        for (JobId jobId : toExpire) {
            assertThat(job(jobId).status()).isEqualTo(JobStatus.EXPIRED);
        }
        assertThat(job(deadLettered).status()).isEqualTo(JobStatus.EXPIRED);
        assertThat(held(toExpire)).as("dropped by the expiry").isEmpty();
        assertThat(held(deadLettered)).isEmpty();
        assertThat(record(HONEST).badMilli()).as("six failures and three leases held at the deadline, none counted")
                .isZero();
        assertThat(record(OTHER).badMilli()).isZero();
        assertThat(ProverLevel.of(market.standing(HONEST.text()).standing(),
                Reputation.permille(record(HONEST), clock.millis()))).isEqualTo(ProverLevel.ESTABLISHED);
        assertLedgerBalances();
    }

    @Test
    void a_prover_failing_on_purpose_is_counted_as_soon_as_the_job_is_completed_by_another_or_by_itself() {
        Did quitter = Did.of(SampleJobs.did("quitter"));
        List<JobId> jobs = bench.openFor(CLIENT.text(), 3, FULL_FEE).jobs().stream().map(Job::jobId).toList();
        // three ways to end a lease without a result: a fail, a junk proof, a lapse
        List<Job> leases = claim(quitter, 3);
        market.fail(leases.get(0).jobId(), quitter, leases.get(0).leaseToken(), "walked away");
        assertThat(market.submit(leases.get(1).jobId(), quitter, leases.get(1).leaseToken(), "junk".getBytes())
                .verdict().accepted()).isFalse();
        clock.advance(LEASE_MS + 1);
        market.reap(100);
        assertThat(held(jobs)).extracting(PendingFailure::proverId).containsOnly(quitter.text()).hasSize(3);
        assertThat(record(quitter).badMilli()).isZero();

        // Another prover completes two of them: the quitter's failures on those two count, each decayed from when
        // it happened (a minute ago: 999 thousandths).
        List<Job> taken = claim(OTHER, 2);
        taken.forEach(job -> prove(OTHER, job));
        assertThat(record(quitter).badMilli()).isBetween(2 * Reputation.WHOLE - 4, 2 * Reputation.WHOLE);
        assertThat(record(OTHER).badMilli()).isZero();
        // The quitter completes the third itself: the job was deliverable, so its own failure on it counts too.
        Job last = claim(quitter, 1).getFirst();
        prove(quitter, last);
        long counted = record(quitter).badMilli();
        assertThat(counted).isBetween(3 * Reputation.WHOLE - 4, 3 * Reputation.WHOLE);
        assertThat(held(jobs)).as("taken by the completions").isEmpty();
        // counted once: nothing is left to count again
        earn(OTHER, 1);
        assertThat(record(quitter).badMilli()).isEqualTo(counted);
        assertLedgerBalances();
    }

    @Test
    void a_prover_colluding_with_a_requester_to_let_its_jobs_lapse_keeps_its_strikes_and_a_failed_audit_at_once() {
        openMarket(MarketSettings.defaults()); // the default strike budget: 5 in the window quarantine
        Did partner = Did.of(SampleJobs.did("partner-prover"));
        List<JobId> jobs = bench.openFor(SABOTEUR.text(), 4, FULL_FEE).jobs().stream().map(Job::jobId).toList();
        failAll(partner, claim(partner, 4));
        assertThat(held(jobs)).hasSize(4);

        // A failed audit is false work caught: it counts at once, whatever becomes of the job.
        bench.openAudited(FULL_FEE, false);
        Job audited = market.claim(partner, new ClaimRequest(List.of(AuditedEchoKind.NAME), List.of(), 1, LEASE_MS))
                .getFirst();
        market.commit(audited.jobId(), partner, audited.leaseToken(), AuditedEchoKind.commitmentFor(audited.params()));
        assertThat(market.submit(audited.jobId(), partner, audited.leaseToken(), "not the opening".getBytes())
                .verdict().accepted()).isFalse();
        assertThat(record(partner).badMilli()).isEqualTo(Reputation.FAILED_AUDIT);
        assertThat(held(audited.jobId())).isEmpty();

        // Its strikes on its partner's open jobs weigh one (docs/economics.md, "Strikes bounded per requester until
        // the job is done"): it harms only that requester's work. The failed audit's strike counts in full, and so
        // does one per other requester whose work it fails: the fifth strike that counts quarantines the partner,
        // whoever ends the jobs later.
        for (int i = 0; i < 3; i++) {
            String victim = SampleJobs.did("victim-" + i);
            bench.fund(victim, 10 * FULL_FEE);
            bench.openFor(victim, 1, 2 * FULL_FEE); // pays more: offered before the partner's jobs again
        }
        List<Job> others = claim(partner, 3);
        assertThat(others).extracting(Job::requester).doesNotContain(SABOTEUR);
        failAll(partner, others);
        try {
            claim(partner, 1);
            throw new AssertionError("a quarantined prover was served");
        } catch (PouwException refused) {
            assertThat(refused.problem()).isEqualTo(Problem.QUARANTINED);
        }

        // The requester lets its jobs run out: the four held failures are dropped, the audit's weight stays.
        clock.advance(MarketSettings.defaults().jobTtlMs() + 1);
        market.reap(100);
        assertThat(held(jobs)).isEmpty();
        assertThat(record(partner).badMilli()).isEqualTo(Reputation.FAILED_AUDIT);
        assertLedgerBalances();
    }
}

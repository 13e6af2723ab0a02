package org.pouw.store.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;
import org.pouw.core.id.Did;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.Job;
import org.pouw.core.ledger.LedgerAudit;
import org.pouw.core.market.DisciplineSettings;
import org.pouw.core.market.JobMarket;
import org.pouw.core.market.MarketObserver;
import org.pouw.core.market.MarketSettings;
import org.pouw.core.port.StoreTx;
import org.pouw.core.standing.Standing;
import org.pouw.core.work.WorkKinds;
import org.pouw.store.support.AuditedEchoKind;
import org.pouw.store.support.EchoKind;
import org.pouw.store.support.MarketBench;
import org.pouw.store.support.SampleJobs;

/**
 * Strikes are bounded per requester until the job is done (issue 27, item 4; docs/economics.md, "Strikes bounded per
 * requester until the job is done"), on every storage adapter, with the default discipline (a quarantine at 5
 * strikes in ten minutes, 20 for an address prefix, at most 1 strike per requester while its jobs are open): a
 * requester posting work nobody can do cannot strike an honest prover, nor its address prefix, out; a prover failing
 * one requester's jobs on purpose is struck out as soon as others complete them; a griefer failing many requesters'
 * jobs is struck out at once, as before; a failed audit counts in full at once.
 */
public abstract class StrikesPerRequesterContract extends StorageTestBase {
    private static final long FEE = 10_000;
    private static final long LEASE_MS = 60_000;
    private static final DisciplineSettings DISCIPLINE = DisciplineSettings.defaults();
    private static final Did HONEST = Did.of(SampleJobs.did("honest-prover"));
    private static final Did OTHER = Did.of(SampleJobs.did("other-prover"));
    private static final Did SABOTEUR = Did.of(SampleJobs.did("saboteur"));

    private final SettableClock clock = new SettableClock(1_700_000_000_000L);
    private MarketBench bench;
    private JobMarket market;

    private void openMarket(DisciplineSettings discipline) {
        bench = new MarketBench(storage, clock, new WorkKinds(List.of(new EchoKind(), new AuditedEchoKind())),
                MarketObserver.NONE, MarketSettings.defaults().withDiscipline(discipline));
        market = bench.market();
        bench.fund(MarketBench.CLIENT, 100_000_000);
        bench.fund(SABOTEUR.text(), 100_000_000);
    }

    private List<Job> claim(Did prover, String network, int maxJobs) {
        return market.claim(prover, network, new ClaimRequest(List.of(EchoKind.NAME), List.of(), maxJobs, LEASE_MS));
    }

    private void failAll(Did prover, List<Job> jobs) {
        for (Job job : jobs) {
            market.fail(job.jobId(), prover, job.leaseToken(), "cannot do it");
        }
    }

    private Standing standing(Did prover) {
        return market.standing(prover.text()).standing();
    }

    private int strikesRecorded(Did prover) {
        return storage.read((StoreTx tx) -> tx.standing().strikesOfProver(prover.text(), 0));
    }

    /** One funded requester per intent, each posting {@code jobs} echo jobs: the public market's usual shape. */
    private void postFromManyRequesters(String prefix, int requesters, int jobs) {
        for (int i = 0; i < requesters; i++) {
            String requester = SampleJobs.did(prefix + "-" + i);
            bench.fund(requester, 1_000_000);
            bench.openFor(requester, jobs, FEE);
        }
    }

    private void assertLedgerBalances() {
        assertThat(new LedgerAudit(storage).run().problems()).isEmpty();
    }

    @Test
    void a_requester_posting_work_nobody_can_do_cannot_strike_an_honest_prover_out() {
        openMarket(DISCIPLINE);
        bench.earn(HONEST, MarketBench.CLIENT, FEE, 1); // in good standing: not held to a new prover's four leases
        bench.openFor(SABOTEUR.text(), 12, FEE);

        // Twice the strike budget of failures on the saboteur's jobs: six failed, six let lapse.
        failAll(HONEST, claim(HONEST, "198.51.100.7", 6));
        assertThat(claim(HONEST, "198.51.100.7", 6)).hasSize(6);
        clock.advance(LEASE_MS + 1);
        market.reap(100);

        assertThat(strikesRecorded(HONEST)).as("every failure is still a strike on record").isEqualTo(12);
        assertThat(storage.read((StoreTx tx) -> tx.standing().strikesOfProver(HONEST.text(),
                clock.millis() - DISCIPLINE.windowMs(), DISCIPLINE.strikesPerRequester())))
                .as("but one requester's open jobs weigh one").isEqualTo(1);
        assertThat(standing(HONEST)).isEqualTo(Standing.GOOD);
        bench.openFor(MarketBench.CLIENT, 1, FEE * 2); // pays more: the claim takes it before the saboteur's
        Job next = claim(HONEST, "198.51.100.7", 1).getFirst();
        bench.prove(HONEST, next);
        assertThat(market.quarantinedProvers()).isZero();
        assertLedgerBalances();
    }

    @Test
    void a_requester_posting_work_nobody_can_do_cannot_strike_an_address_prefix_out() {
        // A prefix budget of 5 (the default is 20), and four provers that each stay under their own budget: one
        // requester's open jobs weigh at most one strike per prover of the prefix, four here.
        openMarket(new DisciplineSettings(5, 5, DISCIPLINE.windowMs(), DISCIPLINE.quarantineMs(),
                DISCIPLINE.probationMs(), DISCIPLINE.newProverMaxJobs(), DISCIPLINE.newProverMaxLeaseMs(),
                DISCIPLINE.graceMs(), DISCIPLINE.releaseBudget()));
        bench.openFor(SABOTEUR.text(), 12, FEE);
        String sharedPrefix = "2001:db8:5:1::/64"; // honest provers behind one address prefix (a lab, a NAT)
        for (int i = 0; i < 4; i++) {
            Did prover = Did.of(SampleJobs.did("lab-prover-" + i));
            failAll(prover, claim(prover, sharedPrefix, 3));
        }

        Did newcomer = Did.of(SampleJobs.did("lab-newcomer"));
        assertThat(claim(newcomer, sharedPrefix, 1)).as("twelve failures on one requester's jobs weigh four")
                .hasSize(1);
        assertThat(market.quarantinedProvers()).isZero();
        assertLedgerBalances();
    }

    @Test
    void a_prover_failing_one_requesters_jobs_on_purpose_is_struck_out_once_others_complete_them() {
        openMarket(DISCIPLINE);
        Did quitter = Did.of(SampleJobs.did("quitter"));
        bench.earn(quitter, MarketBench.CLIENT, FEE, 1);
        bench.earn(OTHER, MarketBench.CLIENT, FEE, 1); // not held to a new prover's four leases
        bench.openFor(MarketBench.CLIENT, DISCIPLINE.strikeBudget(), FEE);
        failAll(quitter, claim(quitter, "203.0.113.20", DISCIPLINE.strikeBudget()));
        assertThat(standing(quitter)).as("one requester's open jobs weigh one strike").isEqualTo(Standing.GOOD);

        // The jobs could be done: each completion confirms the strike on it, until the budget is reached.
        List<Job> taken = claim(OTHER, "198.51.100.8", DISCIPLINE.strikeBudget());
        assertThat(taken).hasSize(DISCIPLINE.strikeBudget());
        List<Standing> after = new ArrayList<>();
        for (Job job : taken) {
            bench.prove(OTHER, job);
            after.add(standing(quitter));
        }
        // After four completions: four confirmed strikes and the one open job's, which its requester's bound counts.
        assertThat(after).containsExactly(Standing.GOOD, Standing.GOOD, Standing.GOOD, Standing.QUARANTINED,
                Standing.QUARANTINED);
        assertThat(market.standing(quitter.text()).reason()).contains("budget " + DISCIPLINE.strikeBudget());
        assertThat(standing(OTHER)).isEqualTo(Standing.GOOD);
        assertLedgerBalances();
    }

    @Test
    void a_griefer_failing_many_requesters_jobs_is_struck_out_at_once() {
        openMarket(DISCIPLINE);
        Did griefer = Did.of(SampleJobs.did("griefer"));
        bench.earn(griefer, MarketBench.CLIENT, FEE, 1);
        postFromManyRequesters("victim", DISCIPLINE.strikeBudget(), 1);
        List<Job> claimed = claim(griefer, "203.0.113.21", DISCIPLINE.strikeBudget());
        assertThat(claimed).hasSize(DISCIPLINE.strikeBudget());
        List<Standing> after = new ArrayList<>();
        for (Job job : claimed) {
            market.fail(job.jobId(), griefer, job.leaseToken(), "griefing");
            after.add(standing(griefer));
        }
        assertThat(after).as("a strike per requester counts at once; the fifth quarantines, nobody completing any")
                .containsExactly(Standing.GOOD, Standing.GOOD, Standing.GOOD, Standing.GOOD, Standing.QUARANTINED);
        assertLedgerBalances();
    }

    @Test
    void a_failed_audit_counts_in_full_at_once_whoever_posted_the_job() {
        openMarket(DISCIPLINE);
        Did cheat = Did.of(SampleJobs.did("cheat"));
        bench.earn(cheat, MarketBench.CLIENT, FEE, 1);
        List<Standing> after = new ArrayList<>();
        for (int i = 0; i < DISCIPLINE.strikeBudget(); i++) {
            bench.openAudited(FEE, false); // all posted by one requester
            Job job = market.claim(cheat, "203.0.113.22",
                    new ClaimRequest(List.of(AuditedEchoKind.NAME), List.of(), 1, LEASE_MS)).getFirst();
            market.commit(job.jobId(), cheat, job.leaseToken(), AuditedEchoKind.commitmentFor(job.params()));
            assertThat(market.submit(job.jobId(), cheat, job.leaseToken(), "not the opening".getBytes())
                    .verdict().accepted()).isFalse();
            after.add(standing(cheat));
        }
        assertThat(after).as("false work caught is the prover's doing whatever the job: no requester bound")
                .containsExactly(Standing.GOOD, Standing.GOOD, Standing.GOOD, Standing.GOOD, Standing.QUARANTINED);
        assertLedgerBalances();
    }

    @Test
    void work_that_nobody_completes_keeps_its_strikes_bounded_when_it_expires() {
        openMarket(DISCIPLINE);
        bench.earn(HONEST, MarketBench.CLIENT, FEE, 1);
        bench.openFor(SABOTEUR.text(), 6, FEE);
        // held to the deadline under the longest lease the market grants
        List<Job> held = market.claim(HONEST, "198.51.100.7", new ClaimRequest(List.of(EchoKind.NAME), List.of(), 6,
                MarketSettings.defaults().maxLeaseMs()));
        assertThat(held).hasSize(6);
        clock.advance(MarketSettings.defaults().jobTtlMs() + 1);
        market.reap(100);
        assertThat(strikesRecorded(HONEST)).as("a strike per job held at its deadline").isEqualTo(6);
        assertThat(standing(HONEST)).as("expired work is never confirmed").isEqualTo(Standing.GOOD);
        assertLedgerBalances();
    }
}

package org.pouw.store.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;
import org.pouw.core.id.Did;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.Job;
import org.pouw.core.job.ReputationRecord;
import org.pouw.core.market.JobMarket;
import org.pouw.core.market.MarketObserver;
import org.pouw.core.market.Reputation;
import org.pouw.core.market.SubmitOutcome;
import org.pouw.core.port.StoreTx;
import org.pouw.core.work.WorkKinds;
import org.pouw.store.support.AuditedEchoKind;
import org.pouw.store.support.EchoKind;
import org.pouw.store.support.MarketBench;
import org.pouw.store.support.SampleJobs;

/**
 * Reputation's inputs and decay (issue 27, item 4; docs/economics.md, "Reputation"): verified results paid by others
 * credited in proportion to the margin the node kept, failures, failed audits and late work weighed against, every
 * weight halving each thirty days; and the attacks on it refused, on every storage adapter. A margin of 1,000 (a fee
 * of 10,000) earns one whole result.
 */
public abstract class ReputationContract extends StorageTestBase {
    private static final long UNIT = 1_000;
    private static final long FULL_FEE = 10_000;
    private static final Did A = Did.of(SampleJobs.did("prover-a"));
    private static final Did SECOND = Did.of(SampleJobs.did("prover-a-second-identity"));
    private static final Did OTHER = Did.of(SampleJobs.did("another-prover"));
    private static final Did CLIENT = Did.of(MarketBench.CLIENT);

    private final SettableClock clock = new SettableClock(1_700_000_000_000L);
    private MarketBench bench;
    private JobMarket market;

    @BeforeEach
    void openMarket() {
        bench = new MarketBench(storage, clock, new WorkKinds(List.of(new EchoKind(), new AuditedEchoKind())),
                MarketObserver.NONE, MarketBench.SETTINGS.withCreditUnit(UNIT));
        market = bench.market();
        bench.fund(CLIENT.text(), 10_000_000);
        bench.fund(SECOND.text(), 10_000_000);
        bench.fund(A.text(), 10_000_000);
    }

    private void post(Did requester, long fee) {
        bench.openFor(requester.text(), 1, fee);
    }

    private Job claim(Did prover, String kind) {
        return market.claim(prover, new ClaimRequest(List.of(kind), List.of(), 1,
                MarketBench.SETTINGS.maxLeaseMs())).getFirst();
    }

    private void proveOne(Did requester, long fee) {
        post(requester, fee);
        Job job = claim(A, EchoKind.NAME);
        assertThat(market.submit(job.jobId(), A, job.leaseToken(), EchoKind.proofFor(job.params())).verdict()
                .accepted()).isTrue();
    }

    /** {@code prover} claims the one echo job waiting and proves it (what makes a failure held on it count). */
    private void completeAs(Did prover) {
        Job job = claim(prover, EchoKind.NAME);
        assertThat(market.submit(job.jobId(), prover, job.leaseToken(), EchoKind.proofFor(job.params())).verdict()
                .accepted()).isTrue();
    }

    private ReputationRecord record() {
        return storage.read((StoreTx tx) -> tx.jobs().reputation(A.text())).orElse(ReputationRecord.none(A.text()));
    }

    private int score() {
        return Reputation.permille(record(), clock.millis());
    }

    @Test
    void outcomes_decay_by_half_every_thirty_days_and_new_ones_weigh_in_full() {
        for (int i = 0; i < 10; i++) {
            proveOne(CLIENT, FULL_FEE);
        }
        assertThat(record().goodMilli()).isEqualTo(10_000);
        assertThat(score()).as("ten results, the Wilson bound").isEqualTo(722);

        clock.advance(4 * Reputation.HALF_LIFE_MS);
        assertThat(score()).as("a sixteenth of ten results").isEqualTo(
                Reputation.permille(new ReputationRecord("x", 625, 0, clock.millis()), clock.millis()))
                .isLessThan(300);

        post(CLIENT, FULL_FEE);
        Job job = claim(A, EchoKind.NAME);
        market.fail(job.jobId(), A, job.leaseToken(), "gave up");
        assertThat(record().badMilli()).as("held until the job is completed").isZero();
        completeAs(OTHER);
        assertThat(record().goodMilli()).isEqualTo(625);
        assertThat(record().badMilli()).isEqualTo(1_000);
    }

    @Test
    void late_work_is_paid_but_earns_no_credit_and_weighs_half_a_failure() {
        post(CLIENT, FULL_FEE);
        clock.advance(MarketBench.SETTINGS.jobTtlMs() - 1_000);
        Job job = claim(A, EchoKind.NAME);
        clock.advance(2_000);
        SubmitOutcome late = market.submit(job.jobId(), A, job.leaseToken(), EchoKind.proofFor(job.params()));
        assertThat(late.verdict().accepted()).isTrue();
        assertThat(late.reward()).as("the work is verified and paid").isPositive();
        assertThat(record().goodMilli()).isZero();
        assertThat(record().badMilli()).isEqualTo(Reputation.LATE);
        assertThat(score()).isZero();
    }

    @Test
    void a_failed_audit_weighs_three_failures() {
        bench.openAudited(FULL_FEE, false);
        Job job = claim(A, AuditedEchoKind.NAME);
        market.commit(job.jobId(), A, job.leaseToken(), AuditedEchoKind.commitmentFor(job.params()));
        assertThat(market.submit(job.jobId(), A, job.leaseToken(), "not the opening".getBytes()).verdict()
                .accepted()).isFalse();
        assertThat(record().badMilli()).isEqualTo(Reputation.FAILED_AUDIT);

        post(CLIENT, FULL_FEE);
        Job plain = claim(A, EchoKind.NAME);
        market.submit(plain.jobId(), A, plain.leaseToken(), "junk".getBytes());
        assertThat(record().badMilli()).as("held until the job is completed").isEqualTo(Reputation.FAILED_AUDIT);
        completeAs(OTHER);
        assertThat(record().badMilli()).as("a rejected proof with no audit: one failure")
                .isEqualTo(Reputation.FAILED_AUDIT + Reputation.WHOLE);
    }

    /**
     * Farming (docs/economics.md, "Reputation"): a prover completing its own jobs earns nothing; through a second
     * identity, ten jobs whose margins add up to one credit unit earn what one fully paid job earns, so every result
     * of reputation costs the pair a credit unit kept by the node.
     */
    @Test
    void farming_through_a_second_identity_costs_a_credit_unit_kept_by_the_node_per_result() {
        for (int i = 0; i < 3; i++) {
            proveOne(A, FULL_FEE);
        }
        assertThat(record().goodMilli()).as("its own jobs earn nothing").isZero();

        long kept = storage.read((StoreTx tx) -> tx.ledger().balance("sys:pool:earned"));
        for (int i = 0; i < 10; i++) {
            proveOne(SECOND, FULL_FEE / 10); // a margin of 100 each
        }
        long paidToTheNode = storage.read((StoreTx tx) -> tx.ledger().balance("sys:pool:earned")) - kept;
        assertThat(record().goodMilli()).isEqualTo(Reputation.WHOLE);
        assertThat(paidToTheNode).as("the margins kept").isEqualTo(UNIT);
        assertThat(score()).as("what one fully paid job scores").isEqualTo(206);
    }
}

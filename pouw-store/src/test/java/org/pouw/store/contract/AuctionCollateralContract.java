package org.pouw.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
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
import org.pouw.core.ledger.Accounts;
import org.pouw.core.ledger.EntryDraft;
import org.pouw.core.ledger.LedgerAudit;
import org.pouw.core.market.JobMarket;
import org.pouw.core.market.MarketObserver;
import org.pouw.core.market.ReverseAuction;
import org.pouw.core.port.StoreTx;
import org.pouw.core.work.WorkKinds;
import org.pouw.store.support.AuditedEchoKind;
import org.pouw.store.support.ConcurrentCalls;
import org.pouw.store.support.EchoKind;
import org.pouw.store.support.MarketBench;
import org.pouw.store.support.SampleJobs;

/**
 * The reverse Dutch auction and the collateral behind claims (issue 27, items 2 and 4; docs/economics.md, "Bids
 * and collateral"), each attack of its threat model played on every storage adapter and shown refused: a claim
 * without collateral, collateral given back twice, a slash racing a completion, holding a job through the ramp,
 * a client collecting forfeits, spending locked money. Every test ends with a clean {@link LedgerAudit}, which
 * checks that forfeits held match the open jobs and every lock stands behind a live lease.
 */
public abstract class AuctionCollateralContract extends StorageTestBase {
    private static final Did A = Did.of(SampleJobs.did("prover-a"));
    private static final Did B = Did.of(SampleJobs.did("prover-b"));
    private static final Did C = Did.of(SampleJobs.did("prover-c"));
    private static final Did CLIENT = Did.of(MarketBench.CLIENT);
    private static final long RAMP_MS = 60_000;
    /** The offer starts at half the budget, collateral is the whole price, a lapsed lease forfeits a quarter of it. */
    private static final ReverseAuction AUCTION = new ReverseAuction(500, RAMP_MS, 1000, 250);
    /** A fee of 1,000 budgets 900 for the prover (reward_permille 900): the offer ramps from 450 to 900. */
    private static final long FEE = 1_000;

    private final SettableClock clock = new SettableClock(1_700_000_000_000L);
    private MarketBench bench;
    private JobMarket market;

    @BeforeEach
    void openMarket() {
        bench = new MarketBench(storage, clock, new WorkKinds(List.of(new EchoKind(), new AuditedEchoKind())),
                MarketObserver.NONE, MarketBench.SETTINGS.withAuction(AUCTION));
        market = bench.market();
        bench.fund(CLIENT.text(), 1_000_000);
    }

    @AfterEach
    void ledgerStillAddsUp() {
        assertThat(new LedgerAudit(storage).run().problems()).isEmpty();
    }

    private static ClaimRequest one() {
        return new ClaimRequest(List.of(), List.of(), 1, 0);
    }

    private static ClaimRequest askingAtLeast(long ask) {
        return new ClaimRequest(List.of(), List.of(), 1, 0, false, ask);
    }

    private Job post() {
        JobId id = bench.open(1, FEE).jobs().getFirst().jobId();
        return market.job(id).orElseThrow();
    }

    private Job claimOne(Did prover) {
        List<Job> claimed = market.claim(prover, one());
        assertThat(claimed).hasSize(1);
        return claimed.getFirst();
    }

    private long balance(Did account) {
        return balance(account.text());
    }

    private long balance(String account) {
        return storage.read((StoreTx tx) -> tx.ledger().balance(account));
    }

    private long locked(Did account) {
        return storage.read((StoreTx tx) -> tx.ledger().locked(account.text()));
    }

    private boolean entryExists(String key) {
        return storage.read((StoreTx tx) -> tx.ledger().byKey(key)).isPresent();
    }

    /** The job is as it was posted: pending, never attempted, unpriced; and A has nothing locked. */
    private void assertUntouched(JobId jobId) {
        Job job = market.job(jobId).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.PENDING);
        assertThat(job.attempts()).isZero();
        assertThat(job.price()).isEqualTo(Job.UNPRICED);
        assertThat(storage.read((StoreTx tx) -> tx.jobs().attempts(jobId))).isEmpty();
        assertThat(locked(A)).isZero();
    }

    private static byte[] honestProof(Job job) {
        return EchoKind.proofFor(job.params());
    }

    @Test
    void a_prover_without_free_collateral_is_refused_and_nothing_is_taken() {
        Job posted = post();

        assertThatThrownBy(() -> market.claim(A, one())).isInstanceOfSatisfying(PouwException.class, e -> {
            assertThat(e.problem()).isEqualTo(Problem.INSUFFICIENT_FUNDS);
            assertThat(e.field()).isEqualTo("collateral");
            assertThat(e.getMessage()).contains("900");
        });
        bench.fund(A.text(), 899); // one short of a new prover's collateral: twice the offer's
        assertThatThrownBy(() -> market.claim(A, one())).isInstanceOf(PouwException.class);

        assertUntouched(posted.jobId());

        bench.fund(A.text(), 1);
        Job leased = claimOne(A);
        assertThat(leased.price()).isEqualTo(450);
        assertThat(leased.collateral()).isEqualTo(900);
        assertThat(locked(A)).isEqualTo(900);
    }

    @Test
    void locked_collateral_cannot_be_spent_by_a_transfer_or_a_fee() {
        bench.fund(A.text(), 1_000);
        post();
        claimOne(A); // 900 of A's 1000 locked

        assertThatThrownBy(() -> bench.payments().transfer(A.text(), B.text(), 101, "spend-locked"))
                .isInstanceOfSatisfying(PouwException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.INSUFFICIENT_FUNDS);
                    assertThat(e.field()).isEqualTo("amount");
                });
        assertThat(balance(A)).isEqualTo(1_000);
        bench.payments().transfer(A.text(), B.text(), 100, "spend-free");
        assertThat(balance(A)).isEqualTo(900);
        assertThat(locked(A)).isEqualTo(900);
    }

    @Test
    void collateral_comes_back_once_on_success_and_a_repeated_submit_changes_nothing() {
        bench.fund(A.text(), 2_000);
        Job posted = post();
        long clientBefore = balance(CLIENT);
        clock.advance(RAMP_MS / 2); // the offer is halfway up: 450 + 225
        Job leased = claimOne(A);
        assertThat(leased.price()).isEqualTo(675);
        assertThat(locked(A)).isEqualTo(1_350);

        market.submit(leased.jobId(), A, leased.leaseToken(), honestProof(leased));
        assertThat(balance(A)).isEqualTo(2_000 + 675);
        assertThat(locked(A)).isZero();
        assertThat(balance(CLIENT)).isEqualTo(clientBefore + 900 - 675); // budget minus price, back to the client

        assertThatThrownBy(() -> market.submit(leased.jobId(), A, leased.leaseToken(), honestProof(leased)))
                .isInstanceOfSatisfying(PouwException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.LEASE_LOST));
        assertThatThrownBy(() -> market.fail(leased.jobId(), A, leased.leaseToken(), "late"))
                .isInstanceOf(PouwException.class);
        assertThat(balance(A)).isEqualTo(2_000 + 675);
        assertThat(locked(A)).isZero();
        assertThat(market.job(posted.jobId()).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void a_slash_racing_a_completion_settles_each_lease_once() throws Exception {
        int jobs = 12;
        bench.fund(A.text(), 100_000);
        List<Job> leased = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            post();
            leased.add(claimOne(A));
        }
        long before = balance(A);
        // For every lease, its completion and its failure at once, from two threads.
        List<Boolean> completed = ConcurrentCalls.run(2 * jobs, i -> () -> {
            Job job = leased.get(i / 2);
            try {
                if (i % 2 == 0) {
                    market.submit(job.jobId(), A, job.leaseToken(), honestProof(job));
                    return true;
                }
                market.fail(job.jobId(), A, job.leaseToken(), "racing the completion");
                return false;
            } catch (PouwException e) {
                assertThat(e.problem()).isEqualTo(Problem.LEASE_LOST);
                return null;
            }
        });

        long expected = before;
        for (int j = 0; j < jobs; j++) {
            Job job = leased.get(j);
            Boolean submitWon = completed.get(2 * j);
            Boolean failWon = completed.get(2 * j + 1);
            assertThat(submitWon == null).as("exactly one of submit and fail settles job %s", job.jobId())
                    .isNotEqualTo(failWon == null);
            boolean paid = entryExists(EntryDraft.rewardKey(job.jobId()));
            boolean slashed = entryExists(EntryDraft.forfeitKey(job.jobId(), job.attempts()));
            assertThat(paid).isEqualTo(submitWon != null);
            assertThat(slashed).isEqualTo(failWon != null);
            expected += paid ? job.price() : -AUCTION.forfeitOf(job.collateral(), false);
        }
        assertThat(balance(A)).isEqualTo(expected);
        assertThat(locked(A)).isZero();
    }

    /**
     * Runs {@code second} in its own transaction while another transaction, which has done {@code first}, is held open
     * for half a second: a second that does not wait for the first sees its work uncommitted, as on a second node.
     */
    private <T> T whileAnotherTransactionHolds(Consumer<StoreTx> first, Supplier<T> second) throws Exception {
        CountDownLatch firstDone = new CountDownLatch(1);
        try (ExecutorService thread = Executors.newSingleThreadExecutor()) {
            Future<?> holder = thread.submit(() -> storage.write((StoreTx tx) -> {
                first.accept(tx);
                firstDone.countDown();
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            assertThat(firstDone.await(30, TimeUnit.SECONDS)).isTrue();
            T answer = second.get();
            holder.get();
            return answer;
        }
    }

    private static SortedMap<String, Long> lockOf(Did account, long amount) {
        return new TreeMap<>(Map.of(account.text(), amount));
    }

    @Test
    void two_claims_of_one_prover_at_once_never_lock_one_balance_twice() throws Exception {
        bench.fund(A.text(), 1_000); // one collateral of 900, not two
        Optional<String> second = whileAnotherTransactionHolds(
                tx -> assertThat(tx.ledger().lockCollateral(lockOf(A, 900))).isEmpty(),
                () -> storage.write((StoreTx tx) -> tx.ledger().lockCollateral(lockOf(A, 900))));
        assertThat(second).as("the second lock sees the first's and falls short").contains(A.text());
        assertThat(locked(A)).isEqualTo(900);
        storage.write((StoreTx tx) -> { // no lease stands behind these locks: give them back for the audit
            tx.ledger().unlockCollateral(A.text(), 900);
            return null;
        });
    }

    @Test
    void a_transfer_racing_a_claim_never_spends_what_the_claim_locks() throws Exception {
        bench.fund(A.text(), 1_000); // covers the lock of 900 or the transfer of 1,000, never both
        assertThatThrownBy(() -> whileAnotherTransactionHolds(
                tx -> assertThat(tx.ledger().lockCollateral(lockOf(A, 900))).isEmpty(),
                () -> bench.payments().transfer(A.text(), B.text(), 1_000, "spend-while-locking")))
                .isInstanceOfSatisfying(PouwException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.INSUFFICIENT_FUNDS);
                    assertThat(e.field()).isEqualTo("amount");
                });
        assertThat(balance(A)).isEqualTo(1_000);
        assertThat(locked(A)).isEqualTo(900);
        storage.write((StoreTx tx) -> {
            tx.ledger().unlockCollateral(A.text(), 900);
            return null;
        });
        // The other order: the spend first, then a claim on what is left is refused.
        bench.payments().transfer(A.text(), B.text(), 1_000, "spend-first");
        post();
        assertThatThrownBy(() -> market.claim(A, one())).isInstanceOfSatisfying(PouwException.class,
                e -> assertThat(e.field()).isEqualTo("collateral"));
    }

    @Test
    void locks_given_back_and_taken_again_add_up_to_the_leases_held() {
        bench.fund(A.text(), 100_000);
        List<Job> held = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            for (int i = 0; i < 3; i++) {
                post();
                held.add(claimOne(A));
            }
            // One lease fails (a quarter forfeited), one completes, one stays: the next claims fold what came back.
            Job failing = held.removeFirst();
            market.fail(failing.jobId(), A, failing.leaseToken(), "gave up");
            Job done = held.removeFirst();
            market.submit(done.jobId(), A, done.leaseToken(), honestProof(done));
            long stillHeld = held.stream().mapToLong(Job::collateral).sum();
            assertThat(locked(A)).as("round %s", round).isEqualTo(stillHeld);
            assertThat(balance(A) - locked(A)).isNotNegative();
        }
        assertThat(held).hasSize(4);
    }

    @Test
    void forfeits_go_to_whoever_completes_the_job_and_never_to_its_requester() {
        bench.fund(A.text(), 10_000);
        bench.fund(B.text(), 10_000);
        Job posted = post();
        long clientAfterPosting = balance(CLIENT);

        Job first = claimOne(A); // price 450, collateral 900 (a new prover locks twice the base)
        market.fail(first.jobId(), A, first.leaseToken(), "gave up");
        assertThat(balance(A)).isEqualTo(10_000 - 225); // a quarter of 900
        assertThat(balance(Accounts.MARKET_FORFEITS)).isEqualTo(225);

        Job second = claimOne(B);
        assertThat(second.price()).as("the price was fixed at the first claim").isEqualTo(450);
        market.submit(second.jobId(), B, second.leaseToken(), honestProof(second));
        assertThat(balance(B)).isEqualTo(10_000 + 450 + 225);
        assertThat(balance(Accounts.MARKET_FORFEITS)).isZero();
        assertThat(balance(CLIENT)).isEqualTo(clientAfterPosting + 900 - 450);
        assertThat(market.job(posted.jobId()).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void undeliverable_work_pays_its_client_nothing_of_the_collateral_it_cost_provers() {
        bench.fund(A.text(), 10_000);
        Job posted = post();
        long clientAfterPosting = balance(CLIENT);
        long earnedBefore = balance(Accounts.POOL_EARNED);

        // A claims, and the deadline passes with the lease held: a share forfeited, and the job expires.
        Job leased = claimOne(A);
        clock.set(leased.deadlineMs() + 1);
        market.reap(100);

        assertThat(market.job(posted.jobId()).orElseThrow().status()).isEqualTo(JobStatus.EXPIRED);
        assertThat(balance(CLIENT)).as("the fee budget back, not a unit of the forfeit")
                .isEqualTo(clientAfterPosting + FEE);
        assertThat(balance(A)).isEqualTo(10_000 - 225);
        assertThat(balance(Accounts.POOL_EARNED)).isEqualTo(earnedBefore + 225);
        assertThat(balance(Accounts.MARKET_FORFEITS)).isZero();
        assertThat(locked(A)).isZero();
    }

    @Test
    void a_rejected_proof_or_a_drawn_audit_challenge_forfeits_the_whole_collateral() {
        bench.fund(A.text(), 10_000);
        post();
        Job leased = claimOne(A);
        market.submit(leased.jobId(), A, leased.leaseToken(), "not the echo".getBytes());
        assertThat(balance(A)).isEqualTo(10_000 - 900);

        JobId audited = bench.openAudited(FEE, false).jobs().getFirst().jobId();
        List<Job> claimed = market.claim(A, new ClaimRequest(List.of(AuditedEchoKind.NAME), List.of(), 1, 0));
        assertThat(claimed).extracting(Job::jobId).containsExactly(audited);
        Job job = claimed.getFirst();
        market.commit(job.jobId(), A, job.leaseToken(), AuditedEchoKind.commitmentFor(job.params()));
        // Seeing the challenge, the holder walks away: all of its collateral goes.
        market.fail(job.jobId(), A, job.leaseToken(), "did not like the challenge");
        assertThat(balance(A)).isEqualTo(10_000 - 900 - job.collateral());
        assertThat(locked(A)).isZero();
    }

    @Test
    void holding_a_job_through_the_ramp_earns_the_holder_and_its_partner_nothing() {
        bench.fund(A.text(), 10_000);
        bench.fund(B.text(), 10_000);
        bench.fund(C.text(), 10_000);
        post();
        Job held = claimOne(A); // at the floor: 450
        // A holds the lease past the end of the ramp, then lets it lapse for its partner B.
        clock.advance(RAMP_MS / 4);
        market.renew(held.jobId(), A, held.leaseToken(), RAMP_MS);
        clock.advance(RAMP_MS + 1);
        market.reap(100);
        Job handedOn = claimOne(B);
        assertThat(handedOn.price()).as("fixed at the first claim, not the top of the ramp").isEqualTo(450);
        market.submit(handedOn.jobId(), B, handedOn.leaseToken(), honestProof(handedOn));
        long pair = balance(A) + balance(B) - 20_000;
        assertThat(pair).as("the pair earns the floor price it would have earned at once, and no more")
                .isEqualTo(450);

        // The ramp itself works: a job nobody touched pays the top after the same wait.
        post();
        clock.advance(RAMP_MS);
        assertThat(claimOne(C).price()).isEqualTo(900);
    }

    @Test
    void a_worker_is_handed_a_job_only_once_its_offer_reaches_the_ask() {
        bench.fund(A.text(), 10_000);
        Job posted = post();

        assertThat(market.claim(A, askingAtLeast(700))).isEmpty();
        assertUntouched(posted.jobId());

        clock.advance(RAMP_MS * 2 / 3); // 450 + 300
        List<Job> taken = market.claim(A, askingAtLeast(700));
        assertThat(taken).hasSize(1);
        assertThat(taken.getFirst().price()).isEqualTo(750);
    }

    @Test
    void a_lease_lapsing_while_the_node_was_down_forfeits_nothing() {
        bench.fund(A.text(), 10_000);
        post();
        Job leased = claimOne(A);
        clock.set(leased.leaseExpiresAtMs() + 1);
        market.noteOutage(); // the node could not reach its database as the lease ran out
        market.reap(100);
        assertThat(locked(A)).as("the lease is extended, its collateral still locked").isEqualTo(900);
        clock.advance(MarketBench.SETTINGS.discipline().graceMs() + 1);
        market.reap(100);
        assertThat(market.job(leased.jobId()).orElseThrow().status()).isEqualTo(JobStatus.PENDING);
        assertThat(balance(A)).isEqualTo(10_000);
        assertThat(locked(A)).isZero();
    }

    /**
     * Reputation's consequence (issue 27, item 4, in part): collateral scales with the claimer's score from its
     * recorded outcomes, so a prover with verified work behind it locks less than an unknown identity for the same job.
     */
    @Test
    void a_prover_with_verified_work_behind_it_locks_less_than_a_new_one() {
        bench.fund(A.text(), 100_000);
        bench.fund(B.text(), 100_000);
        for (int i = 0; i < 10; i++) {
            post();
            Job job = claimOne(A);
            market.submit(job.jobId(), A, job.leaseToken(), honestProof(job));
        }
        post();
        post();
        // Ten results and no failure score 722: 450 × (2000 − 722) / 1000, rounded up.
        assertThat(claimOne(A).collateral()).isEqualTo(576);
        assertThat(claimOne(B).collateral()).as("a new identity: twice the base").isEqualTo(900);
    }
}

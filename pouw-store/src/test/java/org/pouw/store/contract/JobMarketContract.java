package org.pouw.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.SettableClock;
import org.pouw.core.id.Did;
import org.pouw.core.id.JobId;
import org.pouw.core.job.Attempt;
import org.pouw.core.job.AttemptOutcome;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.Job;
import org.pouw.core.job.JobQuery;
import org.pouw.core.job.JobStatus;
import org.pouw.core.job.ProverStats;
import org.pouw.core.ledger.Accounts;
import org.pouw.core.ledger.EntryDraft;
import org.pouw.core.ledger.EntryKind;
import org.pouw.core.ledger.LedgerAudit;
import org.pouw.core.ledger.LedgerEntry;
import org.pouw.core.ledger.Posting;
import org.pouw.core.market.HistorySettings;
import org.pouw.core.market.IntentRecord;
import org.pouw.core.market.JobMarket;
import org.pouw.core.market.MarketObserver;
import org.pouw.core.market.ReapReport;
import org.pouw.core.market.SubmitOutcome;
import org.pouw.core.port.StoreTx;
import org.pouw.core.work.WorkKinds;
import org.pouw.store.support.AuditedEchoKind;
import org.pouw.store.support.EchoKind;
import org.pouw.store.support.MarketBench;
import org.pouw.store.support.SampleJobs;

/**
 * The market rules of ARCHITECTURE.md §6, played through pouw-core's {@link JobMarket} on each database. Time moves
 * only when a test turns the crank: advance the clock, run the reaper once.
 */
public abstract class JobMarketContract extends StorageTestBase {
    private static final Did A = Did.of(SampleJobs.did("prover-a"));
    private static final Did B = Did.of(SampleJobs.did("prover-b"));
    private static final long START = 1_700_000_000_000L;

    private final SettableClock clock = new SettableClock(START);
    private MarketBench bench;
    private JobMarket market;

    @BeforeEach
    void openMarket() {
        bench = new MarketBench(storage, clock);
        market = bench.market();
        bench.fund(MarketBench.CLIENT, 1_000_000);
    }

    private static ClaimRequest one() {
        return new ClaimRequest(List.of(), List.of(), 1, 0);
    }

    /**
     * Makes the prover one in good standing (it completed a job): a new identity's unaudited failures do not count
     * against a job's retries (issue 18, defect 1), and these tests are about the retries.
     */
    private void establish(Did... provers) {
        for (Did prover : provers) {
            bench.open(1, 10);
            Job job = claimOne(prover);
            market.submit(job.jobId(), prover, job.leaseToken(), honestProof(job));
        }
    }

    private Job claimOne(Did prover) {
        List<Job> claimed = market.claim(prover, one());
        assertThat(claimed).hasSize(1);
        return claimed.getFirst();
    }

    private static byte[] honestProof(Job job) {
        return EchoKind.proofFor(job.params());
    }

    private Job current(Job job) {
        return market.job(job.jobId()).orElseThrow();
    }

    private List<Attempt> history(Job job) {
        return storage.read((StoreTx tx) -> tx.jobs().attempts(job.jobId()));
    }

    private long balance(String account) {
        return storage.read((StoreTx tx) -> tx.ledger().balance(account));
    }

    private long lastEvent() {
        return storage.read((StoreTx tx) -> tx.events().lastSeq());
    }

    private List<LedgerEntry> ledger() {
        return storage.read((StoreTx tx) -> tx.ledger().entries(0, 10_000));
    }

    private void assertLeaseLost(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(PouwException.class,
                e -> assertThat(e.problem()).isEqualTo(Problem.LEASE_LOST));
    }

    @Test
    void a_claim_sets_the_holder_a_fresh_token_the_expiry_and_the_attempt() {
        IntentRecord intent = bench.open(3, 3_000);
        List<Job> claimed = market.claim(A, new ClaimRequest(List.of(EchoKind.NAME), List.of(), 2, 5_000));

        assertThat(claimed).extracting(Job::jobId)
                .containsExactly(intent.jobs().get(0).jobId(), intent.jobs().get(1).jobId());
        assertThat(claimed).extracting(Job::leaseToken).doesNotHaveDuplicates()
                .allMatch(token -> token.matches("[0-9a-f]{32}"));
        for (Job job : claimed) {
            assertThat(job.status()).isEqualTo(JobStatus.IN_PROGRESS);
            assertThat(job.leaseHolder()).isEqualTo(A.text());
            assertThat(job.leaseExpiresAtMs()).isEqualTo(START + 5_000);
            assertThat(job.attempts()).isEqualTo(1);
            assertThat(current(job)).isEqualTo(job);
            assertThat(history(job)).containsExactly(
                    new Attempt(job.jobId(), 1, A.text(), START, 0, AttemptOutcome.IN_PROGRESS, ""));
        }
        assertThat(claimOne(B).leaseExpiresAtMs()).isEqualTo(START + MarketBench.SETTINGS.defaultLeaseMs());
        assertThat(market.claim(B, one())).isEmpty();
        assertThat(storage.read((StoreTx tx) -> tx.jobs().prover(A.text()))).hasValueSatisfying(
                prover -> assertThat(prover.lastSeenMs()).isEqualTo(START));
        assertThat(storage.read((StoreTx tx) -> tx.events().after(0, 100))).filteredOn(e -> e.type()
                .equals("job.claimed")).hasSize(3);
    }

    @Test
    void stale_or_foreign_tokens_are_refused_and_change_nothing() {
        bench.open(1, 1_000);
        Job job = claimOne(A);
        Job before = current(job);
        long events = lastEvent();
        List<LedgerEntry> entries = ledger();

        assertLeaseLost(() -> market.renew(job.jobId(), A, "f".repeat(32), 1_000));
        assertLeaseLost(() -> market.renew(job.jobId(), B, job.leaseToken(), 1_000));
        assertLeaseLost(() -> market.submit(job.jobId(), A, "f".repeat(32), honestProof(job)));
        assertLeaseLost(() -> market.submit(job.jobId(), B, job.leaseToken(), honestProof(job)));
        assertLeaseLost(() -> market.fail(job.jobId(), A, "", "gave up"));
        assertLeaseLost(() -> market.fail(job.jobId(), B, job.leaseToken(), "gave up"));

        assertThat(current(job)).isEqualTo(before);
        assertThat(history(job)).hasSize(1);
        assertThat(lastEvent()).isEqualTo(events);
        assertThat(ledger()).isEqualTo(entries);

        clock.advance(1_000);
        Job renewed = market.renew(job.jobId(), A, job.leaseToken(), 60_000);
        assertThat(renewed.leaseExpiresAtMs()).isEqualTo(START + 61_000);
        assertThat(current(job).leaseExpiresAtMs()).isEqualTo(START + 61_000);
    }

    @Test
    void a_lease_that_ran_out_is_lost_even_before_the_reaper_runs() {
        bench.open(1, 1_000);
        Job job = claimOne(A);
        clock.advance(MarketBench.SETTINGS.defaultLeaseMs() + 1);
        assertLeaseLost(() -> market.submit(job.jobId(), A, job.leaseToken(), honestProof(job)));
        assertLeaseLost(() -> market.renew(job.jobId(), A, job.leaseToken(), 1_000));
        assertThat(current(job).status()).isEqualTo(JobStatus.IN_PROGRESS);
    }

    @Test
    void a_late_submission_after_the_lease_moved_on_cannot_complete_the_job_twice() {
        IntentRecord intent = bench.open(1, 1_000);
        Job first = claimOne(A);
        clock.advance(MarketBench.SETTINGS.defaultLeaseMs() + 1);
        assertThat(market.reap(100)).isEqualTo(new ReapReport(1, 0, 0));
        assertThat(current(first).status()).isEqualTo(JobStatus.PENDING);

        Job second = claimOne(B);
        assertThat(second.attempts()).isEqualTo(2);
        assertLeaseLost(() -> market.submit(first.jobId(), A, first.leaseToken(), honestProof(first)));
        SubmitOutcome paid = market.submit(second.jobId(), B, second.leaseToken(), honestProof(second));
        assertThat(paid.verdict().accepted()).isTrue();
        assertThat(paid.reward()).isEqualTo(900);
        assertLeaseLost(() -> market.submit(first.jobId(), A, first.leaseToken(), honestProof(first)));
        assertLeaseLost(() -> market.submit(second.jobId(), B, second.leaseToken(), honestProof(second)));

        assertThat(current(first).status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(history(first)).extracting(Attempt::proverId, Attempt::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple(A.text(), AttemptOutcome.LEASE_EXPIRED),
                org.assertj.core.groups.Tuple.tuple(B.text(), AttemptOutcome.COMPLETED));
        assertThat(ledger()).filteredOn(e -> e.kind() == EntryKind.REWARD).hasSize(1);
        assertThat(balance(A.text())).isZero();
        assertThat(balance(B.text())).isEqualTo(900);
        assertThat(storage.read((StoreTx tx) -> tx.jobs().intent(intent.intent().intentId())))
                .hasValueSatisfying(i -> assertThat(i.status()).isEqualTo("proven"));
    }

    @Test
    void a_rejected_proof_sends_the_job_back_with_the_attempt_recorded() {
        bench.open(1, 1_000);
        Job job = claimOne(A);
        SubmitOutcome outcome = market.submit(job.jobId(), A, job.leaseToken(),
                "forged".getBytes(StandardCharsets.UTF_8));

        assertThat(outcome.verdict().accepted()).isFalse();
        assertThat(outcome.reward()).isZero();
        Job after = current(job);
        assertThat(after.status()).isEqualTo(JobStatus.PENDING);
        assertThat(after.attempts()).isEqualTo(1);
        assertThat(after.leaseToken()).isEmpty();
        assertThat(after.lastError()).startsWith("proof_invalid");
        assertThat(history(job)).singleElement().satisfies(attempt -> {
            assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.PROOF_INVALID);
            assertThat(attempt.reason()).contains("mismatch");
            assertThat(attempt.endedAtMs()).isEqualTo(START);
        });
        assertThat(ledger()).noneMatch(e -> e.kind() == EntryKind.REWARD);
        assertThat(storage.read((StoreTx tx) -> tx.jobs().prover(A.text()))).map(ProverStats::jobsFailed).contains(1L);
        assertThat(claimOne(B).attempts()).isEqualTo(2);
    }

    @Test
    void after_max_retries_the_job_is_dead_lettered_with_each_attempts_reason() {
        establish(A, B);
        bench.open(1, 1_000);
        Job first = claimOne(A);
        market.submit(first.jobId(), A, first.leaseToken(), new byte[] {1});
        Job second = claimOne(B);
        market.fail(second.jobId(), B, second.leaseToken(), "out of memory");
        claimOne(A);
        clock.advance(MarketBench.SETTINGS.defaultLeaseMs() + 1);
        assertThat(market.reap(100)).isEqualTo(new ReapReport(1, 1, 0));

        Job dead = current(first);
        assertThat(dead.status()).isEqualTo(JobStatus.DEAD_LETTER);
        assertThat(history(first)).extracting(Attempt::attemptNo, Attempt::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, AttemptOutcome.PROOF_INVALID),
                org.assertj.core.groups.Tuple.tuple(2, AttemptOutcome.WORKER_FAILED),
                org.assertj.core.groups.Tuple.tuple(3, AttemptOutcome.LEASE_EXPIRED));
        assertThat(history(first)).extracting(Attempt::reason).allMatch(reason -> !reason.isBlank())
                .anyMatch(reason -> reason.contains("out of memory"));
        assertThat(market.claim(B, one())).isEmpty();
        assertThat(storage.read((StoreTx tx) -> tx.jobs().list(new JobQuery(JobStatus.DEAD_LETTER, null, null,
                null, 0, 10)))).extracting(Job::jobId).containsExactly(first.jobId());
        assertThat(new LedgerAudit(storage).run().problems()).isEmpty();
    }

    @Test
    void an_operator_retry_requeues_a_dead_letter_with_a_fresh_budget() {
        establish(A, B);
        bench.open(1, 1_000);
        for (int i = 0; i < MarketBench.SETTINGS.maxRetries(); i++) {
            Did prover = i % 2 == 0 ? A : B; // a prover that failed a job twice is not offered it again
            Job job = claimOne(prover);
            market.fail(job.jobId(), prover, job.leaseToken(), "attempt " + i);
        }
        assertThat(market.claim(B, one())).as("a dead letter is not claimable").isEmpty();
        JobId jobId = storage.read((StoreTx tx) -> tx.jobs().list(new JobQuery(JobStatus.DEAD_LETTER, null, null,
                null, 0, 1))).getFirst().jobId();

        Job requeued = market.retryDeadLetter(jobId);
        assertThat(requeued.status()).isEqualTo(JobStatus.PENDING);
        assertThat(requeued.attempts()).as("attempts keep counting").isEqualTo(MarketBench.SETTINGS.maxRetries());
        assertThat(requeued.maxRetries()).as("a fresh budget of tries")
                .isEqualTo(2 * MarketBench.SETTINGS.maxRetries());
        Job again = claimOne(B);
        assertThat(again.attempts()).isEqualTo(MarketBench.SETTINGS.maxRetries() + 1);
        assertThat(again.jobId()).isEqualTo(jobId);
        assertThat(market.submit(jobId, B, again.leaseToken(), honestProof(again)).verdict().accepted()).isTrue();
        assertThat(history(again)).hasSize(4).extracting(Attempt::attemptNo).doesNotHaveDuplicates();
        assertThat(history(again)).last().extracting(Attempt::outcome).isEqualTo(AttemptOutcome.COMPLETED);

        assertThatThrownBy(() -> market.retryDeadLetter(jobId)).isInstanceOfSatisfying(PouwException.class,
                e -> assertThat(e.problem()).isEqualTo(Problem.CONFLICT));
        assertThatThrownBy(() -> market.retryDeadLetter(JobId.of("0".repeat(32)))).isInstanceOfSatisfying(
                PouwException.class, e -> assertThat(e.problem()).isEqualTo(Problem.NOT_FOUND));
    }

    /** Issue 26, item 3: the reaper moves finished intents' jobs out of the hot tables; reads still find them. */
    @Test
    void finished_jobs_move_to_history_with_their_attempts_and_are_read_there_until_retention_ends() {
        MarketBench keeping = new MarketBench(storage, clock, new WorkKinds(List.of(new EchoKind())),
                MarketObserver.NONE, MarketBench.SETTINGS.withHistory(new HistorySettings(60_000, 600_000)));
        JobMarket archiving = keeping.market();
        IntentRecord finished = keeping.open(2, 100);
        IntentRecord open = keeping.open(2, 100);
        Job[] done = new Job[3];
        for (int i = 0; i < 3; i++) {
            done[i] = archiving.claim(A, one()).getFirst();
            archiving.submit(done[i].jobId(), A, done[i].leaseToken(), honestProof(done[i]));
        }
        assertThat(done[0].intentId()).isEqualTo(finished.intent().intentId());
        assertThat(done[2].intentId()).isEqualTo(open.intent().intentId());

        clock.advance(59_999);
        archiving.reap(100);
        assertThat(completedInHotTable()).hasSize(3);
        clock.advance(2);
        archiving.reap(100);

        // The finished intent's jobs left the hot table; the open intent's completed job stays with its sibling.
        assertThat(completedInHotTable()).containsExactly(done[2].jobId());
        assertThat(storage.read((StoreTx tx) -> tx.jobs().stats()).completedCount()).isEqualTo(1);
        for (Job job : List.of(done[0], done[1])) {
            assertThat(archiving.job(job.jobId())).hasValueSatisfying(moved -> {
                assertThat(moved.status()).isEqualTo(JobStatus.COMPLETED);
                assertThat(moved.leaseHolder()).isEqualTo(A.text());
            });
            assertThat(history(job)).singleElement().extracting(Attempt::outcome)
                    .isEqualTo(AttemptOutcome.COMPLETED);
            assertLeaseLost(() -> archiving.submit(job.jobId(), A, job.leaseToken(), honestProof(job)));
            assertLeaseLost(() -> archiving.renew(job.jobId(), A, job.leaseToken(), 1_000));
        }
        assertThat(new LedgerAudit(storage).run().problems()).isEmpty();

        clock.advance(600_000);
        archiving.reap(100);
        assertThat(archiving.job(done[0].jobId())).isEmpty();
        assertThat(history(done[0])).isEmpty();
        assertThat(archiving.job(done[2].jobId())).isPresent();
    }

    private List<JobId> completedInHotTable() {
        return storage.read((StoreTx tx) -> tx.jobs().list(new JobQuery(JobStatus.COMPLETED, null, null, null, 0,
                100))).stream().map(Job::jobId).toList();
    }

    @Test
    void a_passed_deadline_expires_the_jobs_and_refunds_their_fees() {
        long funded = balance(MarketBench.CLIENT);
        IntentRecord intent = bench.open(2, 1_001);
        Job held = claimOne(A);
        assertThat(balance(MarketBench.CLIENT)).isEqualTo(funded - 1_001);

        clock.advance(MarketBench.SETTINGS.jobTtlMs() + 1);
        assertThat(market.reap(100)).isEqualTo(new ReapReport(0, 0, 2));

        for (Job job : intent.jobs()) {
            assertThat(current(job).status()).isEqualTo(JobStatus.EXPIRED);
        }
        assertThat(history(held)).singleElement().extracting(Attempt::outcome)
                .isEqualTo(AttemptOutcome.DEADLINE_PASSED);
        assertThat(balance(MarketBench.CLIENT)).isEqualTo(funded);
        assertThat(storage.read((StoreTx tx) -> tx.ledger().pool()).reserved()).isZero();
        assertThat(storage.read((StoreTx tx) -> tx.ledger().pool()).totalRefunded()).isEqualTo(1_001);
        assertThat(storage.read((StoreTx tx) -> tx.jobs().intent(intent.intent().intentId())))
                .hasValueSatisfying(i -> assertThat(i.status()).isEqualTo("expired"));
        assertLeaseLost(() -> market.submit(held.jobId(), A, held.leaseToken(), honestProof(held)));
        assertThat(market.reap(100)).isEqualTo(new ReapReport(0, 0, 0));
        assertThat(new LedgerAudit(storage).run().problems()).isEmpty();
    }

    @Test
    void the_reward_is_paid_once_keyed_by_the_job_id() {
        IntentRecord intent = bench.open(2, 2_000);
        for (Job job : market.claim(A, new ClaimRequest(List.of(), List.of(), 2, 0))) {
            clock.advance(250);
            assertThat(market.submit(job.jobId(), A, job.leaseToken(), honestProof(job)).reward()).isEqualTo(900);
        }
        JobId jobId = intent.jobs().getFirst().jobId();
        LedgerEntry reward = storage.read((StoreTx tx) -> tx.ledger().byKey(EntryDraft.rewardKey(jobId)))
                .orElseThrow();
        assertThat(reward.jobIds()).containsExactly(jobId);
        assertThat(reward.amountFor(A.text())).isEqualTo(900);

        EntryDraft again = new EntryDraft(EntryKind.REWARD, EntryDraft.rewardKey(jobId), List.of(
                new Posting(Accounts.GENESIS, -900), new Posting(A.text(), 900)), List.of(jobId), "a second payment");
        assertThat(storage.write((StoreTx tx) -> tx.ledger().append(again, clock.millis()))).isEmpty();
        assertThat(balance(A.text())).isEqualTo(1_800);
        assertThat(storage.read((StoreTx tx) -> tx.ledger().pool()).totalPaid()).isEqualTo(1_800);
        assertThat(storage.read((StoreTx tx) -> tx.ledger().pool()).balance()).isEqualTo(200);
        assertThat(storage.read((StoreTx tx) -> tx.jobs().prover(A.text()))).hasValueSatisfying(prover -> {
            assertThat(prover.jobsCompleted()).isEqualTo(2);
            assertThat(prover.totalFeeEarned()).isEqualTo(1_800);
            assertThat(prover.avgCompletionTimeMs()).isEqualTo(375);
        });
        assertThat(storage.read((StoreTx tx) -> tx.jobs().intent(intent.intent().intentId())))
                .hasValueSatisfying(i -> assertThat(i.status()).isEqualTo("proven"));
    }

    @Test
    void a_batch_of_submissions_settles_each_on_its_own_merits_in_one_go() {
        bench.open(5, 5_000);
        List<Job> held = market.claim(A, new ClaimRequest(List.of(), List.of(), 4, 0));
        Job foreign = claimOne(B);
        List<org.pouw.core.market.Submission> batch = List.of(
                new org.pouw.core.market.Submission(held.get(0).jobId(), held.get(0).leaseToken(),
                        honestProof(held.get(0))),
                new org.pouw.core.market.Submission(held.get(1).jobId(), held.get(1).leaseToken(), new byte[] {7}),
                new org.pouw.core.market.Submission(held.get(2).jobId(), "f".repeat(32), honestProof(held.get(2))),
                new org.pouw.core.market.Submission(foreign.jobId(), foreign.leaseToken(), honestProof(foreign)),
                new org.pouw.core.market.Submission(JobId.of("0".repeat(32)), "x", new byte[0]),
                new org.pouw.core.market.Submission(held.get(3).jobId(), held.get(3).leaseToken(),
                        honestProof(held.get(3))));

        List<org.pouw.core.market.SubmissionResult> results = market.submitAll(A, batch);

        assertThat(results).extracting(org.pouw.core.market.SubmissionResult::outcome).containsExactly(
                org.pouw.core.market.SubmissionResult.Outcome.ACCEPTED,
                org.pouw.core.market.SubmissionResult.Outcome.PROOF_INVALID,
                org.pouw.core.market.SubmissionResult.Outcome.LEASE_LOST,
                org.pouw.core.market.SubmissionResult.Outcome.LEASE_LOST,
                org.pouw.core.market.SubmissionResult.Outcome.NOT_FOUND,
                org.pouw.core.market.SubmissionResult.Outcome.ACCEPTED);
        assertThat(current(held.get(0)).status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(storage.blobs().get(current(held.get(0)).resultRef())).hasValue(honestProof(held.get(0)));
        assertThat(current(held.get(1)).status()).isEqualTo(JobStatus.PENDING);
        assertThat(current(held.get(2)).status()).isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(current(foreign).leaseHolder()).isEqualTo(B.text());
        assertThat(current(held.get(3)).status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(balance(A.text())).isEqualTo(2 * 900);
        assertThat(ledger()).filteredOn(e -> e.kind() == EntryKind.REWARD).hasSize(2);
        assertThat(market.submitAll(A, batch.subList(0, 1))).singleElement()
                .extracting(org.pouw.core.market.SubmissionResult::outcome)
                .isEqualTo(org.pouw.core.market.SubmissionResult.Outcome.LEASE_LOST);
        assertThat(new LedgerAudit(storage).run().problems()).isEmpty();
    }

    /**
     * Issue 26: concurrent batches from many provers settle in shared transactions. Each job must still be paid once
     * to its own prover, a duplicate or stale submission must still settle nothing, and the ledger must still audit.
     */
    @Test
    void concurrent_batches_from_many_provers_each_pay_their_own_jobs_once() throws Exception {
        int provers = 12;
        int perProver = 5;
        bench.open(provers * perProver, provers * perProver * 1_000L);
        List<Did> who = new java.util.ArrayList<>();
        List<List<Job>> held = new java.util.ArrayList<>();
        for (int p = 0; p < provers; p++) {
            Did prover = Did.of(SampleJobs.did("group-prover-" + p));
            who.add(prover);
            held.add(market.claim(prover, new ClaimRequest(List.of(), List.of(), perProver, 0)));
            assertThat(held.get(p)).hasSize(perProver);
        }
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<List<org.pouw.core.market.SubmissionResult>>> answers =
                new java.util.ArrayList<>();
        try (java.util.concurrent.ExecutorService callers =
                     java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int p = 0; p < provers; p++) {
                Did prover = who.get(p);
                List<org.pouw.core.market.Submission> batch = new java.util.ArrayList<>();
                for (Job job : held.get(p)) {
                    batch.add(new org.pouw.core.market.Submission(job.jobId(), job.leaseToken(), honestProof(job)));
                }
                // The same job twice in one batch, and another prover's job: neither may be paid.
                Job first = held.get(p).getFirst();
                batch.add(new org.pouw.core.market.Submission(first.jobId(), first.leaseToken(), honestProof(first)));
                Job foreign = held.get((p + 1) % provers).getFirst();
                batch.add(new org.pouw.core.market.Submission(foreign.jobId(), foreign.leaseToken(),
                        honestProof(foreign)));
                answers.add(callers.submit(() -> {
                    start.await();
                    return market.submitAll(prover, batch);
                }));
            }
            start.countDown();
            for (int p = 0; p < provers; p++) {
                List<org.pouw.core.market.SubmissionResult> results =
                        answers.get(p).get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(results).hasSize(perProver + 2);
                assertThat(results.subList(0, perProver))
                        .extracting(org.pouw.core.market.SubmissionResult::outcome)
                        .containsOnly(org.pouw.core.market.SubmissionResult.Outcome.ACCEPTED);
                assertThat(results.subList(perProver, perProver + 2))
                        .extracting(org.pouw.core.market.SubmissionResult::outcome)
                        .containsOnly(org.pouw.core.market.SubmissionResult.Outcome.LEASE_LOST);
            }
        }
        for (int p = 0; p < provers; p++) {
            assertThat(balance(who.get(p).text())).as("prover %d paid once per job", p).isEqualTo(perProver * 900L);
            for (Job job : held.get(p)) {
                assertThat(current(job).status()).isEqualTo(JobStatus.COMPLETED);
            }
        }
        assertThat(ledger()).filteredOn(e -> e.kind() == EntryKind.REWARD).hasSize(provers * perProver);
        assertThat(new LedgerAudit(storage).run().problems()).isEmpty();
    }

    @Test
    void an_intent_the_client_cannot_pay_for_writes_nothing() {
        String poor = SampleJobs.did("poor");
        long events = lastEvent();
        List<LedgerEntry> entries = ledger();
        assertThatThrownBy(() -> market.open(new org.pouw.core.market.IntentDraft(Did.of(poor), "p", "[]", 10,
                org.pouw.core.job.Tier.MACRO, 500, "[]", 1, SampleJobs.hash32("t"), "ref",
                List.of(new org.pouw.core.market.PlannedJob(EchoKind.NAME, SampleJobs.hash32(
                        "s"), "ref", "{}"))))).isInstanceOfSatisfying(PouwException.class,
                                e -> assertThat(e.problem()).isEqualTo(Problem.INSUFFICIENT_FUNDS));

        assertThat(lastEvent()).isEqualTo(events);
        assertThat(ledger()).isEqualTo(entries);
        assertThat(balance(poor)).isZero();
        assertThat(storage.read((StoreTx tx) -> tx.jobs().list(new JobQuery(null, null, null, null, 0, 10))))
                .isEmpty();
        assertThat(storage.write((StoreTx tx) -> tx.jobs().nextSeq("intent", 1))).isEqualTo(1);
    }

    @Test
    void the_books_balance_after_a_busy_scenario_and_a_tampered_posting_is_caught() {
        for (int round = 0; round < 5; round++) {
            bench.open(4, 4_000 + round);
            List<Job> batch = market.claim(A, new ClaimRequest(List.of(), List.of(), 3, 0));
            market.submit(batch.get(0).jobId(), A, batch.get(0).leaseToken(), honestProof(batch.get(0)));
            market.submit(batch.get(1).jobId(), A, batch.get(1).leaseToken(), new byte[0]);
            market.fail(batch.get(2).jobId(), A, batch.get(2).leaseToken(), "busy");
            Job other = claimOne(B);
            market.submit(other.jobId(), B, other.leaseToken(), honestProof(other));
            bench.payments().transfer(B.text(), A.text(), 10, "tip-" + round);
            clock.advance(10_000);
        }
        claimOne(B);
        clock.advance(MarketBench.SETTINGS.defaultLeaseMs() + 1);
        market.reap(100);
        clock.advance(MarketBench.SETTINGS.jobTtlMs());
        market.reap(100);

        LedgerAudit.Report clean = new LedgerAudit(storage).run();
        assertThat(clean.problems()).isEmpty();
        assertThat(clean.entries()).isGreaterThan(20);

        long rewardSeq = ledger().stream().filter(e -> e.kind() == EntryKind.REWARD).findFirst().orElseThrow().seq();
        database.execute("UPDATE ledger_postings SET amount = amount + 100 WHERE seq = " + rewardSeq
                + " AND position = 1");
        assertThat(new LedgerAudit(storage).run().problems()).isNotEmpty()
                .anyMatch(problem -> problem.contains("entry " + rewardSeq));
    }

    @Test
    void a_commitment_gets_one_challenge_per_lease_and_the_opening_is_checked_against_the_stored_one() {
        bench.openAudited(2_000, false);
        Job job = claimOne(A);
        byte[] commitment = AuditedEchoKind.commitmentFor(job.params());

        assertLeaseLost(() -> market.commit(job.jobId(), A, "0".repeat(32), commitment));
        assertLeaseLost(() -> market.commit(job.jobId(), B, job.leaseToken(), commitment));
        assertThatThrownBy(() -> market.commit(job.jobId(), A, job.leaseToken(), "not mine".getBytes()))
                .isInstanceOfSatisfying(PouwException.class, e -> assertThat(e.field()).isEqualTo("commitment"));
        assertThat(current(job).hasCommitment()).isFalse();

        long eventsBefore = lastEvent();
        byte[] challenge = market.commit(job.jobId(), A, job.leaseToken(), commitment);
        assertThat(challenge).hasSize(16);
        assertThat(lastEvent()).isEqualTo(eventsBefore + 1);
        // A retry after a lost response gets the same challenge; another commitment cannot re-roll it.
        assertThat(market.commit(job.jobId(), A, job.leaseToken(), commitment)).isEqualTo(challenge);
        byte[] other = AuditedEchoKind.commitmentFor(job.params() + "x");
        assertThatThrownBy(() -> market.commit(job.jobId(), A, job.leaseToken(), other))
                .isInstanceOfSatisfying(PouwException.class, e -> assertThat(e.problem()).isEqualTo(Problem.CONFLICT));
        assertThat(lastEvent()).isEqualTo(eventsBefore + 1);

        // An opening for a challenge the worker chose itself is not accepted; the stored challenge decides.
        byte[] forged = AuditedEchoKind.openingFor(job.params(), new byte[16]);
        assertThat(market.submit(job.jobId(), A, job.leaseToken(), forged).verdict().accepted()).isFalse();

        Job again = claimOne(B);
        assertThat(again.jobId()).isEqualTo(job.jobId());
        assertThat(again.hasCommitment()).isFalse();
        byte[] fresh = market.commit(again.jobId(), B, again.leaseToken(), commitment);
        assertThat(fresh).isNotEqualTo(challenge);
        SubmitOutcome outcome = market.submit(again.jobId(), B, again.leaseToken(),
                AuditedEchoKind.openingFor(job.params(), fresh));
        assertThat(outcome.verdict().accepted()).isTrue();
        assertThat(outcome.reward()).isEqualTo(1_800);
        Job done = current(job);
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.commitment()).isEqualTo(org.pouw.crypto.Hex.encode(commitment));
        assertThat(done.challenge()).isEqualTo(org.pouw.crypto.Hex.encode(fresh));
        assertThat(done.resultInfo()).isEqualTo("{\"opened\":true}");
        assertThat(history(job)).extracting(Attempt::outcome)
                .containsExactly(AttemptOutcome.PROOF_INVALID, AttemptOutcome.COMPLETED);
    }

    @Test
    void an_opening_without_a_commitment_is_rejected_and_one_shot_kinds_take_no_commitment() {
        bench.openAudited(2_000, false);
        Job audited = claimOne(A);
        SubmitOutcome outcome = market.submit(audited.jobId(), A, audited.leaseToken(),
                AuditedEchoKind.openingFor(audited.params(), new byte[16]));
        assertThat(outcome.verdict().accepted()).isFalse();
        assertThat(outcome.verdict().detail()).contains("commit first");

        bench.open(1, 1_000);
        Job plain = market.claim(A, new ClaimRequest(List.of(EchoKind.NAME), List.of(), 1, 0)).getFirst();
        assertThatThrownBy(() -> market.commit(plain.jobId(), A, plain.leaseToken(), new byte[] {1}))
                .isInstanceOfSatisfying(PouwException.class, e -> assertThat(e.field()).isEqualTo("commitment"));
        assertThat(current(plain).hasCommitment()).isFalse();
    }

    @Test
    void a_verdict_that_earns_part_of_the_reward_refunds_the_rest_to_the_requester() {
        long clientBefore = balance(MarketBench.CLIENT);
        IntentRecord intent = bench.openAudited(2_000, true);
        Job job = claimOne(A);
        byte[] challenge = market.commit(job.jobId(), A, job.leaseToken(), AuditedEchoKind.commitmentFor(job.params()));
        SubmitOutcome outcome = market.submit(job.jobId(), A, job.leaseToken(),
                AuditedEchoKind.openingFor(job.params(), challenge));

        assertThat(outcome.reward()).isEqualTo(900); // half of the 1,800 reward budget
        assertThat(balance(A.text())).isEqualTo(900);
        assertThat(balance(MarketBench.CLIENT)).isEqualTo(clientBefore - 2_000 + 900);
        LedgerEntry refund = storage.read((StoreTx tx) -> tx.ledger().byKey(EntryDraft.refundKey(job.jobId())))
                .orElseThrow();
        assertThat(refund.kind()).isEqualTo(EntryKind.REFUND);
        assertThat(refund.amountFor(MarketBench.CLIENT)).isEqualTo(900);
        var pool = storage.read((StoreTx tx) -> tx.ledger().pool());
        assertThat(pool.totalPaid()).isEqualTo(900);
        assertThat(pool.totalRefunded()).isEqualTo(900);
        assertThat(pool.reserved()).isZero();
        assertThat(pool.balance()).isEqualTo(200);
        assertThat(new LedgerAudit(storage).run().problems()).isEmpty();
        assertThat(storage.read((StoreTx tx) -> tx.jobs().intent(intent.intent().intentId())))
                .hasValueSatisfying(i -> assertThat(i.status()).isEqualTo("proven"));
    }
}

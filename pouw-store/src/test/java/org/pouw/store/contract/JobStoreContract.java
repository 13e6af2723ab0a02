package org.pouw.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.pouw.core.id.Did;
import org.pouw.core.id.IntentId;
import org.pouw.core.id.JobId;
import org.pouw.core.job.Attempt;
import org.pouw.core.job.AttemptEnding;
import org.pouw.core.job.AttemptOutcome;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.HolderClaim;
import org.pouw.core.job.Intent;
import org.pouw.core.job.Job;
import org.pouw.core.job.JobQuery;
import org.pouw.core.job.JobStatus;
import org.pouw.core.job.ProverStats;
import org.pouw.core.job.ProverTally;
import org.pouw.core.job.QueueStats;
import org.pouw.core.job.Tier;
import org.pouw.core.port.JobStore;
import org.pouw.core.port.StoreTx;
import org.pouw.store.support.SampleJobs;

/** What every {@link org.pouw.core.port.JobStore} adapter must do, run against each database by a subclass. */
public abstract class JobStoreContract extends StorageTestBase {
    private static final long NOW = 10_000;
    private static final long FAR = 1_000_000;

    private void insert(Job... jobs) {
        storage.write((StoreTx tx) -> {
            for (Job job : jobs) {
                tx.jobs().insert(job);
            }
            return null;
        });
    }

    private Job stored(Job job) {
        return storage.read((StoreTx tx) -> tx.jobs().find(job.jobId())).orElseThrow();
    }

    private static Supplier<String> countingTokens() {
        AtomicInteger next = new AtomicInteger();
        return () -> "tok-" + next.incrementAndGet();
    }

    private List<Job> claim(ClaimRequest request, String holder) {
        return storage.write((StoreTx tx) -> tx.jobs().claim(request, holder, NOW, countingTokens()));
    }

    private static ClaimRequest any(int max) {
        return new ClaimRequest(List.of(), List.of(), max, 5_000);
    }

    @Test
    void counters_start_at_one_and_hand_out_consecutive_ranges() {
        storage.write((StoreTx tx) -> {
            assertThat(tx.jobs().nextSeq("job", 1)).isEqualTo(1);
            assertThat(tx.jobs().nextSeq("job", 5)).isEqualTo(2);
            assertThat(tx.jobs().nextSeq("intent", 1)).isEqualTo(1);
            return null;
        });
        assertThat(storage.write((StoreTx tx) -> tx.jobs().nextSeq("job", 1))).isEqualTo(7);
    }

    @Test
    void a_job_reads_back_field_for_field() {
        Job job = SampleJobs.in(SampleJobs.pending(1, FAR), JobStatus.IN_PROGRESS, 12_345);
        insert(job);
        assertThat(stored(job)).isEqualTo(job);
        assertThat(storage.read((StoreTx tx) -> tx.jobs().find(JobId.of("0".repeat(32))))).isEmpty();
        assertThat(storage.write((StoreTx tx) -> tx.jobs().findForUpdate(job.jobId()))).contains(job);
    }

    @Test
    void claim_takes_the_oldest_pending_jobs_each_with_its_own_token_expiry_and_attempt() {
        insert(SampleJobs.pending(3, FAR), SampleJobs.pending(1, FAR), SampleJobs.pending(5, FAR),
                SampleJobs.pending(2, FAR), SampleJobs.pending(4, FAR));
        List<Job> claimed = claim(new ClaimRequest(List.of(), List.of(), 3, 7_000), "did:key:z6MkA");

        assertThat(claimed).extracting(Job::createdSeq).containsExactly(1L, 2L, 3L);
        assertThat(claimed).extracting(Job::leaseToken).doesNotHaveDuplicates().allMatch(t -> t.startsWith("tok-"));
        for (Job job : claimed) {
            assertThat(job.status()).isEqualTo(JobStatus.IN_PROGRESS);
            assertThat(job.leaseHolder()).isEqualTo("did:key:z6MkA");
            assertThat(job.leaseExpiresAtMs()).isEqualTo(NOW + 7_000);
            assertThat(job.attempts()).isEqualTo(1);
            assertThat(stored(job)).isEqualTo(job);
        }
        assertThat(claim(any(10), "did:key:z6MkB")).extracting(Job::createdSeq).containsExactly(4L, 5L);
        assertThat(claim(any(10), "did:key:z6MkB")).isEmpty();
    }

    @Test
    void leased_by_lists_one_holders_in_progress_jobs_oldest_first_so_a_claim_in_doubt_is_settled_by_reading() {
        insert(SampleJobs.pending(1, FAR), SampleJobs.pending(2, FAR), SampleJobs.pending(3, FAR),
                SampleJobs.pending(4, FAR));
        List<Job> mine = claim(any(2), "did:key:z6MkA");
        claim(any(1), "did:key:z6MkB");
        assertThat(leasedBy("did:key:z6MkA", 10)).isEqualTo(mine);
        assertThat(leasedBy("did:key:z6MkA", 1)).extracting(Job::createdSeq).containsExactly(1L);
        // Finished work is no lease: a completed job of the holder's is not listed.
        storage.write((StoreTx tx) -> {
            tx.jobs().update(SampleJobs.in(mine.getFirst(), JobStatus.COMPLETED, 0));
            return null;
        });
        assertThat(leasedBy("did:key:z6MkA", 10)).extracting(Job::createdSeq).containsExactly(2L);
        assertThat(leasedBy("did:key:z6MkC", 10)).isEmpty();
    }

    private List<Job> leasedBy(String holder, int limit) {
        return storage.read((StoreTx tx) -> tx.jobs().leasedBy(holder, limit));
    }

    @Test
    void claim_matches_only_the_requested_kinds_and_tiers() {
        insert(SampleJobs.pending(1, "reexec", Tier.MACRO, FAR), SampleJobs.pending(2, "stark", Tier.MACRO, FAR),
                SampleJobs.pending(3, "reexec", Tier.MICRO, FAR), SampleJobs.pending(4, "stark", Tier.MICRO, FAR),
                SampleJobs.pending(5, "ml-train", Tier.FULL, FAR));

        assertThat(claim(new ClaimRequest(List.of("stark"), List.of(Tier.MICRO), 10, 1_000), "p"))
                .extracting(Job::createdSeq).containsExactly(4L);
        assertThat(claim(new ClaimRequest(List.of("reexec", "ml-train"), List.of(), 10, 1_000), "p"))
                .extracting(Job::createdSeq).containsExactly(1L, 3L, 5L);
        assertThat(claim(new ClaimRequest(List.of(), List.of(Tier.MACRO, Tier.FULL), 10, 1_000), "p"))
                .extracting(Job::createdSeq).containsExactly(2L);
    }

    @Test
    void claim_skips_jobs_past_their_deadline_and_jobs_not_pending() {
        insert(SampleJobs.pending(1, NOW - 1), SampleJobs.pending(2, NOW),
                SampleJobs.in(SampleJobs.pending(3, FAR), JobStatus.COMPLETED, 0),
                SampleJobs.in(SampleJobs.pending(4, FAR), JobStatus.DEAD_LETTER, 0),
                SampleJobs.pending(5, NOW + 1));
        assertThat(claim(any(10), "p")).extracting(Job::createdSeq).containsExactly(5L);
    }

    @Test
    void concurrent_claimers_never_receive_the_same_job() throws Exception {
        int jobs = 300;
        Job[] all = new Job[jobs];
        for (int i = 0; i < jobs; i++) {
            all[i] = SampleJobs.pending(i + 1, FAR);
        }
        insert(all);
        ConcurrentLinkedQueue<JobId> taken = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> claimers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                String holder = "prover-" + t;
                claimers.add(pool.submit(() -> {
                    List<Job> batch;
                    while (!(batch = claim(any(7), holder)).isEmpty()) {
                        batch.forEach(job -> taken.add(job.jobId()));
                    }
                }));
            }
            for (Future<?> claimer : claimers) {
                claimer.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(taken).hasSize(jobs).doesNotHaveDuplicates();
        assertThat(storage.read((StoreTx tx) -> tx.jobs().stats()).inProgressCount()).isEqualTo(jobs);
    }

    private List<List<Job>> claimEach(HolderClaim... claims) {
        return storage.write((StoreTx tx) -> tx.jobs().claimEach(List.of(claims), NOW, countingTokens()));
    }

    @Test
    void a_group_of_claims_is_served_in_order_each_with_its_own_filter_holder_and_lease() {
        insert(SampleJobs.pending(1, "reexec", Tier.MACRO, FAR), SampleJobs.pending(2, "stark", Tier.MACRO, FAR),
                SampleJobs.pending(3, "reexec", Tier.MICRO, FAR), SampleJobs.pending(4, "stark", Tier.MICRO, FAR),
                SampleJobs.pending(5, "stark", Tier.MACRO, FAR), SampleJobs.pending(6, "reexec", Tier.MACRO, FAR));

        List<List<Job>> claimed = claimEach(
                new HolderClaim("first", any(1)),
                new HolderClaim("starks", new ClaimRequest(List.of("stark"), List.of(), 2, 2_000)),
                new HolderClaim("none", new ClaimRequest(List.of("ml-train"), List.of(), 3, 1_000)),
                new HolderClaim("micro", new ClaimRequest(List.of(), List.of(Tier.MICRO), 5, 3_000)),
                new HolderClaim("last", any(4)));

        // Each order gets the oldest jobs it matches that the orders before it left.
        assertThat(claimed.get(0)).extracting(Job::createdSeq).containsExactly(1L);
        assertThat(claimed.get(1)).extracting(Job::createdSeq).containsExactly(2L, 4L);
        assertThat(claimed.get(2)).isEmpty();
        assertThat(claimed.get(3)).extracting(Job::createdSeq).containsExactly(3L);
        assertThat(claimed.get(4)).extracting(Job::createdSeq).containsExactly(5L, 6L);
        String[] holders = {"first", "starks", "none", "micro", "last"};
        long[] leases = {5_000, 2_000, 1_000, 3_000, 5_000};
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < holders.length; i++) {
            for (Job job : claimed.get(i)) {
                assertThat(job.status()).isEqualTo(JobStatus.IN_PROGRESS);
                assertThat(job.leaseHolder()).isEqualTo(holders[i]);
                assertThat(job.leaseExpiresAtMs()).isEqualTo(NOW + leases[i]);
                assertThat(job.attempts()).isEqualTo(1);
                assertThat(tokens.add(job.leaseToken())).as("token %s given twice", job.leaseToken()).isTrue();
                assertThat(stored(job)).isEqualTo(job);
            }
        }
        assertThat(claimEach(new HolderClaim("a", any(1)), new HolderClaim("b", any(1))))
                .containsExactly(List.of(), List.of());
    }

    @Test
    void a_group_keeps_a_job_from_the_holder_that_failed_it_twice_but_offers_it_to_the_others() {
        Job failedTwice = SampleJobs.pending(1, FAR);
        insert(failedTwice, SampleJobs.pending(2, FAR));
        storage.write((StoreTx tx) -> {
            tx.jobs().insertAttempts(List.of(
                    new Attempt(failedTwice.jobId(), 1, "clumsy", 1, 2, AttemptOutcome.WORKER_FAILED, "x"),
                    new Attempt(failedTwice.jobId(), 2, "clumsy", 3, 4, AttemptOutcome.LEASE_EXPIRED, "y")));
            return null;
        });

        List<List<Job>> claimed = claimEach(new HolderClaim("clumsy", any(1)), new HolderClaim("other", any(1)));

        assertThat(claimed.get(0)).extracting(Job::createdSeq).containsExactly(2L);
        assertThat(claimed.get(1)).extracting(Job::jobId).containsExactly(failedTwice.jobId());
    }

    /**
     * A group whose orders all ask the same is served from one scan (PostgreSQL, V28); an order whose prover may not
     * take some of the jobs that scan locked still gets the next ones it may take, as if served alone in order.
     */
    @Test
    void a_holder_barred_from_jobs_of_the_group_scan_looks_further_with_its_own_tokens() {
        Job[] jobs = new Job[5];
        for (int i = 0; i < jobs.length; i++) {
            jobs[i] = SampleJobs.pending(i + 1, FAR);
        }
        insert(jobs);
        storage.write((StoreTx tx) -> {
            List<Attempt> failures = new ArrayList<>();
            for (Job barred : List.of(jobs[1], jobs[2])) {
                failures.add(new Attempt(barred.jobId(), 1, "clumsy", 1, 2, AttemptOutcome.WORKER_FAILED, "x"));
                failures.add(new Attempt(barred.jobId(), 2, "clumsy", 3, 4, AttemptOutcome.PROOF_INVALID, "y"));
            }
            tx.jobs().insertAttempts(failures);
            return null;
        });

        List<List<Job>> claimed = claimEach(new HolderClaim("first", any(1)), new HolderClaim("clumsy", any(2)),
                new HolderClaim("last", any(1)));

        assertThat(claimed.get(0)).extracting(Job::createdSeq).containsExactly(1L);
        assertThat(claimed.get(1)).extracting(Job::createdSeq).containsExactly(4L, 5L);
        assertThat(claimed.get(2)).extracting(Job::createdSeq).containsExactly(2L);
        Set<String> tokens = new HashSet<>();
        String[] holders = {"first", "clumsy", "last"};
        for (int i = 0; i < holders.length; i++) {
            for (Job job : claimed.get(i)) {
                assertThat(job.leaseHolder()).isEqualTo(holders[i]);
                assertThat(tokens.add(job.leaseToken())).as("token %s given twice", job.leaseToken()).isTrue();
                assertThat(stored(job)).isEqualTo(job);
            }
        }
        assertThat(storage.read((StoreTx tx) -> tx.jobs().stats()).inProgressCount()).isEqualTo(4);
    }

    /** More single-job orders than waiting jobs: the first orders get them, the rest nothing, none twice. */
    @Test
    void a_group_larger_than_the_queue_serves_its_first_orders() {
        insert(SampleJobs.pending(1, FAR), SampleJobs.pending(2, FAR), SampleJobs.pending(3, FAR));

        HolderClaim[] group = new HolderClaim[8];
        for (int k = 0; k < group.length; k++) {
            group[k] = new HolderClaim("p" + k, any(1));
        }
        List<List<Job>> claimed = claimEach(group);

        assertThat(claimed.get(0)).extracting(Job::createdSeq).containsExactly(1L);
        assertThat(claimed.get(1)).extracting(Job::createdSeq).containsExactly(2L);
        assertThat(claimed.get(2)).extracting(Job::createdSeq).containsExactly(3L);
        for (int k = 3; k < group.length; k++) {
            assertThat(claimed.get(k)).isEmpty();
        }
    }

    /** Groups of single-job claims from several threads at once, as a node's claim coalescer sends them. */
    @Test
    void concurrent_groups_of_claims_lease_each_job_exactly_once() throws Exception {
        int jobs = 240;
        Job[] all = new Job[jobs];
        for (int i = 0; i < jobs; i++) {
            all[i] = SampleJobs.pending(i + 1, FAR);
        }
        insert(all);
        ConcurrentLinkedQueue<Job> taken = new ConcurrentLinkedQueue<>();
        int threads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> claimers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                claimers.add(pool.submit(() -> {
                    for (int round = 0; ; round++) {
                        HolderClaim[] group = new HolderClaim[5];
                        for (int k = 0; k < group.length; k++) {
                            group[k] = new HolderClaim("p-" + thread + "-" + round + "-" + k, any(1));
                        }
                        List<List<Job>> claimed = claimEach(group);
                        int got = 0;
                        for (int k = 0; k < group.length; k++) {
                            assertThat(claimed.get(k)).hasSizeLessThanOrEqualTo(1);
                            for (Job job : claimed.get(k)) {
                                assertThat(job.leaseHolder()).isEqualTo(group[k].holder());
                                taken.add(job);
                                got++;
                            }
                        }
                        if (got == 0) {
                            return;
                        }
                    }
                }));
            }
            for (Future<?> claimer : claimers) {
                claimer.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(taken).extracting(Job::jobId).hasSize(jobs).doesNotHaveDuplicates();
        for (Job job : taken) {
            assertThat(stored(job).leaseHolder()).isEqualTo(job.leaseHolder());
            assertThat(stored(job).leaseToken()).isEqualTo(job.leaseToken());
        }
        assertThat(storage.read((StoreTx tx) -> tx.jobs().stats()).inProgressCount()).isEqualTo(jobs);
    }

    @Test
    void update_writes_every_mutable_field() {
        Job job = SampleJobs.pending(1, FAR);
        insert(job);
        Job changed = new Job(job.jobId(), job.kind(), job.tier(), JobStatus.COMPLETED, job.intentId(),
                job.traceHash(), job.traceRef(), job.params(), job.requester(), job.feeBudget(), job.rewardBudget(),
                job.createdAtMs(), job.createdSeq(), "holder", "", 77, 88_888, job.maxRetries(), 2, 99,
                "proof-ref", "proof_invalid: nope", "c0ffee", "beef", "{\"accuracy\":0.97}", 512, 0, 70);
        storage.write((StoreTx tx) -> {
            tx.jobs().update(changed);
            return null;
        });
        assertThat(stored(job)).isEqualTo(changed);
        assertThatThrownBy(() -> storage.write((StoreTx tx) -> {
            tx.jobs().update(SampleJobs.pending(99, FAR));
            return null;
        })).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void find_all_returns_each_stored_job_once_and_leaves_unknown_ids_out() {
        Job a = SampleJobs.pending(1, FAR);
        Job b = SampleJobs.in(SampleJobs.pending(2, FAR), JobStatus.IN_PROGRESS, 77);
        Job c = SampleJobs.pending(3, FAR);
        insert(a, b, c);
        List<JobId> wanted = List.of(c.jobId(), JobId.of("0".repeat(32)), a.jobId(), c.jobId());

        assertThat(storage.read((StoreTx tx) -> tx.jobs().findAll(wanted))).containsExactlyInAnyOrder(a, c);
        assertThat(storage.read((StoreTx tx) -> tx.jobs().findAll(List.of()))).isEmpty();
        List<JobId> sorted = java.util.stream.Stream.of(a, b, c).map(Job::jobId).sorted(Comparator.naturalOrder())
                .toList();
        assertThat(storage.write((StoreTx tx) -> tx.jobs().findAllForUpdate(List.of(c.jobId(), b.jobId(), a.jobId(),
                b.jobId())))).extracting(Job::jobId).containsExactlyElementsOf(sorted);
        assertThat(storage.read((StoreTx tx) -> tx.jobs().findAllForUpdate(List.of(c.jobId(), a.jobId()))))
                .extracting(Job::jobId).isSorted();
        assertThat(storage.write((StoreTx tx) -> tx.jobs().findAllForUpdate(List.of(b.jobId())))).containsExactly(b);
    }

    @Test
    void update_all_writes_every_mutable_field_of_each_job_and_refuses_unknown_jobs() {
        Job a = SampleJobs.pending(1, FAR);
        Job b = SampleJobs.pending(2, FAR);
        Job untouched = SampleJobs.pending(3, FAR);
        insert(a, b, untouched);
        Job doneA = new Job(a.jobId(), a.kind(), a.tier(), JobStatus.COMPLETED, a.intentId(), a.traceHash(),
                a.traceRef(), a.params(), a.requester(), a.feeBudget(), a.rewardBudget(), a.createdAtMs(),
                a.createdSeq(), "holder", "", 77, 88_888, a.maxRetries(), 2, 99, "proof-ref", "", "c0ffee", "beef",
                "{\"accuracy\":0.5}", 300, 0, 0);
        Job releasedB = new Job(b.jobId(), b.kind(), b.tier(), JobStatus.DEAD_LETTER, b.intentId(), b.traceHash(),
                b.traceRef(), b.params(), b.requester(), b.feeBudget(), b.rewardBudget(), b.createdAtMs(),
                b.createdSeq(), "", "", 0, 12_345, b.maxRetries(), 3, 0, "", "proof_invalid: \"quoted\", {braces}", "",
                "", "{}", 400, 0, 25);
        storage.write((StoreTx tx) -> {
            tx.jobs().updateAll(List.of(doneA, releasedB));
            tx.jobs().updateAll(List.of());
            return null;
        });
        assertThat(stored(a)).isEqualTo(doneA);
        assertThat(stored(b)).isEqualTo(releasedB);
        assertThat(stored(untouched)).isEqualTo(untouched);
        assertThatThrownBy(() -> storage.write((StoreTx tx) -> {
            tx.jobs().updateAll(List.of(SampleJobs.in(a, JobStatus.FAILED, 0), SampleJobs.pending(99, FAR)));
            return null;
        })).isInstanceOf(IllegalStateException.class);
        assertThat(stored(a)).as("the failed batch rolled back").isEqualTo(doneA);
    }

    @Test
    void attempts_open_and_close_in_batches_each_closing_the_newest_row_with_its_number() {
        Job a = SampleJobs.pending(1, FAR);
        Job b = SampleJobs.pending(2, FAR);
        insert(a, b);
        storage.write((StoreTx tx) -> {
            tx.jobs().insertAttempts(List.of(
                    new Attempt(a.jobId(), 1, "p1", 10, 0, AttemptOutcome.IN_PROGRESS, ""),
                    new Attempt(b.jobId(), 1, "p1", 10, 0, AttemptOutcome.IN_PROGRESS, "")));
            tx.jobs().endAttempt(a.jobId(), 1, 15, AttemptOutcome.PROOF_INVALID, "bad");
            // a requeued dead letter numbers its attempts from one again
            tx.jobs().insertAttempts(List.of(new Attempt(a.jobId(), 1, "p2", 20, 0, AttemptOutcome.IN_PROGRESS, "")));
            tx.jobs().insertAttempts(List.of());
            return null;
        });
        List<Optional<Attempt>> ended = storage.write((StoreTx tx) -> tx.jobs().endAttempts(List.of(
                new AttemptEnding(b.jobId(), 1, AttemptOutcome.LEASE_EXPIRED, "late"),
                new AttemptEnding(a.jobId(), 7, AttemptOutcome.COMPLETED, ""),
                new AttemptEnding(a.jobId(), 1, AttemptOutcome.COMPLETED, null)), 30));

        assertThat(ended).containsExactly(
                Optional.of(new Attempt(b.jobId(), 1, "p1", 10, 30, AttemptOutcome.LEASE_EXPIRED, "late")),
                Optional.empty(),
                Optional.of(new Attempt(a.jobId(), 1, "p2", 20, 30, AttemptOutcome.COMPLETED, "")));
        assertThat(storage.read((StoreTx tx) -> tx.jobs().attempts(a.jobId()))).containsExactly(
                new Attempt(a.jobId(), 1, "p1", 10, 15, AttemptOutcome.PROOF_INVALID, "bad"),
                new Attempt(a.jobId(), 1, "p2", 20, 30, AttemptOutcome.COMPLETED, ""));
        assertThat(storage.write((StoreTx tx) -> tx.jobs().endAttempts(List.of(), 40))).isEmpty();
    }

    @Test
    void expired_leases_are_in_progress_jobs_whose_lease_ran_out_oldest_first() {
        insert(SampleJobs.in(SampleJobs.pending(1, FAR), JobStatus.IN_PROGRESS, 300),
                SampleJobs.in(SampleJobs.pending(2, FAR), JobStatus.IN_PROGRESS, 100),
                SampleJobs.in(SampleJobs.pending(3, FAR), JobStatus.IN_PROGRESS, 250),
                SampleJobs.in(SampleJobs.pending(4, FAR), JobStatus.IN_PROGRESS, 200),
                SampleJobs.pending(5, FAR));
        assertThat(storage.write((StoreTx tx) -> tx.jobs().lockExpiredLeases(250, 10))).extracting(Job::createdSeq)
                .containsExactly(2L, 4L);
        assertThat(storage.write((StoreTx tx) -> tx.jobs().lockExpiredLeases(1_000, 1))).extracting(Job::createdSeq)
                .containsExactly(2L);
    }

    @Test
    void past_deadline_covers_pending_in_progress_and_dead_letter_jobs_only() {
        insert(SampleJobs.pending(1, 100), SampleJobs.in(SampleJobs.pending(2, 100), JobStatus.IN_PROGRESS, 50),
                SampleJobs.in(SampleJobs.pending(3, 100), JobStatus.DEAD_LETTER, 0),
                SampleJobs.in(SampleJobs.pending(4, 100), JobStatus.COMPLETED, 0),
                SampleJobs.in(SampleJobs.pending(5, 100), JobStatus.EXPIRED, 0),
                SampleJobs.in(SampleJobs.pending(6, 100), JobStatus.FAILED, 0),
                SampleJobs.pending(7, 500));
        assertThat(storage.write((StoreTx tx) -> tx.jobs().lockPastDeadline(200, 10))).extracting(Job::createdSeq)
                .containsExactlyInAnyOrder(1L, 2L, 3L);
        assertThat(storage.write((StoreTx tx) -> tx.jobs().lockPastDeadline(100, 10))).isEmpty();
        assertThat(storage.write((StoreTx tx) -> tx.jobs().lockPastDeadline(200, 2))).hasSize(2);
    }

    @Test
    void list_filters_and_pages_in_creation_order() {
        List<Job> jobs = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            Job job = SampleJobs.pending(i, i % 2 == 0 ? "stark" : "reexec", i <= 5 ? Tier.MICRO : Tier.MACRO, FAR);
            jobs.add(i % 3 == 0 ? SampleJobs.in(job, JobStatus.COMPLETED, 0) : job);
        }
        insert(jobs.toArray(Job[]::new));

        assertThat(list(new JobQuery(null, null, null, null, 0, 4))).containsExactly(1L, 2L, 3L, 4L);
        assertThat(list(new JobQuery(null, null, null, null, 4, 4))).containsExactly(5L, 6L, 7L, 8L);
        assertThat(list(new JobQuery(null, null, null, null, 8, 4))).containsExactly(9L);
        assertThat(list(new JobQuery(JobStatus.PENDING, null, null, null, 0, 100)))
                .containsExactly(1L, 2L, 4L, 5L, 7L, 8L);
        assertThat(list(new JobQuery(JobStatus.PENDING, Tier.MACRO, "stark", null, 0, 100))).containsExactly(8L);
        assertThat(list(new JobQuery(null, Tier.MICRO, null, SampleJobs.INTENT_ID, 2, 100)))
                .containsExactly(3L, 4L, 5L);
        assertThat(list(new JobQuery(null, null, null, IntentId.of(SampleJobs.hash("other-intent")), 0, 100))).isEmpty();
        assertThat(list(new JobQuery(null, null, null, null, 0, 0))).isEmpty();
    }

    @Test
    void list_pages_newest_first_and_filters_by_a_prover_that_claimed_the_job() {
        List<Job> jobs = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            jobs.add(SampleJobs.pending(i, FAR));
        }
        insert(jobs.toArray(Job[]::new));
        storage.write((StoreTx tx) -> {
            tx.jobs().insertAttempts(List.of(
                    new Attempt(jobs.get(1).jobId(), 1, "prover-a", 1, 2, AttemptOutcome.WORKER_FAILED, "x"),
                    new Attempt(jobs.get(1).jobId(), 2, "prover-b", 3, 4, AttemptOutcome.WORKER_FAILED, "y"),
                    new Attempt(jobs.get(4).jobId(), 1, "prover-a", 5, 6, AttemptOutcome.WORKER_FAILED, "z"),
                    new Attempt(jobs.get(5).jobId(), 1, "prover-a", 7, 8, AttemptOutcome.WORKER_FAILED, "z")));
            return null;
        });

        assertThat(list(new JobQuery(null, null, null, null, null, true, 0, 3))).containsExactly(7L, 6L, 5L);
        assertThat(list(new JobQuery(null, null, null, null, null, true, 5, 3))).containsExactly(4L, 3L, 2L);
        assertThat(list(new JobQuery(null, null, null, null, null, true, 2, 3))).containsExactly(1L);
        assertThat(list(new JobQuery(null, null, null, null, "prover-a", false, 0, 10))).containsExactly(2L, 5L, 6L);
        assertThat(list(new JobQuery(null, null, null, null, "prover-a", true, 0, 2))).containsExactly(6L, 5L);
        assertThat(list(new JobQuery(null, null, null, null, "prover-a", true, 5, 2))).containsExactly(2L);
        assertThat(list(new JobQuery(null, null, null, null, "prover-b", true, 0, 10))).containsExactly(2L);
        assertThat(list(new JobQuery(null, null, null, null, "nobody", true, 0, 10))).isEmpty();
    }

    private List<Long> list(JobQuery query) {
        return storage.read((StoreTx tx) -> tx.jobs().list(query)).stream().map(Job::createdSeq).toList();
    }

    @Test
    void unfinished_jobs_and_queue_stats_count_by_status() {
        insert(SampleJobs.pending(1, FAR), SampleJobs.in(SampleJobs.pending(2, FAR), JobStatus.IN_PROGRESS, 9),
                SampleJobs.in(SampleJobs.pending(3, FAR), JobStatus.COMPLETED, 0),
                SampleJobs.in(SampleJobs.pending(4, FAR), JobStatus.COMPLETED, 0),
                SampleJobs.in(SampleJobs.pending(5, FAR), JobStatus.EXPIRED, 0),
                SampleJobs.in(SampleJobs.pending(6, FAR), JobStatus.DEAD_LETTER, 0));
        assertThat(storage.write((StoreTx tx) -> tx.jobs().countUnfinished(SampleJobs.INTENT_ID))).isEqualTo(4);
        assertThat(storage.read((StoreTx tx) -> tx.jobs().countUnfinished(IntentId.of(SampleJobs.hash("no-such-intent"))))).isZero();
        assertThat(storage.read((StoreTx tx) -> tx.jobs().stats())).isEqualTo(new QueueStats(1, 1, 2, 0, 1, 1));
    }

    @Test
    void attempts_keep_their_history_and_an_update_replaces_the_newest_with_that_number() {
        Job job = SampleJobs.pending(1, FAR);
        insert(job);
        storage.write((StoreTx tx) -> {
            tx.jobs().insertAttempt(new Attempt(job.jobId(), 1, "p1", 10, 0, AttemptOutcome.IN_PROGRESS, null));
            assertThat(tx.jobs().endAttempt(job.jobId(), 1, 20, AttemptOutcome.LEASE_EXPIRED, "late")).contains(
                    new Attempt(job.jobId(), 1, "p1", 10, 20, AttemptOutcome.LEASE_EXPIRED, "late"));
            tx.jobs().insertAttempt(new Attempt(job.jobId(), 2, "p2", 30, 0, AttemptOutcome.IN_PROGRESS, ""));
            tx.jobs().endAttempt(job.jobId(), 2, 40, AttemptOutcome.PROOF_INVALID, "bad");
            assertThat(tx.jobs().endAttempt(job.jobId(), 9, 40, AttemptOutcome.PROOF_INVALID, "none")).isEmpty();
            // After an operator requeues a dead letter, numbering starts again from one.
            tx.jobs().insertAttempt(new Attempt(job.jobId(), 1, "p3", 50, 0, AttemptOutcome.IN_PROGRESS, ""));
            tx.jobs().endAttempt(job.jobId(), 1, 60, AttemptOutcome.COMPLETED, "");
            return null;
        });
        assertThat(storage.read((StoreTx tx) -> tx.jobs().attempts(job.jobId()))).containsExactly(
                new Attempt(job.jobId(), 1, "p1", 10, 20, AttemptOutcome.LEASE_EXPIRED, "late"),
                new Attempt(job.jobId(), 2, "p2", 30, 40, AttemptOutcome.PROOF_INVALID, "bad"),
                new Attempt(job.jobId(), 1, "p3", 50, 60, AttemptOutcome.COMPLETED, ""));
        assertThat(storage.read((StoreTx tx) -> tx.jobs().attempts(JobId.of("0".repeat(32))))).isEmpty();
    }

    @Test
    void intents_read_back_and_change_status() {
        var intent = SampleJobs.intent(SampleJobs.INTENT_ID, List.of(SampleJobs.jobId("a1"), SampleJobs.jobId("b2"),
                SampleJobs.jobId("c3")));
        storage.write((StoreTx tx) -> {
            tx.jobs().insertIntent(intent);
            return null;
        });
        assertThat(storage.read((StoreTx tx) -> tx.jobs().intent(intent.intentId()))).contains(intent);
        storage.write((StoreTx tx) -> {
            tx.jobs().updateIntentStatus(intent.intentId(), "proven");
            return null;
        });
        assertThat(storage.read((StoreTx tx) -> tx.jobs().intent(intent.intentId()))).contains(intent.withStatus("proven"));
        assertThat(storage.read((StoreTx tx) -> tx.jobs().intent(IntentId.of(SampleJobs.hash("nope"))))).isEmpty();
    }

    @Test
    void a_requesters_intents_page_newest_first_by_time_then_id_and_no_one_elses() {
        // Two at the same millisecond (ties go by id, larger first), one of another requester in between.
        Intent old = sampleIntent("old", SampleJobs.REQUESTER, 1_000);
        Intent tieA = sampleIntent("tie-a", SampleJobs.REQUESTER, 2_000);
        Intent tieB = sampleIntent("tie-b", SampleJobs.REQUESTER, 2_000);
        Intent newest = sampleIntent("newest", SampleJobs.REQUESTER, 3_000);
        Intent others = sampleIntent("others", Did.of(SampleJobs.did("someone-else")), 2_500);
        storage.write((StoreTx tx) -> {
            for (Intent intent : List.of(tieB, old, others, newest, tieA)) {
                tx.jobs().insertIntent(intent);
            }
            return null;
        });
        List<Intent> ties = tieA.intentId().hex().compareTo(tieB.intentId().hex()) > 0 ? List.of(tieA, tieB)
                : List.of(tieB, tieA);
        String requester = SampleJobs.REQUESTER.text();
        List<Intent> first = storage.read((StoreTx tx) -> tx.jobs().intentsOf(requester, null, 2));
        assertThat(first).containsExactly(newest, ties.get(0));
        JobStore.IntentPlace place = new JobStore.IntentPlace(first.getLast().createdAtMs(),
                first.getLast().intentId());
        assertThat(storage.read((StoreTx tx) -> tx.jobs().intentsOf(requester, place, 2)))
                .containsExactly(ties.get(1), old);
        JobStore.IntentPlace end = new JobStore.IntentPlace(old.createdAtMs(), old.intentId());
        assertThat(storage.read((StoreTx tx) -> tx.jobs().intentsOf(requester, end, 2))).isEmpty();
        assertThat(storage.read((StoreTx tx) -> tx.jobs().intentsOf(others.requester().text(), null, 10)))
                .containsExactly(others);
        assertThat(storage.read((StoreTx tx) -> tx.jobs().intentsOf(SampleJobs.did("nobody"), null, 10))).isEmpty();
    }

    private static Intent sampleIntent(String seed, Did requester, long createdAtMs) {
        Intent base = SampleJobs.intent(IntentId.of(SampleJobs.hash(seed)), List.of(SampleJobs.jobId(seed)));
        return new Intent(base.intentId(), requester, base.programRef(), base.inputs(), base.maxSteps(), base.tier(),
                base.fee(), base.status(), base.output(), base.steps(), base.traceHash(), base.traceRef(),
                base.jobIds(), createdAtMs, base.ledgerSeq());
    }

    @Test
    void provers_register_on_first_touch_and_add_up_their_outcomes() {
        storage.write((StoreTx tx) -> {
            tx.jobs().touchProver("p1", 100);
            tx.jobs().recordProverOutcome(ProverTally.completedOne("p1", 90, 100), 200);
            tx.jobs().recordProverOutcome(ProverTally.completedOne("p1", 10, 300), 300);
            tx.jobs().recordProverOutcome(ProverTally.failedOne("p1"), 400);
            tx.jobs().touchProver("p1", 350); // an older clock reading never moves last-seen back
            tx.jobs().touchProver("p2", 500);
            return null;
        });
        assertThat(storage.read((StoreTx tx) -> tx.jobs().prover("p1")))
                .contains(new ProverStats("p1", 2, 1, 100, 200, 400, 100));
        assertThat(storage.read((StoreTx tx) -> tx.jobs().provers())).extracting(ProverStats::proverId)
                .containsExactly("p1", "p2");
        assertThat(storage.read((StoreTx tx) -> tx.jobs().prover("p3"))).isEmpty();
    }

    /** The group forms (one statement on PostgreSQL) must add up exactly as the one-at-a-time calls do. */
    @Test
    void provers_touched_and_tallied_as_a_group_add_up_as_one_at_a_time() {
        storage.write((StoreTx tx) -> {
            tx.jobs().touchProvers(List.of("g1", "g2"), 100);
            tx.jobs().recordProverOutcomes(List.of(new ProverTally("g1", 2, 0, 100, 300),
                    new ProverTally("g3", 1, 1, 50, 70)), 200);
            tx.jobs().recordProverOutcomes(List.of(ProverTally.failedOne("g1")), 400);
            tx.jobs().touchProvers(List.of("g1", "g2", "g4"), 350); // g1 stays at 400: last-seen never moves back
            return null;
        });
        assertThat(storage.read((StoreTx tx) -> tx.jobs().prover("g1")))
                .contains(new ProverStats("g1", 2, 1, 100, 150, 400, 100));
        assertThat(storage.read((StoreTx tx) -> tx.jobs().prover("g2")))
                .contains(new ProverStats("g2", 0, 0, 0, 0, 350, 100));
        assertThat(storage.read((StoreTx tx) -> tx.jobs().prover("g3")))
                .contains(new ProverStats("g3", 1, 1, 50, 70, 200, 200));
        assertThat(storage.read((StoreTx tx) -> tx.jobs().prover("g4")))
                .contains(new ProverStats("g4", 0, 0, 0, 0, 350, 350));
    }

    @Test
    void claimed_tokens_come_from_the_supplier_one_per_job() {
        for (int i = 1; i <= 4; i++) {
            insert(SampleJobs.pending(i, FAR));
        }
        Set<String> handedOut = new HashSet<>();
        Supplier<String> tokens = () -> {
            String token = "t" + handedOut.size() + "\"quoted\\";
            handedOut.add(token);
            return token;
        };
        List<Job> claimed = storage.write((StoreTx tx) -> tx.jobs().claim(any(4), "p", NOW, tokens));
        assertThat(claimed).extracting(Job::leaseToken).containsExactlyInAnyOrderElementsOf(handedOut);
    }
}

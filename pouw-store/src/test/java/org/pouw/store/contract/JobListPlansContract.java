package org.pouw.store.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pouw.core.id.Did;
import org.pouw.core.id.IntentId;
import org.pouw.core.id.JobId;
import org.pouw.core.job.Attempt;
import org.pouw.core.job.AttemptOutcome;
import org.pouw.core.job.Intent;
import org.pouw.core.job.Job;
import org.pouw.core.job.JobQuery;
import org.pouw.core.job.JobStatus;
import org.pouw.core.job.Tier;
import org.pouw.core.port.JobStore;
import org.pouw.core.port.StoreTx;
import org.pouw.store.jdbc.JobListStatement;
import org.pouw.store.support.SampleJobs;

/**
 * Issue 29: each filter of the jobs list ({@code GET /v1/pouw/jobs}) and the combinations the console sends answer a
 * page from the filter's own index (V36), never by walking every job: the database's own plan for the very SQL the
 * store runs ({@link JobListStatement}) is read and must name the index; a full scan, a walk of created_seq's index
 * alone or a sort of the rows fails. The store holds 3,000 jobs of which the filtered values match a handful, the
 * case that took seconds on 100,000 jobs before (docs/console.md), in 1,000 intents of three jobs. The intents
 * list's kind filter likewise.
 */
public abstract class JobListPlansContract extends StorageTestBase {
    private static final int JOBS = 3_000;
    private static final long FAR = Long.MAX_VALUE / 4;
    private static final String BUSY = SampleJobs.did("busy-prover");
    private static final String RARE = SampleJobs.did("rare-prover");
    private static final int JOBS_PER_INTENT = 3;

    private IntentId firstIntent;

    /**
     * Each plan the database may run for this statement, each as its lines: SQLite's one plan; PostgreSQL's plan for
     * the values written in and its generic plan for a prepared statement (what a reused statement may run).
     */
    protected abstract List<List<String>> plans(JobListStatement statement);

    /** The database's plan of a statement with no parameters. */
    protected abstract List<String> plan(String sql);

    /**
     * Whether a plan reads every row, or (SQLite) sorts rows: SQLite, without statistics, must walk a filter's index
     * in order; PostgreSQL may sort the few rows a filter's index found.
     */
    protected abstract boolean walksOrSorts(List<String> plan);

    /** Refreshes the planner's statistics as the database would on its own (PostgreSQL's autovacuum analyses). */
    protected abstract void analyze();

    @BeforeEach
    void fillTheStore() {
        List<Intent> intents = new ArrayList<>(JOBS / JOBS_PER_INTENT);
        List<Job> jobs = new ArrayList<>(JOBS);
        for (int seq = 1; seq <= JOBS; seq++) {
            if ((seq - 1) % JOBS_PER_INTENT == 0) {
                intents.add(SampleJobs.intent(IntentId.of(SampleJobs.hash("intent-" + seq)), List.of()));
            }
            // Almost every job is a macro reexec job; every 500th is a micro ml-train job, and a few are dead letters.
            boolean rare = seq % 500 == 0;
            Job job = jobOf(intents.getLast().intentId(), seq, rare ? "ml-train" : "reexec",
                    rare ? Tier.MICRO : Tier.MACRO);
            jobs.add(seq % 700 == 0 ? SampleJobs.in(job, JobStatus.DEAD_LETTER, 0) : job);
        }
        firstIntent = intents.getFirst().intentId();
        storage.write((StoreTx tx) -> {
            intents.forEach(tx.jobs()::insertIntent);
            for (Job job : jobs) {
                tx.jobs().insert(job);
            }
            List<Attempt> attempts = new ArrayList<>();
            for (int i = 0; i < JOBS; i += 2) {
                attempts.add(new Attempt(jobs.get(i).jobId(), 1, BUSY, i, i + 1, AttemptOutcome.WORKER_FAILED, "x"));
            }
            for (int i : new int[] {10, 1_000, 2_000}) {
                attempts.add(new Attempt(jobs.get(i).jobId(), 2, RARE, i, i + 1, AttemptOutcome.WORKER_FAILED, "y"));
            }
            tx.jobs().insertAttempts(attempts);
            return null;
        });
        analyze();
    }

    @Test
    void every_filter_of_the_jobs_list_reads_its_own_index() {
        expectIndex(query(JobStatus.DEAD_LETTER, null, null, null), "jobs_by_status_seq");
        expectIndex(query(null, Tier.MICRO, null, null), "jobs_by_tier_seq");
        expectIndex(query(null, null, "ml-train", null), "jobs_by_kind_seq");
        expectIndex(query(null, null, "no-such-kind", null), "jobs_by_kind_seq");
        expectIndex(query(null, null, null, RARE), "attempts_by_prover_seq");
        expectIndex(query(null, null, null, BUSY), "attempts_by_prover_seq");
        expectIndex(query(null, null, null, SampleJobs.did("no-attempt")), "attempts_by_prover_seq");
        JobQuery oldestFirst = new JobQuery(null, Tier.MICRO, null, null, null, false, 0, 25);
        expectIndex(oldestFirst, "jobs_by_tier_seq");
    }

    @Test
    void the_combinations_the_console_sends_read_an_index_of_one_of_their_filters() {
        // The console's form sends any of status, kind, tier and prover together.
        String status = "jobs_by_status_seq";
        String tier = "jobs_by_tier_seq";
        String kind = "jobs_by_kind_seq";
        String prover = "attempts_by_prover_seq";
        expectIndex(query(JobStatus.DEAD_LETTER, Tier.MICRO, null, null), status, tier);
        expectIndex(query(JobStatus.DEAD_LETTER, null, "ml-train", null), status, kind);
        expectIndex(query(null, Tier.MICRO, "ml-train", null), tier, kind);
        expectIndex(query(JobStatus.DEAD_LETTER, Tier.MICRO, "ml-train", null), status, tier, kind);
        expectIndex(query(JobStatus.DEAD_LETTER, null, null, RARE), status, prover);
        expectIndex(query(null, Tier.MICRO, "ml-train", BUSY), tier, kind, prover);
        // An intent's jobs are few: its index (a sort of the intent's own jobs is allowed), never a scan of the table.
        for (List<String> plan : plans(JobListStatement.of(new JobQuery(null, null, null, firstIntent, null, true,
                0, 25)))) {
            String text = String.join("\n", plan);
            assertThat(text).as(text).doesNotContain("SCAN jobs\n").doesNotEndWith("SCAN jobs")
                    .doesNotContain("Seq Scan");
            assertThat(text).as(text).contains("jobs_by_intent");
        }
    }

    @Test
    void a_page_by_prover_lists_each_job_it_claimed_once_in_order() {
        // The rare prover's second attempt at one of its jobs: still one row for the job.
        storage.write((StoreTx tx) -> {
            Job job = tx.jobs().list(query(null, null, null, RARE)).getFirst();
            tx.jobs().insertAttempt(new Attempt(job.jobId(), 3, RARE, 9, 10, AttemptOutcome.LEASE_EXPIRED, "z"));
            return null;
        });
        assertThat(seqs(query(null, null, null, RARE))).containsExactly(2_001L, 1_001L, 11L);
        assertThat(seqs(new JobQuery(null, null, null, null, RARE, true, 1_001, 25))).containsExactly(11L);
        assertThat(seqs(new JobQuery(null, null, null, null, RARE, false, 11, 25))).containsExactly(1_001L, 2_001L);
        assertThat(seqs(query(null, Tier.MICRO, null, BUSY))).isEmpty(); // it claimed odd ones, micro are even
        assertThat(seqs(query(JobStatus.DEAD_LETTER, null, null, BUSY))).isEmpty(); // dead letters are even too
        assertThat(seqs(query(JobStatus.PENDING, null, "reexec", RARE))).containsExactly(2_001L, 1_001L, 11L);
    }

    @Test
    void a_page_of_intents_by_kind_reads_the_intent_kinds_index() {
        List<String> plan = plan(JobListStatement.intentsOfKind().replace("?", "'x'").replace("LIMIT 'x'", "LIMIT 20"));
        assertThat(walksOrSorts(plan)).as(String.join("\n", plan)).isFalse();
        // PostgreSQL names the index, SQLite the table's key (a WITHOUT ROWID table is its primary key).
        assertThat(List.of("intent_kinds_pkey", "SEARCH k USING PRIMARY KEY (requester=? AND kind=?)"))
                .as(String.join("\n", plan)).anyMatch(String.join("\n", plan)::contains);
    }

    @Test
    void intents_filter_by_the_kinds_of_their_jobs_newest_first() {
        Did requester = Did.of(SampleJobs.did("kinds-client"));
        IntentId mixed = IntentId.of(SampleJobs.hash("mixed"));
        IntentId plain = IntentId.of(SampleJobs.hash("plain"));
        IntentId batched = IntentId.of(SampleJobs.hash("batched"));
        storage.write((StoreTx tx) -> {
            long seq = JOBS + 1;
            for (IntentId id : List.of(mixed, plain, batched)) {
                Intent base = SampleJobs.intent(id, List.of());
                tx.jobs().insertIntent(new Intent(id, requester, base.programRef(), base.inputs(), base.maxSteps(),
                        base.tier(), base.fee(), base.status(), base.output(), base.steps(), base.traceHash(),
                        base.traceRef(), List.of(), 10_000 + seq, base.ledgerSeq()));
                seq++;
            }
            tx.jobs().insert(jobOf(mixed, JOBS + 10, "reexec", Tier.MACRO));
            tx.jobs().insert(jobOf(mixed, JOBS + 11, "ml-train", Tier.MACRO));
            tx.jobs().insert(jobOf(mixed, JOBS + 12, "ml-train", Tier.MACRO));
            tx.jobs().insert(jobOf(plain, JOBS + 13, "reexec", Tier.MACRO));
            Job member = jobOf(batched, JOBS + 14, "batch-member", Tier.MACRO);
            tx.jobs().insert(member);
            tx.jobs().rebind(member.jobId(), "vm-stark", "{}");
            return null;
        });
        String who = requester.text();
        assertThat(intentIds(who, null, null, 10)).containsExactly(batched, plain, mixed);
        assertThat(intentIds(who, "reexec", null, 10)).containsExactly(plain, mixed);
        assertThat(intentIds(who, "ml-train", null, 10)).containsExactly(mixed);
        assertThat(intentIds(who, "vm-stark", null, 10)).containsExactly(batched);
        assertThat(intentIds(who, "batch-member", null, 10)).containsExactly(batched);
        assertThat(intentIds(who, "no-such-kind", null, 10)).isEmpty();
        assertThat(intentIds(SampleJobs.did("someone-else"), "reexec", null, 10)).isEmpty();
        List<Intent> first = storage.read((StoreTx tx) -> tx.jobs().intentsOf(who, "reexec", null, 1));
        JobStore.IntentPlace after = new JobStore.IntentPlace(first.getLast().createdAtMs(),
                first.getLast().intentId());
        assertThat(intentIds(who, "reexec", after, 10)).containsExactly(mixed);
    }

    private static Job jobOf(IntentId intentId, long seq, String kind, Tier tier) {
        Job job = SampleJobs.pending(seq, kind, tier, FAR);
        return new Job(JobId.derive(intentId, job.traceHash(), job.tier(), seq), kind, job.tier(), job.status(),
                intentId, job.traceHash(), job.traceRef(), job.params(), job.requester(), job.feeBudget(),
                job.rewardBudget(), job.createdAtMs(), seq, job.leaseHolder(), job.leaseToken(),
                job.leaseExpiresAtMs(), job.deadlineMs(), job.maxRetries(), job.attempts(), job.completedAtMs(),
                job.resultRef(), job.lastError(), job.commitment(), job.challenge(), job.resultInfo(), job.price(),
                job.collateral(), job.forfeitsHeld());
    }

    private List<IntentId> intentIds(String requester, String kind, JobStore.IntentPlace after, int limit) {
        return storage.read((StoreTx tx) -> tx.jobs().intentsOf(requester, kind, after, limit)).stream()
                .map(Intent::intentId).toList();
    }

    private List<Long> seqs(JobQuery query) {
        return storage.read((StoreTx tx) -> tx.jobs().list(query)).stream().map(Job::createdSeq).toList();
    }

    private static JobQuery query(JobStatus status, Tier tier, String kind, String prover) {
        return new JobQuery(status, tier, kind, null, prover, true, 0, 25);
    }

    private void expectIndex(JobQuery query, String... anyOf) {
        for (List<String> plan : plans(JobListStatement.of(query))) {
            String text = String.join("\n", plan);
            assertThat(walksOrSorts(plan)).as("%s walks or sorts:%n%s", query, text).isFalse();
            assertThat(anyOf).as("%s reads none of the indexes expected:%n%s", query, text)
                    .anyMatch(text::contains);
        }
    }
}

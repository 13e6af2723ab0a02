package org.pouw.store.jdbc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import org.pouw.core.id.IntentId;
import org.pouw.core.id.JobId;
import org.pouw.core.job.Attempt;
import org.pouw.core.job.AttemptOutcome;
import org.pouw.core.job.BatchMember;
import org.pouw.core.job.IdempotencyBinding;
import org.pouw.core.job.Intent;
import org.pouw.core.job.Job;
import org.pouw.core.job.JobNeeds;
import org.pouw.core.job.JobQuery;
import org.pouw.core.job.WorkerCapacity;
import org.pouw.core.job.JobStatus;
import org.pouw.core.job.PendingFailure;
import org.pouw.core.job.ProverStats;
import org.pouw.core.job.ProverTally;
import org.pouw.core.job.QueueStats;
import org.pouw.core.job.ReputationRecord;
import org.pouw.core.port.JobStore;
import org.pouw.core.port.QueueDepth;
import org.pouw.core.standing.ProverPace;

/**
 * The part of {@link JobStore} whose SQL is the same on SQLite and PostgreSQL. The statements that claim and lock
 * jobs differ (row locks, {@code SKIP LOCKED}, array parameters) and live in each database's subclass.
 */
public abstract class JdbcJobStore implements JobStore {
    // The job's size and needs (issue 27, item 3, V20) are written once here and read only by the claims' filters.
    // Its time at the slowest assumed speed (V37) likewise, and read once more when its prover's pace is measured.
    // The cores and accelerators its intent requires (V38) likewise.
    private static final String INSERT = "INSERT INTO jobs (" + JobRows.COLUMNS
            + ", work_units, need_memory_mb, need_ms, need_cores, need_accelerators) VALUES ("
            + JobRows.placeholders() + ", ?, ?, ?, ?, ?)";
    private static final String SLOWEST_MS = "SELECT need_ms FROM jobs WHERE job_id = ?";
    private static final String PACE = "SELECT pace_permille, pace_at_ms FROM provers WHERE prover_id = ?";
    private static final String PACES = "SELECT prover_id, pace_permille, pace_at_ms FROM provers";
    private static final String RECORD_PACE = "UPDATE provers SET pace_permille = ?, pace_at_ms = ? WHERE prover_id = ?";
    // The intent's kinds (V36) follow its jobs: a row for each kind it has, in the requester's list order.
    private static final String NOTE_INTENT_KIND = """
            INSERT INTO intent_kinds (requester, kind, created_at_ms, intent_id)
            SELECT requester, ?, created_at_ms, intent_id FROM intents WHERE intent_id = ?
            ON CONFLICT DO NOTHING""";
    // A rebound job's new kind (a batch member's fallback, a batch's lead) joins its intent's kinds; the old stays.
    private static final String NOTE_JOB_KIND = """
            INSERT INTO intent_kinds (requester, kind, created_at_ms, intent_id)
            SELECT i.requester, j.kind, i.created_at_ms, i.intent_id FROM jobs AS j, intents AS i
            WHERE j.job_id = ? AND i.intent_id = j.intent_id
            ON CONFLICT DO NOTHING""";
    private static final String FIND = "SELECT " + JobRows.COLUMNS + " FROM jobs WHERE job_id = ?";
    private static final String UPDATE = """
            UPDATE jobs SET status = ?, lease_holder = ?, lease_token = ?, lease_expires_at_ms = ?, deadline_ms = ?,
                            attempts = ?, max_retries = ?, completed_at_ms = ?, result_ref = ?, last_error = ?, commitment = ?,
                            challenge = ?, result_info = ?, price = ?, collateral = ?, forfeits_held = ?
            WHERE job_id = ?""";
    private static final String COUNT_UNFINISHED =
            "SELECT count(*) FROM jobs WHERE intent_id = ? AND status <> 'completed'";
    // Answered by the partial index intents_open_by_requester (V20).
    private static final String OPEN_STEPS =
            "SELECT COALESCE(SUM(work_units), 0) FROM intents WHERE requester = ? AND status = 'proving'";
    private static final String STATS = "SELECT status, count(*) FROM jobs GROUP BY status";
    private static final String DEPTH = "SELECT kind, tier,"
            + " SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END),"
            + " SUM(CASE WHEN status = 'pending' THEN work_units ELSE 0 END),"
            + " SUM(CASE WHEN status = 'in_progress' THEN 1 ELSE 0 END)"
            + " FROM jobs WHERE status IN ('pending', 'in_progress') GROUP BY kind, tier ORDER BY kind, tier";
    private static final String REPUTATION = "SELECT prover_id, good_milli, bad_milli, at_ms,"
            + " lease_allowance, allowance_at_ms FROM prover_reputation";
    private static final String MAKE_REPUTATION = "INSERT INTO prover_reputation (prover_id, good_milli, bad_milli,"
            + " at_ms) VALUES (?, 0, 0, ?) ON CONFLICT (prover_id) DO NOTHING";
    private static final String SAVE_REPUTATION = "UPDATE prover_reputation SET good_milli = ?, bad_milli = ?,"
            + " at_ms = ?, lease_allowance = ?, allowance_at_ms = ? WHERE prover_id = ?";
    private static final String HOLD_FAILURE = "INSERT INTO pending_failures (job_id, attempt_no, prover_id,"
            + " bad_milli, failed_at_ms) VALUES (?, ?, ?, ?, ?)";
    private static final String TAKE_HELD_FAILURES = "DELETE FROM pending_failures WHERE job_id = ?"
            + " RETURNING job_id, attempt_no, prover_id, bad_milli, failed_at_ms";
    private static final String DROP_HELD_FAILURES = "DELETE FROM pending_failures WHERE job_id = ?";
    private static final String HELD_FAILURES = "SELECT job_id, attempt_no, prover_id, bad_milli, failed_at_ms"
            + " FROM pending_failures WHERE job_id = ? ORDER BY attempt_no";
    // V26's partial indexes on completion time serve both halves.
    private static final String COMPLETED_SINCE = "SELECT " + JobRows.COLUMNS + " FROM jobs"
            + " WHERE status = 'completed' AND completed_at_ms >= ?"
            + " UNION ALL SELECT " + JobRows.COLUMNS + " FROM jobs_history"
            + " WHERE status = 'completed' AND completed_at_ms >= ?"
            + " ORDER BY completed_at_ms DESC, job_id LIMIT ?";
    private static final String WAITING_FOR_BATCH = "SELECT " + JobRows.COLUMNS + " FROM jobs"
            + " WHERE status = 'pending' AND kind = ?"
            + " AND NOT EXISTS (SELECT 1 FROM job_batches AS b WHERE b.job_id = jobs.job_id)"
            + " ORDER BY created_seq LIMIT ?";
    private static final String INSERT_BATCH_MEMBER = "INSERT INTO job_batches (job_id, lead_job_id, fallback_kind,"
            + " fallback_params) VALUES (?, ?, ?, ?)";
    private static final String BATCH_MEMBERSHIP = "SELECT job_id, lead_job_id, fallback_kind, fallback_params"
            + " FROM job_batches WHERE job_id = ?";
    private static final String BATCH_OF = "SELECT job_id, lead_job_id, fallback_kind, fallback_params"
            + " FROM job_batches WHERE lead_job_id = ? ORDER BY job_id";
    private static final String DELETE_BATCH = "DELETE FROM job_batches WHERE lead_job_id = ?";
    private static final String REBIND = "UPDATE jobs SET kind = ?, params = ? WHERE job_id = ?";

    protected final SqlSession sql;
    private final CounterTable counters;
    private final IntentTable intents;
    private final AttemptTable attempts;
    protected final ProverTable provers;
    private final IdempotencyKeyTable idempotencyKeys;
    private final JobHistoryTables history;

    protected JdbcJobStore(SqlSession sql) {
        this.sql = sql;
        this.counters = new CounterTable(sql);
        this.intents = new IntentTable(sql);
        this.attempts = new AttemptTable(sql);
        this.provers = new ProverTable(sql);
        this.idempotencyKeys = new IdempotencyKeyTable(sql);
        this.history = new JobHistoryTables(sql);
    }

    /**
     * The claim filter that keeps a job from a holder who failed it twice; its one placeholder is the holder. The
     * attempts index on (prover_id, job_id) answers it per candidate row.
     */
    // The leading space matters: a text block would strip it, and the filter follows a bare "?" in the claim, which
    // PostgreSQL 15 and later refuse as "?AND" (trailing junk after a parameter); 14, the embedded server, let it by.
    /** The claim filter that keeps jobs waiting for a batch (or riding in one) from every claim. */
    protected static final String NOT_A_BATCH_MEMBER = " AND kind <> '" + BatchMember.WAITING_KIND + "'";

    /**
     * The claim filters for what the worker declared (issue 27, item 3), each with one placeholder, in this order:
     * its memory, then its largest job (an undeclared one adds nothing), its cores and the accelerators it lacks
     * (always: undeclared is one core and none), then its pace.
     */
    protected static String capacityFilters(WorkerCapacity capacity) {
        return (capacity.declaresMemory() ? " AND need_memory_mb <= ?" : "")
                + (capacity.declaresLargestJob() ? " AND work_units <= ?" : "")
                // the job's cores, and none of its accelerators among those the worker lacks (V38)
                + " AND need_cores <= ? AND (need_accelerators & ?) = 0"
                // its time at the slowest speed over the prover's pace fits before the deadline (V37)
                + (capacity.filtersByTime() ? " AND need_ms * 1000 <= ? * (deadline_ms - ?)" : "");
    }

    /** The values of {@link #capacityFilters}' placeholders, in order. */
    protected static void addCapacityParams(WorkerCapacity capacity, long nowMs, List<Object> params) {
        if (capacity.declaresMemory()) {
            params.add(capacity.memoryMb());
        }
        if (capacity.declaresLargestJob()) {
            params.add(capacity.maxWorkUnits());
        }
        params.add(capacity.coresOffered());
        params.add(~capacity.accelerators());
        if (capacity.filtersByTime()) {
            params.add(capacity.pacePermille());
            params.add(nowMs);
        }
    }

    protected static final String NOT_FAILED_TWICE_BY_HOLDER = " AND (SELECT count(*) FROM attempts AS failed"
            + " WHERE failed.prover_id = ? AND failed.job_id = jobs.job_id"
            + " AND failed.outcome IN ('proof_invalid', 'worker_failed', 'lease_expired')) < 2";

    @Override
    public Optional<IdempotencyBinding> idempotencyBinding(String requester, String key) {
        return idempotencyKeys.find(requester, key);
    }

    @Override
    public boolean bindIdempotencyKey(IdempotencyBinding binding) {
        return idempotencyKeys.bind(binding);
    }

    @Override
    public int forgetIdempotencyKeys(long createdBeforeMs) {
        return idempotencyKeys.forget(createdBeforeMs);
    }

    @Override
    public long nextSeq(String counter, int count) {
        return counters.next(counter, count);
    }

    @Override
    public void insertIntent(Intent intent, long workUnits) {
        intents.insert(intent, workUnits);
    }

    @Override
    public long openStepsOf(String requester) {
        return sql.longValue(OPEN_STEPS, 0, requester);
    }

    @Override
    public Optional<Intent> intent(IntentId intentId) {
        return intents.find(intentId);
    }

    @Override
    public List<Intent> intentsOf(String requester, String kind, IntentPlace after, int limit) {
        return kind == null ? intents.of(requester, after, limit) : intents.ofKind(requester, kind, after, limit);
    }

    @Override
    public void updateIntentStatus(IntentId intentId, String status) {
        intents.updateStatus(intentId, status);
    }

    @Override
    public void insert(Job job, long workUnits, JobNeeds needs) {
        Object[] row = JobRows.values(job);
        Object[] values = java.util.Arrays.copyOf(row, row.length + 5);
        values[row.length] = workUnits;
        values[row.length + 1] = needs.memoryMb();
        values[row.length + 2] = needs.slowestMs();
        values[row.length + 3] = needs.machine().cores();
        values[row.length + 4] = needs.machine().accelerators();
        sql.update(INSERT, values);
        sql.update(NOTE_INTENT_KIND, job.kind(), job.intentId());
    }

    @Override
    public Optional<Job> find(JobId jobId) {
        Optional<Job> hot = sql.first(FIND, JobRows::read, jobId);
        return hot.isPresent() ? hot : history.find(jobId);
    }

    @Override
    public void update(Job job) {
        int changed = sql.update(UPDATE, job.status().wire(), job.leaseHolder(), job.leaseToken(),
                job.leaseExpiresAtMs(), job.deadlineMs(), job.attempts(), job.maxRetries(), job.completedAtMs(), job.resultRef(),
                job.lastError(), job.commitment(), job.challenge(), job.resultInfo(), job.price(), job.collateral(),
                job.forfeitsHeld(), job.jobId());
        if (changed != 1) {
            throw new IllegalStateException("job " + job.jobId() + " is not stored, so it cannot be updated");
        }
    }

    @Override
    public List<Job> list(JobQuery query) {
        if (query.limit() <= 0) {
            return List.of();
        }
        JobListStatement page = JobListStatement.of(query);
        return sql.list(page.sql(), JobRows::read, page.params().toArray());
    }

    @Override
    public List<Job> leasedBy(String holder, int limit) {
        // PostgreSQL reads the holder's rows by jobs_leased_by_holder (V24); SQLite by status, then the holder.
        return sql.list("SELECT " + JobRows.COLUMNS + " FROM jobs WHERE status = 'in_progress' AND lease_holder = ?"
                + " ORDER BY created_seq LIMIT ?", JobRows::read, holder, limit);
    }

    @Override
    public long countUnfinished(IntentId intentId) {
        return sql.longValue(COUNT_UNFINISHED, 0, intentId);
    }

    @Override
    public QueueStats stats() {
        long[] counts = new long[JobStatus.values().length];
        sql.list(STATS, row -> {
            counts[JobRows.status(row.getString(1)).ordinal()] = row.getLong(2);
            return null;
        });
        return new QueueStats(counts[JobStatus.PENDING.ordinal()], counts[JobStatus.IN_PROGRESS.ordinal()],
                counts[JobStatus.COMPLETED.ordinal()], counts[JobStatus.FAILED.ordinal()],
                counts[JobStatus.EXPIRED.ordinal()], counts[JobStatus.DEAD_LETTER.ordinal()]);
    }

    @Override
    public Optional<ReputationRecord> reputation(String proverId) {
        return sql.first(REPUTATION + " WHERE prover_id = ?", JdbcJobStore::reputationRow, proverId);
    }

    @Override
    public Map<String, ReputationRecord> reputations(Collection<String> proverIds) {
        Map<String, ReputationRecord> records = new HashMap<>();
        if (!proverIds.isEmpty()) {
            for (ReputationRecord record : sql.list(REPUTATION + " WHERE prover_id IN (" + marks(proverIds.size())
                    + ")", JdbcJobStore::reputationRow, proverIds.toArray())) {
                records.put(record.proverId(), record);
            }
        }
        return records;
    }

    @Override
    public Map<String, ReputationRecord> lockReputations(SortedSet<String> proverIds, long nowMs) {
        Map<String, ReputationRecord> records = new HashMap<>();
        if (proverIds.isEmpty()) {
            return records;
        }
        // Two statements for the group, not two a prover (issue 27: the claim path with levels on): the missing rows
        // made in prover-id order, then every row locked in that order, as lockReputation takes them one by one.
        List<Object> made = new ArrayList<>(2 * proverIds.size());
        for (String proverId : proverIds) {
            made.add(proverId);
            made.add(nowMs);
        }
        sql.update("INSERT INTO prover_reputation (prover_id, good_milli, bad_milli, at_ms) VALUES "
                + String.join(", ", Collections.nCopies(proverIds.size(), "(?, 0, 0, ?)"))
                + " ON CONFLICT (prover_id) DO NOTHING", made.toArray());
        for (ReputationRecord record : sql.list(REPUTATION + " WHERE prover_id IN (" + marks(proverIds.size())
                + ") ORDER BY prover_id" + rowLock(), JdbcJobStore::reputationRow, proverIds.toArray())) {
            records.put(record.proverId(), record);
        }
        if (records.size() != proverIds.size()) {
            throw new IllegalStateException("reputation rows vanished: " + proverIds.size() + " made, "
                    + records.size() + " read");
        }
        return records;
    }

    private static String marks(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    @Override
    public ReputationRecord lockReputation(String proverId, long nowMs) {
        sql.update(MAKE_REPUTATION, proverId, nowMs);
        return sql.first(REPUTATION + " WHERE prover_id = ?" + rowLock(), JdbcJobStore::reputationRow, proverId)
                .orElseThrow(() -> new IllegalStateException("the reputation row of " + proverId + " vanished"));
    }

    @Override
    public void saveReputation(ReputationRecord record) {
        sql.update(SAVE_REPUTATION, record.goodMilli(), record.badMilli(), record.atMs(), record.leaseAllowance(),
                record.allowanceAtMs(), record.proverId());
    }

    @Override
    public List<ReputationRecord> reputations() {
        return sql.list(REPUTATION + " ORDER BY prover_id", JdbcJobStore::reputationRow);
    }

    @Override
    public void holdFailures(List<PendingFailure> failures) {
        for (PendingFailure failure : failures) {
            sql.update(HOLD_FAILURE, failure.jobId(), failure.attemptNo(), failure.proverId(), failure.badMilli(),
                    failure.failedAtMs());
        }
    }

    @Override
    public List<PendingFailure> takeHeldFailures(JobId jobId) {
        List<PendingFailure> taken = new ArrayList<>(sql.list(TAKE_HELD_FAILURES, JdbcJobStore::heldFailureRow,
                jobId));
        taken.sort(Comparator.comparingInt(PendingFailure::attemptNo)); // RETURNING promises no order
        return taken;
    }

    @Override
    public void dropHeldFailures(JobId jobId) {
        sql.update(DROP_HELD_FAILURES, jobId);
    }

    @Override
    public List<PendingFailure> heldFailures(JobId jobId) {
        return sql.list(HELD_FAILURES, JdbcJobStore::heldFailureRow, jobId);
    }

    private static PendingFailure heldFailureRow(java.sql.ResultSet row) throws java.sql.SQLException {
        return new PendingFailure(JobId.of(row.getString(1)), row.getInt(2), row.getString(3), row.getLong(4),
                row.getLong(5));
    }

    /** What locks a read row for the rest of the transaction: nothing where the writer holds the whole database. */
    protected String rowLock() {
        return "";
    }

    private static ReputationRecord reputationRow(java.sql.ResultSet row) throws java.sql.SQLException {
        return new ReputationRecord(row.getString(1), row.getLong(2), row.getLong(3), row.getLong(4),
                (int) row.getLong(5), row.getLong(6));
    }

    @Override
    public List<QueueDepth> depth() {
        return sql.list(DEPTH, row -> new QueueDepth(row.getString(1), row.getString(2), row.getLong(3),
                row.getLong(4), row.getLong(5)));
    }

    @Override
    public List<Job> completedSince(long sinceMs, int limit) {
        return sql.list(COMPLETED_SINCE, JobRows::read, sinceMs, sinceMs, limit);
    }

    @Override
    public List<Job> waitingForBatch(int limit) {
        return sql.list(WAITING_FOR_BATCH, JobRows::read, BatchMember.WAITING_KIND, limit);
    }

    @Override
    public void insertBatchMembers(List<BatchMember> members) {
        for (BatchMember member : members) {
            sql.update(INSERT_BATCH_MEMBER, member.jobId(), member.leadJobId(), member.fallbackKind(),
                    member.fallbackParams());
        }
    }

    @Override
    public Optional<BatchMember> batchMembership(JobId jobId) {
        return sql.first(BATCH_MEMBERSHIP, JdbcJobStore::batchMember, jobId);
    }

    @Override
    public List<BatchMember> batchOf(JobId leadJobId) {
        return sql.list(BATCH_OF, JdbcJobStore::batchMember, leadJobId);
    }

    @Override
    public void deleteBatch(JobId leadJobId) {
        sql.update(DELETE_BATCH, leadJobId);
    }

    @Override
    public void rebind(JobId jobId, String kind, String params) {
        if (sql.update(REBIND, kind, params, jobId) != 1) {
            throw new IllegalStateException("job " + jobId + " to rebind does not exist");
        }
        sql.update(NOTE_JOB_KIND, jobId);
    }

    private static BatchMember batchMember(java.sql.ResultSet row) throws java.sql.SQLException {
        return new BatchMember(JobId.of(row.getString(1)), JobId.of(row.getString(2)), row.getString(3),
                row.getString(4));
    }

    @Override
    public void recordAuditLevel(JobId jobId, int attemptNo, String level) {
        attempts.recordAuditLevel(jobId, attemptNo, level);
    }

    @Override
    public void insertAttempt(Attempt attempt) {
        attempts.insert(attempt);
    }

    @Override
    public Optional<Attempt> endAttempt(JobId jobId, int attemptNo, long endedAtMs, AttemptOutcome outcome,
                                        String reason) {
        return attempts.end(jobId, attemptNo, endedAtMs, outcome, reason);
    }

    @Override
    public List<Attempt> attempts(JobId jobId) {
        List<Attempt> hot = attempts.forJob(jobId);
        return hot.isEmpty() ? history.attempts(jobId) : hot; // a job's attempts move with it, all at once
    }

    @Override
    public int archiveFinished(long createdBeforeMs, long nowMs, int limit) {
        return history.archive(createdBeforeMs, nowMs, limit);
    }

    @Override
    public int forgetHistory(long createdBeforeMs, int limit) {
        return history.forget(createdBeforeMs, limit);
    }

    @Override
    public void touchProver(String proverId, long nowMs) {
        provers.touch(proverId, nowMs);
    }

    @Override
    public void recordProverOutcome(ProverTally tally, long nowMs) {
        provers.record(tally, nowMs);
    }

    @Override
    public ProverPace pace(String proverId) {
        return sql.first(PACE, row -> new ProverPace(row.getLong(1), row.getLong(2)), proverId)
                .orElse(ProverPace.FRESH);
    }

    @Override
    public Map<String, ProverPace> paces() {
        Map<String, ProverPace> out = new HashMap<>();
        sql.list(PACES, row -> out.put(row.getString(1), new ProverPace(row.getLong(2), row.getLong(3))));
        return out;
    }

    @Override
    public void recordPace(String proverId, ProverPace pace) {
        sql.update(RECORD_PACE, pace.permille(), pace.measuredAtMs(), proverId);
    }

    @Override
    public long slowestMs(JobId jobId) {
        return sql.first(SLOWEST_MS, row -> row.getLong(1), jobId.hex()).orElse(0L);
    }

    @Override
    public Optional<ProverStats> prover(String proverId) {
        return provers.find(proverId);
    }

    @Override
    public List<ProverStats> provers() {
        return provers.all();
    }

    /** Claimed rows come back from RETURNING in no promised order; the port promises creation order. */
    protected static List<Job> inCreationOrder(List<Job> jobs) {
        List<Job> sorted = new ArrayList<>(jobs);
        sorted.sort((a, b) -> Long.compare(a.createdSeq(), b.createdSeq()));
        return sorted;
    }

    /** {@code ?, ?, ?} for an IN list of {@code count} values. */
    protected static String placeholders(int count) {
        return count == 0 ? "" : "?" + ", ?".repeat(count - 1);
    }
}

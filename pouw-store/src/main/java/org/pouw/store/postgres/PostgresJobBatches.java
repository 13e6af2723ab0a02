package org.pouw.store.postgres;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pouw.core.id.JobId;
import org.pouw.core.job.Attempt;
import org.pouw.core.job.AttemptEnding;
import org.pouw.core.job.Job;
import org.pouw.store.jdbc.AttemptTable;
import org.pouw.store.jdbc.JobRows;
import org.pouw.store.jdbc.SqlSession;

/**
 * The jobs and attempts of a whole batch in one statement each, with array parameters. A batch of completions used
 * to make four round trips per job; on a loaded machine each round trip also costs two context switches, which is
 * what the settling transaction spent most of its time on.
 */
final class PostgresJobBatches {
    private static final String FIND_ALL = "SELECT " + JobRows.COLUMNS + " FROM jobs WHERE job_id = ANY(?::text[])";
    // PostgreSQL sorts before it locks (LockRows sits above Sort), so the rows are locked in this order. COLLATE "C"
    // is byte order, which for job ids (ASCII) is Java's String order that the port promises.
    private static final String LOCK_ALL = "SELECT " + JobRows.COLUMNS
            + " FROM jobs WHERE job_id = ANY(?::text[]) ORDER BY job_id COLLATE \"C\" FOR UPDATE";
    private static final String UPDATE_ALL = """
            UPDATE jobs AS j SET status = u.status, lease_holder = u.lease_holder, lease_token = u.lease_token,
                                 lease_expires_at_ms = u.lease_expires_at_ms, deadline_ms = u.deadline_ms,
                                 attempts = u.attempts, max_retries = u.max_retries,
                                 completed_at_ms = u.completed_at_ms,
                                 result_ref = u.result_ref, last_error = u.last_error, commitment = u.commitment,
                                 challenge = u.challenge, result_info = u.result_info, price = u.price,
                                 collateral = u.collateral, forfeits_held = u.forfeits_held
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::int[], ?::int[],
                        ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[],
                        ?::bigint[])
                 AS u(job_id, status, lease_holder, lease_token, lease_expires_at_ms, deadline_ms, attempts,
                      max_retries, completed_at_ms, result_ref, last_error, commitment, challenge, result_info,
                      price, collateral, forfeits_held)
            WHERE j.job_id = u.job_id""";
    // job_seq (V36): each attempt's job's created_seq, read by key from the jobs the batch just locked.
    private static final String INSERT_ATTEMPTS = "INSERT INTO attempts (" + AttemptTable.COLUMNS + """
            , job_seq)
            SELECT u.*, (SELECT j.created_seq FROM jobs AS j WHERE j.job_id = u.job_id)
            FROM unnest(?::text[], ?::int[], ?::text[], ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[],
                        ?::text[]) AS u(job_id, attempt_no, prover_id, started_at_ms, ended_at_ms, outcome, reason,
                                        level, audit_level)""";
    // As AttemptTable's single END: the newest row with the number is the open one.
    private static final String END_ATTEMPTS = """
            UPDATE attempts AS a SET ended_at_ms = ?, outcome = e.outcome, reason = e.reason
            FROM (SELECT e.outcome, e.reason,
                         (SELECT max(x.attempt_id) FROM attempts AS x
                          WHERE x.job_id = e.job_id AND x.attempt_no = e.attempt_no) AS attempt_id
                  FROM unnest(?::text[], ?::int[], ?::text[], ?::text[]) AS e(job_id, attempt_no, outcome, reason))
                 AS e
            WHERE a.attempt_id = e.attempt_id
            RETURNING\s""" + "a." + AttemptTable.COLUMNS.replace(", ", ", a.");

    private final SqlSession sql;

    PostgresJobBatches(SqlSession sql) {
        this.sql = sql;
    }

    List<Job> findAll(List<JobId> jobIds) {
        return jobIds.isEmpty() ? List.of() : sql.list(FIND_ALL, JobRows::read, sql.textArray(texts(jobIds)));
    }

    List<Job> lockAll(List<JobId> jobIds) {
        return jobIds.isEmpty() ? List.of() : sql.list(LOCK_ALL, JobRows::read, sql.textArray(texts(jobIds)));
    }

    private static List<String> texts(List<JobId> jobIds) {
        return jobIds.stream().map(JobId::hex).toList();
    }

    void updateAll(List<Job> jobs) {
        if (jobs.isEmpty()) {
            return;
        }
        int count = jobs.size();
        List<String> ids = new ArrayList<>(count);
        List<String> statuses = new ArrayList<>(count);
        List<String> holders = new ArrayList<>(count);
        List<String> tokens = new ArrayList<>(count);
        List<Long> expiries = new ArrayList<>(count);
        List<Long> deadlines = new ArrayList<>(count);
        List<Integer> attempts = new ArrayList<>(count);
        List<Integer> retries = new ArrayList<>(count);
        List<Long> completions = new ArrayList<>(count);
        List<String> results = new ArrayList<>(count);
        List<String> errors = new ArrayList<>(count);
        List<String> commitments = new ArrayList<>(count);
        List<String> challenges = new ArrayList<>(count);
        List<String> infos = new ArrayList<>(count);
        List<Long> prices = new ArrayList<>(count);
        List<Long> collaterals = new ArrayList<>(count);
        List<Long> forfeits = new ArrayList<>(count);
        for (Job job : jobs) {
            ids.add(job.jobId().hex());
            statuses.add(job.status().wire());
            holders.add(job.leaseHolder());
            tokens.add(job.leaseToken());
            expiries.add(job.leaseExpiresAtMs());
            deadlines.add(job.deadlineMs());
            attempts.add(job.attempts());
            retries.add(job.maxRetries());
            completions.add(job.completedAtMs());
            results.add(job.resultRef());
            errors.add(job.lastError());
            commitments.add(job.commitment());
            challenges.add(job.challenge());
            infos.add(job.resultInfo());
            prices.add(job.price());
            collaterals.add(job.collateral());
            forfeits.add(job.forfeitsHeld());
        }
        int changed = sql.update(UPDATE_ALL, sql.textArray(ids), sql.textArray(statuses), sql.textArray(holders),
                sql.textArray(tokens), sql.longArray(expiries), sql.longArray(deadlines), sql.intArray(attempts),
                sql.intArray(retries), sql.longArray(completions), sql.textArray(results), sql.textArray(errors), sql.textArray(commitments),
                sql.textArray(challenges), sql.textArray(infos), sql.longArray(prices), sql.longArray(collaterals),
                sql.longArray(forfeits));
        if (changed != count) {
            throw new IllegalStateException("updated " + changed + " of " + count + " jobs: a job is not stored or is "
                    + "named twice");
        }
    }

    void insertAttempts(List<Attempt> attempts) {
        if (attempts.isEmpty()) {
            return;
        }
        int count = attempts.size();
        List<String> jobIds = new ArrayList<>(count);
        List<Integer> numbers = new ArrayList<>(count);
        List<String> provers = new ArrayList<>(count);
        List<Long> starts = new ArrayList<>(count);
        List<Long> ends = new ArrayList<>(count);
        List<String> outcomes = new ArrayList<>(count);
        List<String> reasons = new ArrayList<>(count);
        List<String> levels = new ArrayList<>(count);
        List<String> auditLevels = new ArrayList<>(count);
        for (Attempt attempt : attempts) {
            jobIds.add(attempt.jobId().hex());
            numbers.add(attempt.attemptNo());
            provers.add(attempt.proverId());
            starts.add(attempt.startedAtMs());
            ends.add(attempt.endedAtMs());
            outcomes.add(attempt.outcome().wire());
            reasons.add(attempt.reason());
            levels.add(attempt.level());
            auditLevels.add(attempt.auditLevel());
        }
        sql.update(INSERT_ATTEMPTS, sql.textArray(jobIds), sql.intArray(numbers), sql.textArray(provers),
                sql.longArray(starts), sql.longArray(ends), sql.textArray(outcomes), sql.textArray(reasons),
                sql.textArray(levels), sql.textArray(auditLevels));
    }

    List<Optional<Attempt>> endAttempts(List<AttemptEnding> endings, long endedAtMs) {
        if (endings.isEmpty()) {
            return List.of();
        }
        int count = endings.size();
        List<String> jobIds = new ArrayList<>(count);
        List<Integer> numbers = new ArrayList<>(count);
        List<String> outcomes = new ArrayList<>(count);
        List<String> reasons = new ArrayList<>(count);
        for (AttemptEnding ending : endings) {
            jobIds.add(ending.jobId().hex());
            numbers.add(ending.attemptNo());
            outcomes.add(ending.outcome().wire());
            reasons.add(ending.reason());
        }
        Map<String, Attempt> ended = new HashMap<>(count * 2);
        for (Attempt attempt : sql.list(END_ATTEMPTS, AttemptTable::read, endedAtMs, sql.textArray(jobIds),
                sql.intArray(numbers), sql.textArray(outcomes), sql.textArray(reasons))) {
            ended.put(key(attempt.jobId(), attempt.attemptNo()), attempt);
        }
        List<Optional<Attempt>> out = new ArrayList<>(count);
        for (AttemptEnding ending : endings) {
            out.add(Optional.ofNullable(ended.get(key(ending.jobId(), ending.attemptNo()))));
        }
        return out;
    }

    private static String key(JobId jobId, int attemptNo) {
        return attemptNo + "/" + jobId;
    }
}

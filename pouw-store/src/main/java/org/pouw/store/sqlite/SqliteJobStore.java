package org.pouw.store.sqlite;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.pouw.core.id.JobId;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.Job;
import org.pouw.core.job.Tier;
import org.pouw.store.jdbc.JdbcJobStore;
import org.pouw.store.jdbc.JobRows;
import org.pouw.store.jdbc.SqlSession;

/**
 * SQLite's claim and lock statements. SQLite has one writer at a time and every write transaction starts with
 * {@code BEGIN IMMEDIATE}, so a plain SELECT inside it already sees and keeps the rows it reads: there is no row
 * locking to ask for, and "skip locked" has nothing to skip.
 */
final class SqliteJobStore extends JdbcJobStore {
    private static final String EXPIRED_LEASES = "SELECT " + JobRows.COLUMNS + """
             FROM jobs WHERE status = 'in_progress' AND lease_expires_at_ms < ?
            ORDER BY lease_expires_at_ms LIMIT ?""";
    private static final String PAST_DEADLINE = "SELECT " + JobRows.COLUMNS + """
             FROM jobs WHERE status IN ('pending', 'in_progress', 'dead_letter') AND deadline_ms < ?
            ORDER BY deadline_ms LIMIT ?""";
    // %s: the kind and tier filters, whose number of placeholders depends on the request. Best-paying first, then
    // the earliest deadline, then the oldest (issue 27, item 2). The unary plus on deadline_ms keeps SQLite's planner
    // on the partial index in that order (jobs_pending_by_pay), which yields the jobs in order and stops after LIMIT
    // rows; left to itself it ranges over (status, deadline_ms) and sorts every pending job.
    private static final String CLAIM = """
            UPDATE jobs SET status = 'in_progress', lease_holder = ?, lease_token = picked.token,
                            lease_expires_at_ms = ?, attempts = jobs.attempts + 1
            FROM (SELECT oldest.job_id AS job_id, fresh.value AS token
                  FROM (SELECT job_id, row_number() OVER (ORDER BY created_seq) - 1 AS position
                        FROM (SELECT job_id, created_seq FROM jobs
                              WHERE status = 'pending' AND +deadline_ms > ?%s
                              ORDER BY reward_budget DESC, deadline_ms, created_seq LIMIT ?)) AS oldest
                  JOIN json_each(?) AS fresh ON fresh.key = oldest.position) AS picked
            WHERE jobs.job_id = picked.job_id
            RETURNING\s""" + JobRows.columns("jobs");

    SqliteJobStore(SqlSession sql) {
        super(sql);
    }

    @Override
    public Optional<Job> findForUpdate(JobId jobId) {
        return find(jobId); // the write transaction already holds the database's single write lock
    }

    /**
     * One UPDATE … FROM … RETURNING (§6): the best-paying matching pending jobs (then earliest deadline, then oldest)
     * are numbered in creation order and joined with a JSON array of fresh tokens, so each claimed job gets its own
     * token in the same statement.
     */
    @Override
    public List<Job> claim(ClaimRequest request, String holder, long nowMs, Supplier<String> tokens) {
        if (request.maxJobs() <= 0) {
            return List.of();
        }
        List<Object> params = new ArrayList<>();
        params.add(holder);
        params.add(nowMs + request.leaseMs());
        params.add(nowMs);
        params.addAll(request.kinds());
        for (Tier tier : request.tiers()) {
            params.add(tier.wire());
        }
        if (request.minReward() > 0) {
            params.add(request.minReward());
        }
        addCapacityParams(request.capacity(), nowMs, params);
        params.add(request.offerFailedAgain() ? "" : holder); // no attempt is by "": nothing is held back
        params.add(request.maxJobs());
        params.add(tokenArray(request.maxJobs(), tokens));
        String sql = CLAIM.formatted(filters(request));
        return inCreationOrder(this.sql.list(sql, JobRows::read, params.toArray()));
    }

    @Override
    public List<Job> lockExpiredLeases(long nowMs, int limit) {
        return sql.list(EXPIRED_LEASES, JobRows::read, nowMs, limit);
    }

    @Override
    public List<Job> lockPastDeadline(long nowMs, int limit) {
        return sql.list(PAST_DEADLINE, JobRows::read, nowMs, limit);
    }

    private static String filters(ClaimRequest request) {
        String filters = "";
        if (!request.kinds().isEmpty()) {
            filters += " AND kind IN (" + placeholders(request.kinds().size()) + ")";
        }
        if (!request.tiers().isEmpty()) {
            filters += " AND tier IN (" + placeholders(request.tiers().size()) + ")";
        }
        if (request.minReward() > 0) {
            filters += " AND reward_budget >= ?"; // the worker's ask
        }
        return filters + capacityFilters(request.capacity()) + NOT_A_BATCH_MEMBER + NOT_FAILED_TWICE_BY_HOLDER;
    }

    /** {@code count} fresh tokens as a JSON array of strings, for {@code json_each}. */
    private static String tokenArray(int count, Supplier<String> tokens) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                json.append(',');
            }
            String token = tokens.get();
            if (token == null || token.isEmpty()) {
                throw new IllegalStateException("the lease token supplier gave an empty token");
            }
            json.append('"');
            for (int c = 0; c < token.length(); c++) {
                char ch = token.charAt(c);
                if (ch == '"' || ch == '\\') {
                    json.append('\\');
                } else if (ch < 0x20) {
                    throw new IllegalStateException("a lease token may not hold control characters");
                }
                json.append(ch);
            }
            json.append('"');
        }
        return json.append(']').toString();
    }
}

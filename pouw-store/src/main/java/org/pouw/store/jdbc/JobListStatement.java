package org.pouw.store.jdbc;

import java.util.ArrayList;
import java.util.List;
import org.pouw.core.job.JobQuery;

/**
 * The SQL of one page of the jobs list ({@code GET /v1/pouw/jobs}) and its parameters, built apart from running it so
 * that the plan tests and the console benchmark explain the very text the store runs.
 *
 * <p>Every filter reads an index whose leading column is the filter and whose next is {@code created_seq}, the list's
 * order and cursor (issue 29, migration V36), so a page costs its rows and the index entries it skips, however few
 * jobs match: status {@code jobs_by_status_seq}, tier {@code jobs_by_tier_seq}, kind {@code jobs_by_kind_seq}, an
 * intent {@code jobs_by_intent} (an intent's jobs are few). A prover is not a column of jobs: the jobs it claimed are
 * its attempts, which carry their job's {@code created_seq} as {@code job_seq}, so the page walks
 * {@code attempts_by_prover_seq} in order and fetches each job by key. Of a job the prover claimed more than once only
 * its newest attempt counts, so the job is listed once.
 */
public record JobListStatement(String sql, List<Object> params) {
    /**
     * One SQL text per combination of filters, their status, tier and kind values and order (a few hundred), so each
     * keeps its prepared statement.
     */
    public static JobListStatement of(JobQuery query) {
        boolean down = query.newestFirst();
        boolean byProver = query.prover() != null;
        String job = byProver ? "j." : "";
        String seq = byProver ? "a.job_seq" : "created_seq";
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder();
        if (byProver) {
            where.append("a.prover_id = ? AND ");
            params.add(query.prover());
        }
        // Newest first walks down from the cursor (0 names the first page: from the top).
        where.append(seq).append(down ? " < ?" : " > ?");
        params.add(down && query.afterSeq() == 0 ? Long.MAX_VALUE : query.afterSeq());
        if (byProver) {
            where.append(" AND j.job_id = a.job_id");
        }
        // Status, tier and kind are written into the text (enum wire names, and a kind JobQuery checked is a name of
        // letters, digits and dashes): a prepared statement PostgreSQL has planned generically would otherwise not
        // know whether the value is one most jobs have (walk created_seq) or few (the filter's index); with status
        // and kind it chose the walk (PostgresJobListPlansIT).
        if (query.status() != null) {
            where.append(" AND ").append(job).append("status = '").append(query.status().wire()).append('\'');
        }
        if (query.tier() != null) {
            where.append(" AND ").append(job).append("tier = '").append(query.tier().wire()).append('\'');
        }
        if (query.kind() != null) {
            // JobQuery admits only a kind name's letters, digits and dashes, so the quotes cannot be closed early.
            where.append(" AND ").append(job).append("kind = '").append(query.kind()).append('\'');
        }
        if (query.intentId() != null) {
            where.append(" AND ").append(job).append("intent_id = ?");
            params.add(query.intentId());
        }
        if (byProver) {
            // job_seq names the job (created_seq is unique), so this probe stays in attempts_by_prover_seq.
            where.append(" AND NOT EXISTS (SELECT 1 FROM attempts AS newer WHERE newer.prover_id = a.prover_id"
                    + " AND newer.job_seq = a.job_seq AND newer.attempt_id > a.attempt_id)");
        }
        params.add(query.limit());
        // CROSS JOIN keeps SQLite's loop in the written order (attempts outside, the job by key inside); PostgreSQL
        // reads it as an inner join and reaches the same plan by cost.
        String from = byProver ? "attempts AS a CROSS JOIN jobs AS j" : "jobs";
        String columns = byProver ? JobRows.columns("j") : JobRows.COLUMNS;
        return new JobListStatement("SELECT " + columns + " FROM " + from + " WHERE " + where
                + " ORDER BY " + seq + (down ? " DESC" : "") + " LIMIT ?", List.copyOf(params));
    }

    /** The SQL of the first page of a requester's intents of one kind ({@code GET /v1/intents?kind=}), for plans. */
    public static String intentsOfKind() {
        return IntentTable.ofKindSql();
    }

    /** The SQL with each parameter written in as a literal, for {@code EXPLAIN} (plans only: no value is escaped). */
    public String withLiterals() {
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (char c : sql.toCharArray()) {
            if (c == '?') {
                Object value = params.get(next++);
                out.append(value instanceof Number ? value.toString() : "'" + value + "'");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}

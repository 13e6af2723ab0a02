package org.pouw.store.postgres;

import java.util.ArrayList;
import java.util.List;
import org.pouw.core.job.ProverTally;
import org.pouw.store.jdbc.SqlSession;

/**
 * The provers of a whole shared transaction in one statement (issue 26): a group of claims touches every claimer and
 * a group of settlements adds every prover's tally, and one round trip per prover made such a group's transaction
 * longer than all its other statements together on a loaded machine.
 */
final class PostgresProverBatches {
    // As PostgresJobStore's single touch: last-seen moves forward only where nobody else holds the row (a held row
    // is skipped, never waited for), and a prover with no row yet is registered. Only a prover with no row is
    // offered to the INSERT: the unique check of ON CONFLICT waits for any transaction that holds the conflicting row,
    // so a skipped row offered there was waited for all the same. Two claim groups in flight touch the same
    // claimers, and the second waited at this statement for the first one's commit, its fsync included (issue 26:
    // this statement's p99 was 257 ms, up to 1 s, at 1,000 claims/s on the loaded machine).
    private static final String TOUCH_ALL_IF_FREE = """
            WITH wanted AS (SELECT * FROM unnest(?::text[]) AS w(prover_id)),
            touched AS (
                UPDATE provers SET last_seen_ms = ?
                WHERE prover_id IN (SELECT p.prover_id FROM provers AS p JOIN wanted USING (prover_id)
                                    WHERE p.last_seen_ms < ? ORDER BY p.prover_id FOR UPDATE OF p SKIP LOCKED)
                RETURNING prover_id)
            INSERT INTO provers (prover_id, registered_at_ms, last_seen_ms)
            SELECT wanted.prover_id, ?, ? FROM wanted
            WHERE NOT EXISTS (SELECT 1 FROM provers AS known WHERE known.prover_id = wanted.prover_id)
            ON CONFLICT (prover_id) DO NOTHING""";
    // Rows are inserted, and so locked, in the order given: the caller's prover-id order.
    private static final String RECORD_ALL = """
            INSERT INTO provers (prover_id, registered_at_ms, last_seen_ms, jobs_completed, jobs_failed,
                                 total_fee_earned, total_completion_ms)
            SELECT t.prover_id, ?, ?, t.completed, t.failed, t.fees, t.completion_ms
            FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[]) WITH ORDINALITY
                 AS t(prover_id, completed, failed, fees, completion_ms, position)
            ORDER BY t.position
            ON CONFLICT (prover_id) DO UPDATE SET
                jobs_completed = provers.jobs_completed + excluded.jobs_completed,
                jobs_failed = provers.jobs_failed + excluded.jobs_failed,
                total_fee_earned = provers.total_fee_earned + excluded.total_fee_earned,
                total_completion_ms = provers.total_completion_ms + excluded.total_completion_ms,
                last_seen_ms = CASE WHEN excluded.last_seen_ms > provers.last_seen_ms THEN excluded.last_seen_ms
                                    ELSE provers.last_seen_ms END""";

    private final SqlSession sql;

    PostgresProverBatches(SqlSession sql) {
        this.sql = sql;
    }

    void touchAll(List<String> proverIds, long nowMs) {
        if (!proverIds.isEmpty()) {
            sql.update(TOUCH_ALL_IF_FREE, sql.textArray(proverIds), nowMs, nowMs, nowMs, nowMs);
        }
    }

    void recordAll(List<ProverTally> tallies, long nowMs) {
        if (tallies.isEmpty()) {
            return;
        }
        List<String> ids = new ArrayList<>(tallies.size());
        List<Long> completed = new ArrayList<>(tallies.size());
        List<Long> failed = new ArrayList<>(tallies.size());
        List<Long> fees = new ArrayList<>(tallies.size());
        List<Long> completionMs = new ArrayList<>(tallies.size());
        for (ProverTally tally : tallies) {
            ids.add(tally.proverId());
            completed.add(tally.completed());
            failed.add(tally.failed());
            fees.add(tally.feesEarned());
            completionMs.add(tally.completionMs());
        }
        sql.update(RECORD_ALL, nowMs, nowMs, sql.textArray(ids), sql.longArray(completed), sql.longArray(failed),
                sql.longArray(fees), sql.longArray(completionMs));
    }
}

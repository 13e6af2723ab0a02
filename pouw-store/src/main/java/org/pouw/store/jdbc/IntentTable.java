package org.pouw.store.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.pouw.core.id.Did;
import org.pouw.core.id.Hash32;
import org.pouw.core.id.IntentId;
import org.pouw.core.job.Intent;
import org.pouw.core.port.JobStore;

/** The {@code intents} table: what a client asked to run and what the execution gave. */
final class IntentTable {
    private static final String INSERT = """
            INSERT INTO intents (intent_id, requester, program_ref, inputs, max_steps, tier, fee, status, output,
                                 steps, trace_hash, trace_ref, job_ids, created_at_ms, ledger_seq, work_units)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String COLUMNS = """
            SELECT intent_id, requester, program_ref, inputs, max_steps, tier, fee, status, output, steps,
                   trace_hash, trace_ref, job_ids, created_at_ms, ledger_seq
            FROM intents""";
    private static final String SELECT = COLUMNS + " WHERE intent_id = ?";
    // Both walk the index intents_by_requester (V34) backwards: a page costs its rows, however many intents exist.
    private static final String NEWEST = COLUMNS + " WHERE requester = ?"
            + " ORDER BY created_at_ms DESC, intent_id DESC LIMIT ?";
    private static final String NEWEST_AFTER = COLUMNS + " WHERE requester = ?"
            + " AND (created_at_ms < ? OR (created_at_ms = ? AND intent_id < ?))"
            + " ORDER BY created_at_ms DESC, intent_id DESC LIMIT ?";
    // A requester's intents of one kind: a range of intent_kinds' key (V36), each intent then read by its own key.
    private static final String OF_KIND = """
            SELECT i.intent_id, i.requester, i.program_ref, i.inputs, i.max_steps, i.tier, i.fee, i.status, i.output,
                   i.steps, i.trace_hash, i.trace_ref, i.job_ids, i.created_at_ms, i.ledger_seq
            FROM intent_kinds AS k CROSS JOIN intents AS i
            WHERE k.requester = ? AND k.kind = ? AND i.intent_id = k.intent_id""";
    private static final String KIND_NEWEST = OF_KIND + " ORDER BY k.created_at_ms DESC, k.intent_id DESC LIMIT ?";
    private static final String KIND_NEWEST_AFTER = OF_KIND
            + " AND (k.created_at_ms < ? OR (k.created_at_ms = ? AND k.intent_id < ?))"
            + " ORDER BY k.created_at_ms DESC, k.intent_id DESC LIMIT ?";
    private static final String UPDATE_STATUS = "UPDATE intents SET status = ? WHERE intent_id = ?";

    private final SqlSession sql;

    IntentTable(SqlSession sql) {
        this.sql = sql;
    }

    void insert(Intent intent, long workUnits) {
        sql.update(INSERT, intent.intentId(), intent.requester(), intent.programRef(), intent.inputs(),
                intent.maxSteps(), intent.tier().wire(), intent.fee(), intent.status(), intent.output(),
                intent.steps(), intent.traceHash(), intent.traceRef(), IdList.join(intent.jobIds()),
                intent.createdAtMs(), intent.ledgerSeq(), workUnits);
    }

    Optional<Intent> find(IntentId intentId) {
        return sql.first(SELECT, IntentTable::intent, intentId);
    }

    List<Intent> of(String requester, JobStore.IntentPlace after, int limit) {
        return after == null ? sql.list(NEWEST, IntentTable::intent, requester, limit)
                : sql.list(NEWEST_AFTER, IntentTable::intent, requester, after.createdAtMs(), after.createdAtMs(),
                        after.intentId(), limit);
    }

    List<Intent> ofKind(String requester, String kind, JobStore.IntentPlace after, int limit) {
        return after == null ? sql.list(KIND_NEWEST, IntentTable::intent, requester, kind, limit)
                : sql.list(KIND_NEWEST_AFTER, IntentTable::intent, requester, kind, after.createdAtMs(),
                        after.createdAtMs(), after.intentId(), limit);
    }

    /** The SQL of a first page of a requester's intents of one kind, for the plan tests. */
    static String ofKindSql() {
        return KIND_NEWEST;
    }

    private static Intent intent(ResultSet row) throws SQLException {
        return new Intent(IntentId.of(row.getString(1)), Did.of(row.getString(2)), row.getString(3),
                row.getString(4), row.getLong(5), JobRows.tier(row.getString(6)), row.getLong(7), row.getString(8),
                row.getString(9), row.getLong(10), Hash32.of(row.getString(11)), row.getString(12),
                IdList.split(row.getString(13)), row.getLong(14), row.getLong(15));
    }

    void updateStatus(IntentId intentId, String status) {
        sql.update(UPDATE_STATUS, status, intentId);
    }
}

package org.pouw.store.jdbc;

import java.util.Optional;
import org.pouw.core.id.Did;
import org.pouw.core.id.Hash32;
import org.pouw.core.id.IntentId;
import org.pouw.core.job.Intent;

/** The {@code intents} table: what a client asked to run and what the execution gave. */
final class IntentTable {
    private static final String INSERT = """
            INSERT INTO intents (intent_id, requester, program_ref, inputs, max_steps, tier, fee, status, output,
                                 steps, trace_hash, trace_ref, job_ids, created_at_ms, ledger_seq, work_units)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String SELECT = """
            SELECT intent_id, requester, program_ref, inputs, max_steps, tier, fee, status, output, steps,
                   trace_hash, trace_ref, job_ids, created_at_ms, ledger_seq
            FROM intents WHERE intent_id = ?""";
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
        return sql.first(SELECT, row -> new Intent(IntentId.of(row.getString(1)), Did.of(row.getString(2)),
                row.getString(3),
                row.getString(4), row.getLong(5), JobRows.tier(row.getString(6)), row.getLong(7), row.getString(8),
                row.getString(9), row.getLong(10), Hash32.of(row.getString(11)), row.getString(12),
                IdList.split(row.getString(13)), row.getLong(14), row.getLong(15)), intentId);
    }

    void updateStatus(IntentId intentId, String status) {
        sql.update(UPDATE_STATUS, status, intentId);
    }
}

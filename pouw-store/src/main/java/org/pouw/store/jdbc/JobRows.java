package org.pouw.store.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.pouw.core.id.Did;
import org.pouw.core.id.Hash32;
import org.pouw.core.id.IntentId;
import org.pouw.core.id.JobId;
import org.pouw.core.job.Job;
import org.pouw.core.job.JobStatus;
import org.pouw.core.job.Tier;

/** The {@code jobs} table's columns, in the one order every SELECT and RETURNING uses, and their mapping. */
public final class JobRows {
    private static final String[] NAMES = {"job_id", "kind", "tier", "status", "intent_id", "trace_hash",
        "trace_ref", "params", "requester", "fee_budget", "reward_budget", "created_at_ms", "created_seq",
        "lease_holder", "lease_token", "lease_expires_at_ms", "deadline_ms", "max_retries", "attempts",
        "completed_at_ms", "result_ref", "last_error", "commitment", "challenge", "result_info", "price", "collateral",
        "forfeits_held"};

    public static final String COLUMNS = String.join(", ", NAMES);

    private JobRows() {
    }

    /** The column list with every name prefixed by {@code alias.}, for statements that join. */
    public static String columns(String alias) {
        StringBuilder out = new StringBuilder();
        for (String name : NAMES) {
            if (!out.isEmpty()) {
                out.append(", ");
            }
            out.append(alias).append('.').append(name);
        }
        return out.toString();
    }

    public static Job read(ResultSet row) throws SQLException {
        return new Job(JobId.of(row.getString(1)), row.getString(2), tier(row.getString(3)),
                status(row.getString(4)), IntentId.of(row.getString(5)), Hash32.of(row.getString(6)),
                row.getString(7), row.getString(8), Did.of(row.getString(9)), row.getLong(10), row.getLong(11),
                row.getLong(12), row.getLong(13), row.getString(14), row.getString(15), row.getLong(16),
                row.getLong(17), row.getInt(18), row.getInt(19), row.getLong(20), row.getString(21),
                row.getString(22), row.getString(23), row.getString(24), row.getString(25), row.getLong(26),
                row.getLong(27), row.getLong(28));
    }

    /** The values for {@code INSERT INTO jobs (COLUMNS)}, in column order. */
    static Object[] values(Job job) {
        return new Object[] {job.jobId(), job.kind(), job.tier().wire(), job.status().wire(), job.intentId(),
            job.traceHash(), job.traceRef(), job.params(), job.requester(), job.feeBudget(), job.rewardBudget(),
            job.createdAtMs(), job.createdSeq(), job.leaseHolder(), job.leaseToken(), job.leaseExpiresAtMs(),
            job.deadlineMs(), job.maxRetries(), job.attempts(), job.completedAtMs(), job.resultRef(),
            job.lastError(), job.commitment(), job.challenge(), job.resultInfo(), job.price(), job.collateral(),
            job.forfeitsHeld()};
    }

    static String placeholders() {
        return "?" + ", ?".repeat(NAMES.length - 1);
    }

    // Stored values were written from the enums, so an unknown one means the row was corrupted: a bug, not input.
    static Tier tier(String wire) {
        for (Tier tier : Tier.values()) {
            if (tier.wire().equals(wire)) {
                return tier;
            }
        }
        throw new IllegalStateException("jobs row holds an unknown tier " + wire);
    }

    static JobStatus status(String wire) {
        for (JobStatus status : JobStatus.values()) {
            if (status.wire().equals(wire)) {
                return status;
            }
        }
        throw new IllegalStateException("jobs row holds an unknown status " + wire);
    }
}

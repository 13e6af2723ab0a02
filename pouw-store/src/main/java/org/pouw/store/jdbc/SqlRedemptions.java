package org.pouw.store.jdbc;

import java.util.function.BiFunction;
import org.pouw.core.port.StoreTx;
import org.pouw.gate.GateVerdict;
import org.pouw.gate.RejectionReason;
import org.pouw.gate.redeem.Grant;
import org.pouw.gate.redeem.Redemptions;
import org.pouw.store.DatabaseUnreachableException;

/**
 * pouw-gate's {@link Redemptions} in the node's own database (SQLite or PostgreSQL, the same SQL): the
 * insert-if-absent of {@code chal:<id>} and the grant it buys run in one write transaction, so the ledger reward (or
 * token record) and the redemption commit together or not at all (issue 21 §2). A replay writes nothing; a grant that
 * refuses ({@code pool_empty}) or throws rolls back the insert, so the challenge stays redeemable.
 *
 * <p>On PostgreSQL, two transactions inserting one key at READ COMMITTED meet at the primary key's index: the second
 * waits for the first to end and then inserts nothing (if it committed) or inserts (if it rolled back). That is the
 * whole concurrency story, across any number of nodes on one database.
 */
public final class SqlRedemptions implements Redemptions {
    private static final String INSERT = "INSERT INTO redemptions (redemption_key, keep_until_ms) VALUES (?, ?) "
            + "ON CONFLICT (redemption_key) DO NOTHING";
    private static final String FORGET = "DELETE FROM redemptions WHERE keep_until_ms < ?";

    private final SqlTransactions database;

    public SqlRedemptions(SqlTransactions database) {
        this.database = database;
    }

    @Override
    public <G> GateVerdict<G> redeem(String key, long keepUntilMs, Grant<G> grant) {
        return redeemInTransaction(key, keepUntilMs, (sql, views) -> switch (grant) {
            case Grant.Stored<G> stored -> stored.write().apply(views);
            case Grant.Stateless<G> stateless -> stateless.mint().get();
        });
    }

    /**
     * {@link #redeem} for pouw-store's own adapters whose grant also needs raw SQL on the same connection (a receipt
     * reward that counts its interval's emission in a table of its own beside the ledger entry): the same one
     * transaction, the same rollback when {@code grant} refuses or throws.
     */
    public <G> GateVerdict<G> redeemInTransaction(String key, long keepUntilMs,
                                                  BiFunction<SqlSession, StoreTx, GateVerdict<G>> grant) {
        try {
            return database.writeSqlWithViews((sql, views) -> {
                if (sql.update(INSERT, key, keepUntilMs) == 0) {
                    return Redemptions.<G>replayed(key);
                }
                GateVerdict<G> verdict = grant.apply(sql, views);
                if (verdict instanceof GateVerdict.Rejected<G> refused) {
                    // Nothing may stay: not the key, not whatever the grant wrote before it refused.
                    throw new GrantRefused(refused);
                }
                return verdict;
            });
        } catch (GrantRefused refused) {
            return refused.verdict();
        } catch (DatabaseUnreachableException e) {
            // Only a database that does not answer; a busy node's 503 passes through, counting as no store failure.
            return GateVerdict.rejected(RejectionReason.STORE_UNAVAILABLE, e.getMessage());
        }
    }

    @Override
    public int forgetExpired(long nowMs) {
        return database.writeSql(sql -> sql.update(FORGET, nowMs));
    }

    /** A read of the redemptions table; a busy node (too many callers) is not a failing store, so it answers true. */
    @Override
    public boolean answers() {
        try {
            database.readSql(sql -> sql.longValue("SELECT COUNT(*) FROM redemptions WHERE redemption_key = ''", 0));
            return true;
        } catch (DatabaseUnreachableException e) {
            return false;
        }
    }

    /** Is {@code key} recorded? For tests and operators; the redemption itself never reads before it inserts. */
    public boolean isRecorded(String key) {
        return database.readSql(sql -> sql.longValue("SELECT COUNT(*) FROM redemptions WHERE redemption_key = ?",
                0, key)) > 0;
    }

    /** Carries a grant's refusal out of the transaction, rolling it back on the way. */
    private static final class GrantRefused extends RuntimeException {
        private final transient GateVerdict.Rejected<?> verdict;

        GrantRefused(GateVerdict.Rejected<?> verdict) {
            super(verdict.reason().code(), null, false, false);
            this.verdict = verdict;
        }

        @SuppressWarnings("unchecked")
        <G> GateVerdict<G> verdict() {
            return (GateVerdict<G>) verdict;
        }
    }
}

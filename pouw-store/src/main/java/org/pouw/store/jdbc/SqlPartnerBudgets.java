package org.pouw.store.jdbc;

import org.pouw.gate.partner.PartnerBudgets;

/**
 * pouw-gate's {@link PartnerBudgets} in the node's database (table {@code partner_budgets}): a row per partner and
 * interval, and a take is one conditional upsert that increments only below the limit. On PostgreSQL the upsert locks
 * the row, so concurrent takes from any number of nodes pass the limit one at a time and never exceed it.
 */
public final class SqlPartnerBudgets implements PartnerBudgets {
    private static final String TAKE = """
            INSERT INTO partner_budgets (partner_id, interval_start_ms, taken, keep_until_ms) VALUES (?, ?, 1, ?)
            ON CONFLICT (partner_id, interval_start_ms) DO UPDATE SET taken = partner_budgets.taken + 1
            WHERE partner_budgets.taken < ?""";
    private static final String FORGET = "DELETE FROM partner_budgets WHERE keep_until_ms < ?";
    private static final String TAKEN =
            "SELECT taken FROM partner_budgets WHERE partner_id = ? AND interval_start_ms = ?";

    private final SqlTransactions database;

    public SqlPartnerBudgets(SqlTransactions database) {
        this.database = database;
    }

    @Override
    public boolean tryTake(String partnerId, long intervalStartMs, long limit, long keepUntilMs) {
        SqlPartnerKeys.requireText("partner_id", partnerId);
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be > 0, got " + limit);
        }
        return database.writeSql(sql -> sql.update(TAKE, partnerId, intervalStartMs, keepUntilMs, limit)) == 1;
    }

    /** Forgets the counts kept until before {@code beforeMs} (their interval ended); returns how many. */
    @Override
    public int forgetExpired(long beforeMs) {
        return database.writeSql(sql -> sql.update(FORGET, beforeMs));
    }

    /** How many tokens {@code partnerId} took in the interval starting at {@code intervalStartMs}: for tests. */
    public long taken(String partnerId, long intervalStartMs) {
        return database.readSql(sql -> sql.longValue(TAKEN, 0, partnerId, intervalStartMs));
    }
}

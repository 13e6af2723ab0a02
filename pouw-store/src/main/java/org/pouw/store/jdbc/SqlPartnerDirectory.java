package org.pouw.store.jdbc;

import java.util.List;
import java.util.Optional;
import org.pouw.gate.partner.PartnerBudget;
import org.pouw.gate.partner.PartnerDirectory;

/**
 * pouw-gate's {@link PartnerDirectory} in the node's database (SQLite or PostgreSQL, table {@code partners}, V7).
 * Nothing is cached: every node sharing the database reads a partner's budget on every token request.
 */
public final class SqlPartnerDirectory implements PartnerDirectory {
    private static final String INSERT = "INSERT INTO partners (partner_id, tokens_per_interval, interval_ms) "
            + "VALUES (?, ?, ?) ON CONFLICT (partner_id) DO NOTHING";
    private static final String SET = "UPDATE partners SET tokens_per_interval = ?, interval_ms = ? "
            + "WHERE partner_id = ?";
    private static final String BUDGET = "SELECT tokens_per_interval, interval_ms FROM partners WHERE partner_id = ?";
    private static final String ALL = "SELECT partner_id, tokens_per_interval, interval_ms FROM partners "
            + "ORDER BY partner_id";

    private final SqlTransactions database;

    public SqlPartnerDirectory(SqlTransactions database) {
        this.database = database;
    }

    @Override
    public Registered register(String partnerId, PartnerBudget budget) {
        if (!PartnerDirectory.isPartnerId(partnerId)) {
            throw new IllegalArgumentException("partner id must be 1…63 of [a-z0-9-], starting with a letter or "
                    + "digit, got '" + partnerId + "'");
        }
        return database.writeSql(sql -> sql.update(INSERT, partnerId, budget.tokensPerInterval(),
                budget.intervalMs()) == 1 ? Registered.REGISTERED : Registered.TAKEN);
    }

    @Override
    public boolean setBudget(String partnerId, PartnerBudget budget) {
        return database.writeSql(sql -> sql.update(SET, budget.tokensPerInterval(), budget.intervalMs(),
                partnerId) == 1);
    }

    @Override
    public Optional<PartnerBudget> budgetOf(String partnerId) {
        return database.readSql(sql -> sql.first(BUDGET, row -> new PartnerBudget(row.getLong(1), row.getLong(2)),
                partnerId));
    }

    @Override
    public List<Partner> partners() {
        return database.readSql(sql -> sql.list(ALL, row -> new Partner(row.getString(1),
                new PartnerBudget(row.getLong(2), row.getLong(3)))));
    }
}

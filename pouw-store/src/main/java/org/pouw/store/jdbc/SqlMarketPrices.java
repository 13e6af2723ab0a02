package org.pouw.store.jdbc;

import java.util.List;
import java.util.Optional;
import org.pouw.core.port.KindPrice;
import org.pouw.core.port.MarketPrices;

/** The {@code market_prices} table; the same SQL on SQLite and PostgreSQL. */
public final class SqlMarketPrices implements MarketPrices {
    /** Rows older than this many intervals before the newest are dropped: a week of one-minute intervals. */
    static final long KEPT_INTERVALS = 10_080;

    private static final String COLUMNS = "kind, price_interval, price, hour_ref, pending_steps";
    private static final String LATEST = "SELECT " + COLUMNS + " FROM market_prices WHERE kind = ?"
            + " AND price_interval <= ? ORDER BY price_interval DESC LIMIT 1";
    private static final String AT = "SELECT " + COLUMNS + " FROM market_prices WHERE kind = ?"
            + " AND price_interval = ?";
    private static final String INSERT = "INSERT INTO market_prices (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)"
            + " ON CONFLICT (kind, price_interval) DO NOTHING";
    private static final String CLEARED = "SELECT price FROM market_prices WHERE kind = ? AND price_interval < ?"
            + " ORDER BY price_interval DESC LIMIT ?";
    private static final String PRUNE = "DELETE FROM market_prices WHERE kind = ? AND price_interval < ?";
    // Whole intents: an intent with any job of the kind still waiting counts all its work units.
    private static final String PENDING = """
            SELECT COALESCE(SUM(work_units), 0) FROM intents WHERE intent_id IN
                (SELECT intent_id FROM jobs WHERE status = 'pending' AND kind = ?)""";

    private final SqlSession sql;

    public SqlMarketPrices(SqlSession sql) {
        this.sql = sql;
    }

    @Override
    public Optional<KindPrice> latest(String kind, long interval) {
        return sql.first(LATEST, SqlMarketPrices::price, kind, interval);
    }

    @Override
    public KindPrice record(KindPrice price) {
        if (sql.update(INSERT, price.kind(), price.interval(), price.price(), price.hourRef(),
                price.pendingSteps()) == 1) {
            sql.update(PRUNE, price.kind(), price.interval() - KEPT_INTERVALS);
            return price;
        }
        return sql.first(AT, SqlMarketPrices::price, price.kind(), price.interval()).orElseThrow(() ->
                new IllegalStateException("the price of " + price.kind() + " for interval " + price.interval()
                        + " was neither stored nor found"));
    }

    @Override
    public long pendingSteps(String kind) {
        return sql.longValue(PENDING, 0, kind);
    }

    @Override
    public List<Long> clearedBefore(String kind, long beforeInterval, int limit) {
        return sql.list(CLEARED, row -> row.getLong(1), kind, beforeInterval, limit);
    }

    private static KindPrice price(java.sql.ResultSet row) throws java.sql.SQLException {
        return new KindPrice(row.getString(1), row.getLong(2), row.getLong(3), row.getLong(4), row.getLong(5));
    }
}

package org.pouw.store.jdbc;

import java.util.function.BiFunction;
import java.util.function.Function;
import org.pouw.core.port.StoreTx;

/**
 * Transactions on raw SQL, for the store's adapters of tables outside the market's views (the chain's): each
 * backend runs them the way it runs the market's — the same locks, retries and reachability answers.
 */
public interface SqlTransactions {
    <T> T writeSql(Function<SqlSession, T> work);

    <T> T readSql(Function<SqlSession, T> work);

    /**
     * One write transaction in which {@code work} has both raw SQL and the market's views (ledger, jobs, events) on
     * the same connection: for a table of the store's own (redemptions) that must change together with the ledger.
     */
    <T> T writeSqlWithViews(BiFunction<SqlSession, StoreTx, T> work);
}

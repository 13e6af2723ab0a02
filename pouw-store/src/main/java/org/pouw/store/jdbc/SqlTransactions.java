package org.pouw.store.jdbc;

import java.util.function.Function;

/**
 * Transactions on raw SQL, for the store's adapters of tables outside the market's views (the chain's): each
 * backend runs them the way it runs the market's — the same locks, retries and reachability answers.
 */
public interface SqlTransactions {
    <T> T writeSql(Function<SqlSession, T> work);

    <T> T readSql(Function<SqlSession, T> work);
}

package org.pouw.store.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import org.pouw.store.StorageException;
import org.pouw.store.jdbc.JdbcStoreTx;
import org.pouw.store.jdbc.SqlBlobOwners;
import org.pouw.store.jdbc.SqlMarketPrices;
import org.pouw.store.jdbc.SqlOperatorStore;
import org.pouw.store.jdbc.SqlSweeps;
import org.pouw.store.jdbc.SqlStandingStore;
import org.pouw.store.jdbc.SqlUsedLoginChallenges;
import org.pouw.store.jdbc.TxBlobStore;
import org.pouw.store.jdbc.SqlSession;

/**
 * One open SQLite connection with its statement cache and the store views bound to it. Built once per connection
 * and reused by every transaction on it, so a transaction allocates almost nothing and prepares nothing.
 */
final class SqliteHandle implements AutoCloseable {
    /** Enough for every statement shape the stores use (claim and list shapes included), with room to spare. */
    private static final int STATEMENT_CACHE = 256;

    private final Connection connection;
    private final SqlSession sql;
    private final JdbcStoreTx views;

    SqliteHandle(Connection connection) {
        this.connection = connection;
        this.sql = new SqlSession(connection, STATEMENT_CACHE);
        this.views = new JdbcStoreTx(new SqliteJobStore(sql), new SqliteLedgerStore(sql), new SqliteEventLog(sql),
                new TxBlobStore(sql), new SqlStandingStore(sql),
                new SqlUsedLoginChallenges(sql), new SqlBlobOwners(sql), new SqlMarketPrices(sql),
                new SqlOperatorStore(sql), new SqlSweeps(sql));
    }

    SqlSession sql() {
        return sql;
    }

    JdbcStoreTx views() {
        return views;
    }

    /**
     * Transactions are begun and ended with explicit statements on a connection left in JDBC auto-commit mode:
     * the driver's own non-auto-commit mode would open the next transaction the moment one commits, and an
     * immediate one would then hold the database's write lock between transactions.
     */
    void begin(String how) {
        sql.update(how);
    }

    void commit() {
        sql.update("COMMIT");
    }

    /**
     * Ends a failed transaction. SQLite already ended it on its own after some errors (a failed COMMIT under
     * SQLITE_FULL, say); the error ROLLBACK then reports is kept beside the original one, not instead of it.
     */
    void rollbackQuietly(Throwable cause) {
        try {
            sql.update("ROLLBACK");
        } catch (RuntimeException e) {
            if (e != cause) {
                cause.addSuppressed(e);
            }
            // The cached ROLLBACK could not run: one more, on a statement of its own, so the writer does not keep
            // the failed transaction open and fail every write after it. Outside a transaction it only fails,
            // harmlessly ("no transaction is active").
            try (java.sql.Statement fresh = connection.createStatement()) {
                fresh.execute("ROLLBACK");
            } catch (SQLException notInTransaction) {
                // nothing left to end
            }
        }
    }

    @Override
    public void close() {
        sql.close();
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StorageException("closing an SQLite connection failed", e);
        }
    }
}

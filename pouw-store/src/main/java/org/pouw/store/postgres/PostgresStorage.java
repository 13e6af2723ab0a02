package org.pouw.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.flywaydb.core.Flyway;
import org.pouw.core.port.BlobStore;
import org.pouw.core.port.Committed;
import org.pouw.core.port.Storage;
import org.pouw.core.port.StoreTx;
import org.pouw.store.CommitInDoubtException;
import org.pouw.store.ConnectionGate;
import org.pouw.store.DatabaseUnreachableException;
import org.pouw.store.StorageException;
import org.pouw.store.StorageFullException;
import org.pouw.store.StoreHealth;
import org.pouw.store.TransientRetry;
import org.pouw.store.jdbc.JdbcStoreTx;
import org.pouw.store.jdbc.SqlBlobOwners;
import org.pouw.store.jdbc.SqlMarketPrices;
import org.pouw.store.jdbc.SqlOperatorStore;
import org.pouw.store.jdbc.SqlSweeps;
import org.pouw.store.jdbc.SqlStandingStore;
import org.pouw.store.jdbc.SqlUsedLoginChallenges;
import org.pouw.store.jdbc.SqlSession;
import org.pouw.store.jdbc.SqlTransactions;

/**
 * PostgreSQL, for several nodes serving one market (§6). Writes run at READ COMMITTED: claims and reapers lock the
 * rows they pick with {@code FOR UPDATE SKIP LOCKED}, lease-fenced calls lock their job with {@code FOR UPDATE},
 * the ledger head's row lock serializes ledger appends and events are numbered after their commit
 * ({@link PostgresEventPublisher}), so correctness comes from explicit locks rather
 * than from an isolation level that would abort under load. Reads run in their own pool at REPEATABLE READ, READ
 * ONLY: one snapshot for all of a read's statements, and no isolation or read-only toggling on every borrow.
 */
public final class PostgresStorage implements Storage, SqlTransactions {
    /** Deadlock victims and serialization failures are retried; a handful of tries is plenty. */
    private static final int MAX_ATTEMPTS = 5;
    private static final int STATEMENT_CACHE = 128;
    private static final long CONNECTION_TIMEOUT_MS = 5_000;
    /**
     * A connection is asked for in slices this long (the pool's shortest timeout), up to {@link
     * #CONNECTION_TIMEOUT_MS} in all: between slices the caller learns of an outage the health probe or another
     * caller saw, and the first slice that ends on a failed connection attempt reports one itself, so the first
     * requests of a fresh outage do not wait out the whole timeout (issue 18, defect 8).
     */
    private static final long ACQUIRE_SLICE_MS = 250;

    private final HikariDataSource writers;
    private final HikariDataSource readers;
    private final ConnectionGate writerGate;
    private final ConnectionGate readerGate;
    private final TransientRetry retry = new TransientRetry(MAX_ATTEMPTS);
    private final PostgresBlobStore blobs;
    private final java.util.concurrent.atomic.LongAdder busyRefusals = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder storageFullRefusals =
            new java.util.concurrent.atomic.LongAdder();
    private final PostgresProbe probe;
    private final StoreHealth health;
    private final PostgresEventPublisher publisher;
    private volatile boolean closed;

    private PostgresStorage(HikariDataSource writers, HikariDataSource readers, PostgresProbe probe) {
        this.writers = writers;
        this.readers = readers;
        this.writerGate = gate("writer", writers.getMaximumPoolSize());
        this.readerGate = gate("reader", readers.getMaximumPoolSize());
        this.blobs = new PostgresBlobStore(this);
        this.probe = probe;
        this.health = new StoreHealth("PostgreSQL", probe::check);
        this.publisher = new PostgresEventPublisher(this);
    }

    private ConnectionGate gate(String pool, int connections) {
        return new ConnectionGate(pool + " database connections", connections,
                connections * ConnectionGate.CALLERS_PER_CONNECTION, busyRefusals);
    }

    /**
     * Migrates the schema (Flyway holds a PostgreSQL advisory lock while it does, so nodes starting together take
     * turns) and opens a writer and a reader pool of {@code poolSize} connections each.
     */
    public static PostgresStorage open(String jdbcUrl, String user, String password, int poolSize) {
        Flyway.configure()
                .dataSource(jdbcUrl, user, password)
                .locations("classpath:db/migration/postgresql")
                .load()
                .migrate();
        HikariDataSource writers = new HikariDataSource(pool("pouw-writers", jdbcUrl, user, password, poolSize,
                false));
        try {
            PostgresStorage storage = new PostgresStorage(writers, new HikariDataSource(pool("pouw-readers", jdbcUrl,
                    user, password, poolSize, true)), new PostgresProbe(jdbcUrl, user, password));
            storage.publisher.start();
            return storage;
        } catch (RuntimeException e) {
            writers.close();
            throw e;
        }
    }

    /** After the commit, the transaction's events are published (numbered and readable) before this returns. */
    @Override
    public <T> T write(Function<StoreTx, T> work) {
        Committed<T> committed = writeUnpublished(work);
        committed.publish().run();
        return committed.value();
    }

    /** The commit, and a step that publishes the transaction's events (nothing when it appended none). */
    @Override
    public <T> Committed<T> writeUnpublished(Function<StoreTx, T> work) {
        AtomicLong appendedBy = new AtomicLong(); // the id of the transaction that appended events, if one did
        T result = reachable(() -> retry.run(() -> onConnection(writers,
                sql -> work.apply(views(sql, true, appendedBy::set)))));
        long transactionId = appendedBy.get();
        return transactionId == 0 ? Committed.published(result)
                : new Committed<>(result, () -> publisher.publishAfterCommit(transactionId));
    }

    @Override
    public <T> T read(Function<StoreTx, T> work) {
        return reachable(() -> retry.run(() -> onConnection(readers, sql -> work.apply(views(sql, false, tx -> {
            throw new IllegalStateException("an event appended in a read-only transaction");
        })))));
    }

    @Override
    public BlobStore blobs() {
        return blobs;
    }

    /** The known state, without I/O: readiness answers at once even while the database does not. */
    @Override
    public boolean isReachable() {
        return !closed && health.isUp();
    }

    @Override
    public long storageFullRefusals() {
        return storageFullRefusals.sum();
    }

    @Override
    public long busyRefusals() {
        return busyRefusals.sum();
    }

    /** The database's health, for tests that must not wait for the next probe. */
    public StoreHealth health() {
        return health;
    }

    @Override
    public String backend() {
        return "postgresql";
    }

    @Override
    public void close() {
        closed = true;
        publisher.close();
        health.close();
        probe.close();
        try {
            readers.close();
        } finally {
            writers.close();
        }
    }

    @Override
    public <T> T writeUpkeep(Function<StoreTx, T> work) {
        return ConnectionGate.asUpkeep(() -> write(work));
    }

    @Override
    public <T> T writeSql(Function<SqlSession, T> work) {
        return reachable(() -> retry.run(() -> onConnection(writers, work)));
    }

    @Override
    public <T> T readSql(Function<SqlSession, T> work) {
        return reachable(() -> retry.run(() -> onConnection(readers, work)));
    }

    @Override
    public <T> T writeSqlWithViews(BiFunction<SqlSession, StoreTx, T> work) {
        AtomicLong appendedBy = new AtomicLong();
        T result;
        try {
            result = reachable(() -> retry.run(() -> onConnection(writers,
                    sql -> work.apply(sql, views(sql, true, appendedBy::set)))));
        } catch (CommitInDoubtException committed) {
            publishAppended(appendedBy.get()); // its events are committed all the same: the streams hear them
            throw committed;
        }
        publishAppended(appendedBy.get());
        return result;
    }

    /** Tells the event streams of a committed transaction's events ({@code transactionId} 0: it appended none). */
    private void publishAppended(long transactionId) {
        if (transactionId != 0) {
            publisher.publishAfterCommit(transactionId);
        }
    }

    /** Runs {@code work} on a connection from {@code pool} with its own statements, committing at the end. */
    private <T> T onConnection(HikariDataSource pool, Function<SqlSession, T> work) {
        try (ConnectionGate.Pass pass = gate(pool).enter(); Connection connection = connect(pool);
             SqlSession sql = new SqlSession(connection, STATEMENT_CACHE)) {
            try {
                T result = work.apply(sql);
                connection.clearWarnings(); // only the COMMIT's own warnings are read after it
                connection.commit();
                CommitWarnings.check(connection); // committed, but perhaps not on the synchronous standby
                return result;
            } catch (CommitInDoubtException e) {
                throw e; // committed: nothing to roll back, and never run again (it would apply twice)
            } catch (StorageException e) {
                rollbackQuietly(connection, e);
                throw notWritableOrAsIs(pool, connection, e);
            } catch (RuntimeException | Error e) {
                rollbackQuietly(connection, e);
                throw e;
            } catch (SQLException e) {
                rollbackQuietly(connection, e);
                throw StorageException.commitFailed(e);
            }
        } catch (SQLException e) {
            throw new StorageException("no PostgreSQL connection", e);
        }
    }

    /**
     * Runs one statement in auto-commit mode on a connection from {@code pool}: one round trip instead of a
     * statement and a COMMIT. For blob reads and writes, which are single statements. The pool turns auto-commit
     * back off when the connection returns.
     */
    <T> T autoCommitted(HikariDataSource pool, Function<SqlSession, T> statement) {
        // Safe to repeat after a broken connection: blob puts are idempotent and gets do not write.
        return reachable(() -> retry.run(() -> autoCommittedOnce(pool, statement)));
    }

    private <T> T autoCommittedOnce(HikariDataSource pool, Function<SqlSession, T> statement) {
        try (ConnectionGate.Pass pass = gate(pool).enter(); Connection connection = connect(pool);
             SqlSession sql = new SqlSession(connection, 1)) {
            connection.setAutoCommit(true);
            try {
                return statement.apply(sql);
            } catch (StorageException e) {
                throw notWritableOrAsIs(pool, connection, e);
            }
        } catch (SQLException e) {
            throw new StorageException("no PostgreSQL connection", e);
        }
    }

    /**
     * A writer that reached a standby (SQLSTATE 25006: after a failover, the old primary fenced as a standby, or a
     * host picked before the promotion) is evicted from the pool, so the next connection goes through the URL's host
     * list again ({@code targetServerType=primary} then finds the new primary), and the failure is reported as the
     * database lost: retried on a fresh connection, then 503 while no primary answers. On the read-only reader pool
     * the same state is a caller's bug and passes through unchanged.
     */
    private StorageException notWritableOrAsIs(HikariDataSource pool, Connection connection, StorageException e) {
        if (pool != writers || !e.isReadOnlyRefusal()) {
            return e;
        }
        pool.evictConnection(connection);
        return StorageException.serverNotWritable(e);
    }

    private ConnectionGate gate(HikariDataSource pool) {
        return pool == writers ? writerGate : readerGate;
    }

    /**
     * A connection from {@code pool}, asked for one slice at a time; between slices a caller leaves as soon as the
     * store is known down. A slice that ends on a failed attempt to open a connection is put to the health probe's own
     * round trip at once — the pool keeps its last failure until it opens a connection again, so the failure may
     * predate a recovery: if the probe fails too the database is gone and the failure is thrown (the caller marks the
     * store down); if it answers, the pool is catching up and the caller waits on. A slice that ends with no failure
     * behind it means every connection stayed busy; after {@link #CONNECTION_TIMEOUT_MS} in all that is overload,
     * answered as such.
     */
    private Connection connect(HikariDataSource pool) throws SQLException {
        for (long waited = 0; ; waited += ACQUIRE_SLICE_MS) {
            try {
                return pool.getConnection();
            } catch (SQLTransientConnectionException e) {
                health.checkUp();
                if (e.getCause() != null || e.getNextException() != null) {
                    health.probeOnce();
                    if (!health.isUp()) {
                        throw e;
                    }
                }
                if (waited + ACQUIRE_SLICE_MS >= CONNECTION_TIMEOUT_MS) {
                    throw ConnectionGate.busy("no " + pool.getPoolName() + " connection came free within "
                            + CONNECTION_TIMEOUT_MS + " ms");
                }
            }
        }
    }

    HikariDataSource writers() {
        return writers;
    }

    HikariDataSource readers() {
        return readers;
    }

    private <T> T reachable(java.util.function.Supplier<T> call) {
        health.checkUp();
        try {
            return call.get();
        } catch (StorageException e) {
            if (e.isStorageFull()) {
                storageFullRefusals.increment();
                throw new StorageFullException("the disk holding the database is full; the write was not applied"
                        + " (reads still work; retry once space is freed): " + e.getMessage());
            }
            if (e.isDatabaseLost()) {
                health.failed(e.getMessage());
                // §5: the API answers 503 while the database is unreachable, which is what UNAVAILABLE maps to.
                throw new DatabaseUnreachableException("the database is unreachable: " + e.getMessage());
            }
            throw e;
        }
    }

    // PgJDBC keeps server-side prepared statements per physical connection keyed by SQL text, so preparing afresh
    // in each transaction still reuses the server's plans. {@code appended} gets the transaction's id when it appends
    // an event, so the caller publishes after the commit.
    private static StoreTx views(SqlSession sql, boolean writable, LongConsumer appended) {
        return new JdbcStoreTx(new PostgresJobStore(sql, writable), new PostgresLedgerStore(sql),
                new PostgresEventLog(sql, appended), new PostgresTxBlobStore(sql), new SqlStandingStore(sql),
                new SqlUsedLoginChallenges(sql), new SqlBlobOwners(sql), new SqlMarketPrices(sql),
                new SqlOperatorStore(sql), new SqlSweeps(sql));
    }

    private static void rollbackQuietly(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static HikariConfig pool(String name, String jdbcUrl, String user, String password, int size,
                                     boolean readOnly) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(Math.min(2, size));
        config.setAutoCommit(false);
        config.setConnectionTimeout(ACQUIRE_SLICE_MS);
        // the pool's own check of an idle connection must fit in a slice (it would cut it to that and warn)
        config.setValidationTimeout(ACQUIRE_SLICE_MS);
        // Idle connections are checked every 30 s (the pool's shortest keepalive): one to a primary that died
        // or was fenced since is found and dropped before a request borrows it.
        config.setKeepaliveTime(30_000);
        config.setReadOnly(readOnly);
        config.setTransactionIsolation(readOnly ? "TRANSACTION_REPEATABLE_READ" : "TRANSACTION_READ_COMMITTED");
        config.addDataSourceProperty("ApplicationName", "pouw-node");
        return config;
    }
}

package org.pouw.store;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * A database call failed for a reason the caller did not cause (a bug, a full disk, a lost connection). Unchecked,
 * like every failure the domain does not handle. {@link #isRetryable()} tells the transaction runner whether
 * running the whole transaction again is both safe and likely to succeed.
 */
public class StorageException extends RuntimeException {
    private final boolean transientFailure;
    private final boolean connectionFailure;
    private final boolean inDoubt;
    private final boolean fileLost;
    private final boolean storageFull;
    private final boolean syncFailed;

    public StorageException(String message, SQLException cause) {
        this(message, cause, false);
    }

    private StorageException(String message, SQLException cause, boolean inDoubt) {
        this(message, cause, inDoubt, SqlFailures.isConnectionFailure(cause));
    }

    private StorageException(String message, SQLException cause, boolean inDoubt, boolean connectionFailure) {
        super(message + ": " + cause.getMessage(), cause);
        this.transientFailure = SqlFailures.isTransient(cause);
        this.connectionFailure = connectionFailure;
        this.inDoubt = inDoubt;
        this.fileLost = SqlFailures.isSqliteFileLost(cause);
        this.storageFull = SqlFailures.isStorageFull(cause);
        this.syncFailed = SqlFailures.isSqliteSyncFailed(cause);
    }

    /**
     * A writer connection reached a server that refuses writes (a standby: after a failover, or an old primary
     * brought back fenced). Counted as a lost connection — the database that takes writes is not on it, the store
     * turns down and the API answers 503 — and safe to run again on a fresh connection: the server refused the
     * statement, so nothing of the transaction was applied.
     */
    public static StorageException serverNotWritable(StorageException refused) {
        SQLException cause = (SQLException) refused.getCause();
        return new StorageException("the database server refuses writes (a standby, not the primary)", cause, false,
                true);
    }

    /** True when the server refused a statement as read-only (SQLSTATE 25006). */
    public boolean isReadOnlyRefusal() {
        return getCause() instanceof SQLException cause && SqlFailures.isReadOnlyRefusal(cause);
    }

    /** A COMMIT that failed: the transaction may or may not have been applied, so it must not simply run again. */
    public static StorageException commitFailed(SQLException cause) {
        return new StorageException("commit failed", cause, true);
    }

    /** True for failures a retry of the whole transaction cures: serialization failures, deadlocks, SQLite BUSY. */
    public boolean isTransient() {
        return transientFailure;
    }

    /** True when the database could not be reached, or the connection to it broke. */
    public boolean isConnectionFailure() {
        return connectionFailure;
    }

    /**
     * True when the database is not there to answer: a server that cannot be reached, or an SQLite file that can
     * no longer be read or written (made read-only, replaced, removed, a full or failing disk). Either turns the
     * store's health down until its probe succeeds again.
     */
    public boolean isStorageFull() {
        return storageFull;
    }

    /** True when an fsync of the SQLite files failed: the node stops writing ({@code SqliteSyncFailStop}). */
    public boolean isSyncFailed() {
        return syncFailed;
    }

    public boolean isDatabaseLost() {
        return connectionFailure || fileLost;
    }

    /**
     * True when running the transaction again is safe and may succeed: a transient failure, or a connection that
     * broke before COMMIT was sent (the server rolls back what it had), which a fresh connection may not suffer.
     */
    public boolean isRetryable() {
        // A pool that timed out handing out a connection has already waited its full timeout: give up at once.
        boolean poolTimedOut = getCause() instanceof SQLTransientConnectionException;
        return transientFailure || (connectionFailure && !inDoubt && !poolTimedOut);
    }
}

package org.pouw.store;

import java.sql.SQLException;

/**
 * A database call failed for a reason the caller did not cause (a bug, a full disk, a lost connection). Unchecked,
 * like every failure the domain does not handle; {@link #isTransient()} tells the transaction runner whether running
 * the whole transaction again may succeed.
 */
public class StorageException extends RuntimeException {
    private final boolean transientFailure;

    public StorageException(String message, SQLException cause) {
        super(message + ": " + cause.getMessage(), cause);
        this.transientFailure = SqlFailures.isTransient(cause);
    }

    /** True for failures a retry of the whole transaction cures: serialization failures, deadlocks, SQLite BUSY. */
    public boolean isTransient() {
        return transientFailure;
    }

    /** True when the database could not be reached at all (PostgreSQL connection errors, SQLSTATE class 08). */
    public boolean isConnectionFailure() {
        return getCause() instanceof SQLException sql && SqlFailures.isConnectionFailure(sql);
    }
}

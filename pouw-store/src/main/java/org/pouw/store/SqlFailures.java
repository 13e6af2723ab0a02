package org.pouw.store;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Sorts SQL failures into those a retry cures, those that mean "unreachable", and the rest. */
final class SqlFailures {
    /** PostgreSQL serialization_failure. */
    private static final String SERIALIZATION_FAILURE = "40001";
    /** PostgreSQL deadlock_detected: the server aborted one side of a lock cycle; running it again succeeds. */
    private static final String DEADLOCK_DETECTED = "40P01";
    /** SQLite primary result codes; extended codes (e.g. BUSY_SNAPSHOT = 517) carry them in the low byte. */
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    /**
     * SQLite's "the file cannot be used" codes: IOERR, CORRUPT, CANTOPEN, NOTADB. The embedded database's
     * counterpart of a lost server: the file was replaced, removed, or the disk failed. A full disk (FULL) is not
     * among them: the file is sound and readable, only writes are refused ({@link #isStorageFull}).
     */
    private static final java.util.Set<Integer> SQLITE_FILE_LOST = java.util.Set.of(10, 11, 14, 26);
    /**
     * READONLY's extended codes (DBMOVED: the file was moved or deleted since it was opened; RECOVERY, CANTLOCK,
     * CANTINIT, DIRECTORY: the file or its folder cannot be written) are lost files too. Plain READONLY is not: it
     * is what a reader connection ({@code query_only}) answers a caller's bug that tried to write.
     */
    private static final int SQLITE_READONLY = 8;
    /** SQLite's "database or disk is full" (the OS said ENOSPC); PostgreSQL's disk_full. */
    private static final int SQLITE_FULL = 13;
    private static final String DISK_FULL = "53100";

    /**
     * SQLite's IOERR_FSYNC and IOERR_DIR_FSYNC: the operating system answered a sync of the database, its log or
     * their folder with an error. What the sync was to make durable may or may not be on the disk, and a second sync
     * can answer success without having written it (the kernel may have dropped the pages whose write-back failed:
     * PostgreSQL's "fsyncgate"), so this is never retried.
     */
    private static final java.util.Set<Integer> SQLITE_SYNC_FAILED = java.util.Set.of(10 | (4 << 8), 10 | (20 << 8));

    private SqlFailures() {
    }

    /** An fsync (or fdatasync) of the SQLite files failed: see {@link #SQLITE_SYNC_FAILED}. */
    static boolean isSqliteSyncFailed(SQLException e) {
        for (SQLException each = e; each != null; each = each.getNextException()) {
            if (each instanceof org.sqlite.SQLiteException sqlite) {
                int code = sqlite.getResultCode() == null ? sqlite.getErrorCode() : sqlite.getResultCode().code;
                if (SQLITE_SYNC_FAILED.contains(code)) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean isTransient(SQLException e) {
        for (SQLException each = e; each != null; each = each.getNextException()) {
            String state = each.getSQLState();
            if (SERIALIZATION_FAILURE.equals(state) || DEADLOCK_DETECTED.equals(state)) {
                return true;
            }
            if (each instanceof org.sqlite.SQLiteException sqlite) {
                int primary = sqlite.getErrorCode() & 0xff;
                if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A write refused for want of disk space: the transaction rolled back, the database is otherwise fine. */
    static boolean isStorageFull(SQLException e) {
        for (SQLException each = e; each != null; each = each.getNextException()) {
            if (DISK_FULL.equals(each.getSQLState())) {
                return true;
            }
            if (each instanceof org.sqlite.SQLiteException sqlite) {
                int code = sqlite.getResultCode() == null ? sqlite.getErrorCode() : sqlite.getResultCode().code;
                if ((code & 0xff) == SQLITE_FULL) {
                    return true;
                }
            }
        }
        return false;
    }

    /** An SQLite file that can no longer be read or written: the database is not there to answer. */
    static boolean isSqliteFileLost(SQLException e) {
        for (SQLException each = e; each != null; each = each.getNextException()) {
            if (each instanceof org.sqlite.SQLiteException sqlite) {
                int code = sqlite.getResultCode() == null ? sqlite.getErrorCode() : sqlite.getResultCode().code;
                int primary = code & 0xff;
                if (SQLITE_FILE_LOST.contains(primary) || (primary == SQLITE_READONLY && code != SQLITE_READONLY)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * PostgreSQL read_only_sql_transaction: on a writer connection it means the server it reached is a standby (a
     * demoted or fenced old primary, or a host a multi-host URL picked before a failover), not a bug of the caller.
     */
    static boolean isReadOnlyRefusal(SQLException e) {
        for (SQLException each = e; each != null; each = each.getNextException()) {
            if ("25006".equals(each.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Class 08 is "connection exception"; 57P01 to 57P03 are the server shutting down, crashing or still starting.
     * The pool drops a connection that failed this way, so the next attempt gets a fresh one.
     */
    static boolean isConnectionFailure(SQLException e) {
        for (SQLException each = e; each != null; each = each.getNextException()) {
            String state = each.getSQLState();
            if (each instanceof SQLTransientConnectionException || (state != null && (state.startsWith("08")
                    || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")))) {
                return true;
            }
        }
        return false;
    }
}

package org.pouw.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

class SqlFailuresTest {
    @Test
    void serialization_failures_deadlocks_and_sqlite_busy_are_worth_a_second_run() {
        assertThat(new StorageException("x", new SQLException("m", "40001")).isRetryable()).isTrue();
        assertThat(new StorageException("x", new SQLException("m", "40P01")).isRetryable()).isTrue();
        assertThat(new StorageException("x", new SQLiteException("busy", SQLiteErrorCode.SQLITE_BUSY))
                .isRetryable()).isTrue();
        assertThat(new StorageException("x", new SQLiteException("busy", SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT))
                .isRetryable()).isTrue();
    }

    @Test
    void a_broken_connection_is_retried_unless_the_commit_was_already_sent() {
        StorageException broken = new StorageException("x", new SQLException("gone", "08006"));
        assertThat(broken.isConnectionFailure()).isTrue();
        assertThat(broken.isRetryable()).isTrue();
        assertThat(new StorageException("x", new SQLException("shutdown", "57P01")).isRetryable()).isTrue();
        StorageException inDoubt = StorageException.commitFailed(new SQLException("gone", "08006"));
        assertThat(inDoubt.isConnectionFailure()).isTrue();
        assertThat(inDoubt.isRetryable()).isFalse();
        StorageException poolTimeout = new StorageException("x",
                new SQLTransientConnectionException("pool timed out"));
        assertThat(poolTimeout.isConnectionFailure()).isTrue();
        assertThat(poolTimeout.isRetryable()).isFalse();
    }

    @Test
    void everything_else_fails_at_once() {
        assertThat(new StorageException("x", new SQLException("unique", "23505")).isRetryable()).isFalse();
        assertThat(new StorageException("x", new SQLException("syntax", "42601")).isRetryable()).isFalse();
        assertThat(new StorageException("x", new SQLiteException("full", SQLiteErrorCode.SQLITE_FULL))
                .isRetryable()).isFalse();
        assertThat(new StorageException("x", new SQLException("no state")).isConnectionFailure()).isFalse();
    }

    @Test
    void an_sqlite_file_that_cannot_be_used_is_a_lost_database_but_a_reader_asked_to_write_is_not() {
        assertThat(new StorageException("x", new SQLiteException("moved", SQLiteErrorCode.SQLITE_READONLY_DBMOVED))
                .isDatabaseLost()).isTrue();
        assertThat(new StorageException("x", new SQLiteException("not a db", SQLiteErrorCode.SQLITE_NOTADB))
                .isDatabaseLost()).isTrue();
        assertThat(new StorageException("x", new SQLiteException("io", SQLiteErrorCode.SQLITE_IOERR_WRITE))
                .isDatabaseLost()).isTrue();
        assertThat(new StorageException("x", new SQLiteException("query_only", SQLiteErrorCode.SQLITE_READONLY))
                .isDatabaseLost()).isFalse();
        assertThat(new StorageException("x", new SQLiteException("busy", SQLiteErrorCode.SQLITE_BUSY))
                .isDatabaseLost()).isFalse();
        assertThat(new StorageException("x", new SQLException("gone", "08006")).isDatabaseLost()).isTrue();
    }

    @Test
    void a_full_disk_is_a_refused_write_not_a_lost_database() {
        StorageException sqlite = new StorageException("x", new SQLiteException("full", SQLiteErrorCode.SQLITE_FULL));
        assertThat(sqlite.isStorageFull()).isTrue();
        assertThat(sqlite.isDatabaseLost()).as("the file is sound; reads go on").isFalse();
        StorageException postgres = new StorageException("x", new SQLException("could not extend file", "53100"));
        assertThat(postgres.isStorageFull()).isTrue();
        assertThat(postgres.isDatabaseLost()).isFalse();
        assertThat(new StorageException("x", new SQLException("too many connections", "53300")).isStorageFull())
                .isFalse();
        assertThat(new StorageException("x", new SQLiteException("io", SQLiteErrorCode.SQLITE_IOERR_WRITE))
                .isStorageFull()).isFalse();
    }
}

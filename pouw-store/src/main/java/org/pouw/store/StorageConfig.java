package org.pouw.store;

import java.nio.file.Path;

/**
 * Where the node keeps its state, checked once when built (each problem names its setting) and then frozen.
 *
 * @param backend  {@code sqlite} (the embedded default) or {@code postgresql}
 * @param dataDir  SQLite only: the folder holding {@code pouw.db}
 * @param jdbcUrl  PostgreSQL only: {@code jdbc:postgresql://host:port/database}
 * @param user     PostgreSQL only
 * @param password PostgreSQL only; never printed
 * @param poolSize PostgreSQL: connections in each of the writer and reader pools; SQLite: reader connections
 *                 (there is always exactly one writer)
 * @param sqliteBusyTimeoutMs SQLite only: how long a statement waits for a lock another process holds on the file
 *                 before it fails busy (and the whole transaction is tried again, up to four times)
 */
public record StorageConfig(String backend, Path dataDir, String jdbcUrl, String user, String password,
                            int poolSize, int sqliteBusyTimeoutMs) {
    public static final String SQLITE = "sqlite";
    public static final String POSTGRESQL = "postgresql";
    public static final int DEFAULT_SQLITE_READERS = 4;
    public static final int DEFAULT_POSTGRESQL_POOL = 10;
    public static final int DEFAULT_SQLITE_BUSY_TIMEOUT_MS = 10_000;

    public StorageConfig {
        if (backend == null || !(backend.equals(SQLITE) || backend.equals(POSTGRESQL))) {
            throw new IllegalArgumentException("storage.backend must be \"sqlite\" or \"postgresql\", got "
                    + (backend == null ? "nothing" : "\"" + backend + "\""));
        }
        if (poolSize < 1 || poolSize > 1000) {
            throw new IllegalArgumentException("storage.pool_size must be between 1 and 1000, got " + poolSize);
        }
        if (sqliteBusyTimeoutMs < 1) {
            throw new IllegalArgumentException("storage.sqlite_busy_timeout_ms must be >= 1, got "
                    + sqliteBusyTimeoutMs);
        }
        if (backend.equals(SQLITE) && dataDir == null) {
            throw new IllegalArgumentException("storage.data_dir must be set for the sqlite backend");
        }
        if (backend.equals(POSTGRESQL)) {
            if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("storage.jdbc_url must start with jdbc:postgresql:, got "
                        + (jdbcUrl == null ? "nothing" : "\"" + jdbcUrl + "\""));
            }
            if (user == null || user.isBlank()) {
                throw new IllegalArgumentException("storage.user must be set for the postgresql backend");
            }
        }
    }

    /** The embedded default: SQLite in {@code dataDir}. */
    public static StorageConfig sqlite(Path dataDir) {
        return new StorageConfig(SQLITE, dataDir, null, null, null, DEFAULT_SQLITE_READERS,
                DEFAULT_SQLITE_BUSY_TIMEOUT_MS);
    }

    /** The same storage with SQLite's busy timeout set to {@code millis}. */
    public StorageConfig withSqliteBusyTimeoutMs(int millis) {
        return new StorageConfig(backend, dataDir, jdbcUrl, user, password, poolSize, millis);
    }

    public static StorageConfig postgresql(String jdbcUrl, String user, String password, int poolSize) {
        return new StorageConfig(POSTGRESQL, null, jdbcUrl, user, password, poolSize, DEFAULT_SQLITE_BUSY_TIMEOUT_MS);
    }

    @Override
    public String toString() {
        return backend.equals(SQLITE)
                ? "sqlite in " + dataDir + " (" + poolSize + " readers)"
                : "postgresql at " + jdbcUrl + " as " + user + " (pools of " + poolSize + ")";
    }
}

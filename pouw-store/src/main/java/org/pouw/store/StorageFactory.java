package org.pouw.store;

import org.pouw.core.port.Storage;
import org.pouw.store.postgres.PostgresStorage;
import org.pouw.store.sqlite.SqliteStorage;

/** Opens the storage a {@link StorageConfig} describes, migrating its schema to the current version first. */
public final class StorageFactory {
    private StorageFactory() {
    }

    public static Storage open(StorageConfig config) {
        return switch (config.backend()) {
            case StorageConfig.SQLITE -> SqliteStorage.open(config.dataDir(), config.poolSize(),
                    config.sqliteBusyTimeoutMs());
            case StorageConfig.POSTGRESQL -> PostgresStorage.open(config.jdbcUrl(), config.user(),
                    config.password(), config.poolSize());
            default -> throw new IllegalStateException("unreachable: backend " + config.backend());
        };
    }
}

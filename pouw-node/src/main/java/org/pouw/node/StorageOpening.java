package org.pouw.node;

import org.pouw.core.port.Storage;
import org.pouw.node.config.NodeConfig;
import org.pouw.store.sqlite.SqliteStorage;

/** Opens the storage the config names: SQLite in the data folder (the default), or a PostgreSQL server. */
public final class StorageOpening {
    private StorageOpening() {
    }

    public static Storage open(NodeConfig config) {
        if (config.storageBackend().equals("postgresql")) {
            return org.pouw.store.postgres.PostgresStorage.open(config.storageUrl(), config.storageUser(),
                    config.storagePassword(), config.storagePoolSize());
        }
        return SqliteStorage.open(config.dataDir(), config.storagePoolSize());
    }
}

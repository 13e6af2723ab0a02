package org.pouw.node;

import org.pouw.core.port.Storage;
import org.pouw.node.config.NodeConfig;
import org.pouw.store.StorageConfig;
import org.pouw.store.StorageFactory;

/** Opens the storage the config names: SQLite in the data folder (the default), or a PostgreSQL server. */
public final class StorageOpening {
    private StorageOpening() {
    }

    public static Storage open(NodeConfig config) {
        return StorageFactory.open(new StorageConfig(config.storageBackend(), config.dataDir(), config.storageUrl(),
                config.storageUser(), config.storagePassword(), config.storagePoolSize()));
    }
}

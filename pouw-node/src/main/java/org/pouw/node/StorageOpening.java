package org.pouw.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.pouw.core.port.Storage;
import org.pouw.node.config.ConfigException;
import org.pouw.node.config.NodeConfig;
import org.pouw.store.StorageConfig;
import org.pouw.store.StorageFactory;

/** Opens the storage the config names: SQLite in the data folder (the default), or a PostgreSQL server. */
public final class StorageOpening {
    private StorageOpening() {
    }

    public static Storage open(NodeConfig config) {
        if (StorageConfig.SQLITE.equals(config.storageBackend())) {
            requireWritable(config.dataDir());
        }
        return StorageFactory.open(new StorageConfig(config.storageBackend(), config.dataDir(), config.storageUrl(),
                config.storageUser(), config.storagePassword(), config.storagePoolSize(),
                config.storageSqliteBusyTimeoutMs()));
    }

    /**
     * A data folder the node cannot write (a file system mounted read-only, or its permissions) refuses the start
     * in one line naming the folder (issue 24, scenario 5: exit 4, a configuration fault), rather than failing deep
     * in the migrations with a stack trace. {@link Files#isWritable} asks the kernel, so a read-only mount is caught
     * even for root, whom permissions do not stop.
     */
    static void requireWritable(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new ConfigException("data_dir " + dataDir.toAbsolutePath() + " cannot be created: " + e);
        }
        if (!Files.isWritable(dataDir)) {
            throw new ConfigException("data_dir " + dataDir.toAbsolutePath() + " is not writable (a read-only file"
                    + " system, or its permissions): the node keeps its database there");
        }
    }
}

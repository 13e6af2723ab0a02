package org.pouw.store.sqlite;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.gate.partner.PartnerDirectory;
import org.pouw.gate.partner.PartnerDirectoryContract;
import org.pouw.store.GateStores;
import org.pouw.store.support.OpenStorages;
import org.pouw.store.support.SqliteTestDatabase;

/** {@code SqlPartnerDirectory} on a real SQLite file, under pouw-gate's contract. */
class SqlitePartnerDirectoryTest extends PartnerDirectoryContract {
    @TempDir
    Path folder;

    private final OpenStorages storages = new OpenStorages();

    @Override
    protected PartnerDirectory newDirectory() {
        return GateStores.partnerDirectory(storages.open(() -> new SqliteTestDatabase(folder)));
    }

    @AfterEach
    void close() {
        storages.close();
    }
}

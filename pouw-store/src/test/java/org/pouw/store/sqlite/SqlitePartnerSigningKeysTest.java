package org.pouw.store.sqlite;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.gate.partner.PartnerSigningKeys;
import org.pouw.gate.partner.PartnerSigningKeysContract;
import org.pouw.store.GateStores;
import org.pouw.store.support.OpenStorages;
import org.pouw.store.support.SqliteTestDatabase;

/** {@code SqlPartnerSigningKeys} on a real SQLite file, under pouw-gate's contract. */
class SqlitePartnerSigningKeysTest extends PartnerSigningKeysContract {
    @TempDir
    Path folder;

    private final OpenStorages storages = new OpenStorages();

    @Override
    protected PartnerSigningKeys newSigningKeys() {
        return GateStores.partnerSigningKeys(storages.open(() -> new SqliteTestDatabase(folder)));
    }

    @AfterEach
    void close() {
        storages.close();
    }
}

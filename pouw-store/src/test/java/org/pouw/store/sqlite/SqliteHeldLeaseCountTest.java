package org.pouw.store.sqlite;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.store.contract.HeldLeaseCountContract;
import org.pouw.store.support.SqliteTestDatabase;
import org.pouw.store.support.TestDatabase;

class SqliteHeldLeaseCountTest extends HeldLeaseCountContract {
    @TempDir
    Path folder;

    @Override
    protected TestDatabase newDatabase() {
        return new SqliteTestDatabase(folder);
    }
}

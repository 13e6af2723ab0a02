package org.pouw.store.sqlite;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.store.contract.ReputationContract;
import org.pouw.store.support.SqliteTestDatabase;
import org.pouw.store.support.TestDatabase;

class SqliteReputationTest extends ReputationContract {
    @TempDir
    Path folder;

    @Override
    protected TestDatabase newDatabase() {
        return new SqliteTestDatabase(folder);
    }
}

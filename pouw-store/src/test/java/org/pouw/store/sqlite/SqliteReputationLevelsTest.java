package org.pouw.store.sqlite;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.store.contract.ReputationLevelsContract;
import org.pouw.store.support.SqliteTestDatabase;
import org.pouw.store.support.TestDatabase;

class SqliteReputationLevelsTest extends ReputationLevelsContract {
    @TempDir
    Path folder;

    @Override
    protected TestDatabase newDatabase() {
        return new SqliteTestDatabase(folder);
    }
}

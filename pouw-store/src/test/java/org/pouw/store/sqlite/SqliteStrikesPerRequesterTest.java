package org.pouw.store.sqlite;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.store.contract.StrikesPerRequesterContract;
import org.pouw.store.support.SqliteTestDatabase;
import org.pouw.store.support.TestDatabase;

class SqliteStrikesPerRequesterTest extends StrikesPerRequesterContract {
    @TempDir
    Path folder;

    @Override
    protected TestDatabase newDatabase() {
        return new SqliteTestDatabase(folder);
    }
}

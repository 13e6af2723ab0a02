package org.pouw.store.contract;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.pouw.core.port.Storage;
import org.pouw.store.support.TestDatabase;

/** Opens a storage on a fresh database before each test and closes it after. */
public abstract class StorageTestBase {
    protected TestDatabase database;
    protected Storage storage;

    /** A new, empty database; SQLite subclasses put it in a temporary folder, PostgreSQL ones on the shared server. */
    protected abstract TestDatabase newDatabase();

    @BeforeEach
    void openStorage() {
        database = newDatabase();
        storage = database.open();
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }
}

package org.pouw.store.support;

import java.util.ArrayList;
import java.util.List;
import org.pouw.core.port.Storage;

/** Storages opened on one test database (each one more node), all closed together when the test ends. */
public final class OpenStorages implements AutoCloseable {
    private final List<Storage> opened = new ArrayList<>();
    private TestDatabase database;

    /** Opens one more storage on {@code database} (the same database every call of one test). */
    public synchronized Storage open(java.util.function.Supplier<TestDatabase> database) {
        if (this.database == null) {
            this.database = database.get();
        }
        Storage storage = this.database.open();
        opened.add(storage);
        return storage;
    }

    public synchronized TestDatabase database() {
        return database;
    }

    @Override
    public synchronized void close() {
        opened.forEach(Storage::close);
        opened.clear();
        database = null;
    }
}

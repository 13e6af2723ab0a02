package org.pouw.store.support;

import org.pouw.core.port.Storage;

/** A fresh, empty database for one test, and a back door for raw SQL (to tamper with rows the audit must catch). */
public interface TestDatabase {
    /** Opens a storage on this database; several may be open at once (several nodes). */
    Storage open();

    /** Runs one statement outside any storage, as an attacker with database access would. */
    void execute(String sql);

    String backend();
}

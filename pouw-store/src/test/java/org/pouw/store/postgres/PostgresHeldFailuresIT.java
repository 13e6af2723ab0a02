package org.pouw.store.postgres;

import org.pouw.store.contract.HeldFailuresContract;
import org.pouw.store.support.PostgresTestDatabase;
import org.pouw.store.support.TestDatabase;

class PostgresHeldFailuresIT extends HeldFailuresContract {
    @Override
    protected TestDatabase newDatabase() {
        return PostgresTestDatabase.forTestClass(getClass());
    }
}

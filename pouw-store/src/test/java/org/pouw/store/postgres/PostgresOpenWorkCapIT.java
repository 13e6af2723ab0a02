package org.pouw.store.postgres;

import org.pouw.store.contract.OpenWorkCapContract;
import org.pouw.store.support.PostgresTestDatabase;
import org.pouw.store.support.TestDatabase;

class PostgresOpenWorkCapIT extends OpenWorkCapContract {
    @Override
    protected TestDatabase newDatabase() {
        return PostgresTestDatabase.forTestClass(getClass());
    }
}

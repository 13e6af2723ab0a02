package org.pouw.store.postgres;

import org.pouw.store.contract.CapabilityMatchContract;
import org.pouw.store.support.PostgresTestDatabase;
import org.pouw.store.support.TestDatabase;

class PostgresCapabilityMatchIT extends CapabilityMatchContract {
    @Override
    protected TestDatabase newDatabase() {
        return PostgresTestDatabase.forTestClass(getClass());
    }
}

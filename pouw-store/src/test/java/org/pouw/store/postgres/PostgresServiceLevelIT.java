package org.pouw.store.postgres;

import org.pouw.store.contract.ServiceLevelContract;
import org.pouw.store.support.PostgresTestDatabase;
import org.pouw.store.support.TestDatabase;

class PostgresServiceLevelIT extends ServiceLevelContract {
    @Override
    protected TestDatabase newDatabase() {
        return PostgresTestDatabase.forTestClass(getClass());
    }
}

package org.pouw.store.postgres;

import org.pouw.store.contract.JobMarketContract;
import org.pouw.store.support.PostgresTestDatabase;
import org.pouw.store.support.TestDatabase;

class PostgresJobMarketIT extends JobMarketContract {
    @Override
    protected TestDatabase newDatabase() {
        return PostgresTestDatabase.forTestClass(getClass());
    }
}

package org.pouw.store.postgres;

import org.pouw.store.contract.BatchMarketContract;
import org.pouw.store.support.PostgresTestDatabase;
import org.pouw.store.support.TestDatabase;

class PostgresBatchMarketIT extends BatchMarketContract {
    @Override
    protected TestDatabase newDatabase() {
        return PostgresTestDatabase.forTestClass(getClass());
    }
}

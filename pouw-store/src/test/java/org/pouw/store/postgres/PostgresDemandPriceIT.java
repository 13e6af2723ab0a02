package org.pouw.store.postgres;

import org.pouw.store.contract.DemandPriceContract;
import org.pouw.store.support.PostgresTestDatabase;
import org.pouw.store.support.TestDatabase;

class PostgresDemandPriceIT extends DemandPriceContract {
    @Override
    protected TestDatabase newDatabase() {
        return PostgresTestDatabase.forTestClass(getClass());
    }
}

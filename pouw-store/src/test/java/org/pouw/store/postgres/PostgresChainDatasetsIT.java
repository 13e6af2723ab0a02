package org.pouw.store.postgres;

import org.pouw.store.contract.ChainDatasetsContract;
import org.pouw.store.support.PostgresTestDatabase;
import org.pouw.store.support.TestDatabase;

class PostgresChainDatasetsIT extends ChainDatasetsContract {
    @Override
    protected TestDatabase newDatabase() {
        return PostgresTestDatabase.forTestClass(getClass());
    }
}

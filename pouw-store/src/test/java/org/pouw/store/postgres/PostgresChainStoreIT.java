package org.pouw.store.postgres;

import org.pouw.store.contract.ChainStoreContract;
import org.pouw.store.support.PostgresTestDatabase;
import org.pouw.store.support.TestDatabase;

class PostgresChainStoreIT extends ChainStoreContract {
    @Override
    protected TestDatabase newDatabase() {
        return PostgresTestDatabase.forTestClass(getClass());
    }
}

package org.pouw.store.postgres;

import org.pouw.store.contract.LedgerStoreContract;
import org.pouw.store.support.PostgresTestDatabase;
import org.pouw.store.support.TestDatabase;

class PostgresLedgerStoreIT extends LedgerStoreContract {
    @Override
    protected TestDatabase newDatabase() {
        return PostgresTestDatabase.forTestClass(getClass());
    }
}

package org.pouw.store.postgres;

import org.pouw.store.contract.PoolShareLedgerContract;
import org.pouw.store.support.PostgresTestDatabase;
import org.pouw.store.support.TestDatabase;

class PostgresPoolShareLedgerIT extends PoolShareLedgerContract {
    @Override
    protected TestDatabase newDatabase() {
        return PostgresTestDatabase.forTestClass(getClass());
    }
}

package org.pouw.store.postgres;

import org.pouw.store.contract.HeldLeaseCountContract;
import org.pouw.store.support.PostgresTestDatabase;
import org.pouw.store.support.TestDatabase;

class PostgresHeldLeaseCountIT extends HeldLeaseCountContract {
    @Override
    protected TestDatabase newDatabase() {
        return PostgresTestDatabase.forTestClass(getClass());
    }
}

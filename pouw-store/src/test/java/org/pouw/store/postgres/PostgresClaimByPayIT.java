package org.pouw.store.postgres;

import org.pouw.store.contract.ClaimByPayContract;
import org.pouw.store.support.PostgresTestDatabase;
import org.pouw.store.support.TestDatabase;

class PostgresClaimByPayIT extends ClaimByPayContract {
    @Override
    protected TestDatabase newDatabase() {
        return PostgresTestDatabase.forTestClass(getClass());
    }
}

package org.pouw.store.postgres;

import org.pouw.store.contract.ClaimGroupAdmissionContract;
import org.pouw.store.support.PostgresTestDatabase;
import org.pouw.store.support.TestDatabase;

class PostgresClaimGroupAdmissionIT extends ClaimGroupAdmissionContract {
    @Override
    protected TestDatabase newDatabase() {
        return PostgresTestDatabase.forTestClass(getClass());
    }
}

package org.pouw.store.postgres;

import org.pouw.store.contract.JobStoreContract;
import org.pouw.store.support.PostgresTestDatabase;
import org.pouw.store.support.TestDatabase;

class PostgresJobStoreIT extends JobStoreContract {
    @Override
    protected TestDatabase newDatabase() {
        return PostgresTestDatabase.forTestClass(getClass());
    }
}

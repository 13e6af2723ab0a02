package org.pouw.store.postgres;

import org.pouw.store.contract.RequesterCancellationContract;
import org.pouw.store.support.PostgresTestDatabase;
import org.pouw.store.support.TestDatabase;

class PostgresRequesterCancellationIT extends RequesterCancellationContract {
    @Override
    protected TestDatabase newDatabase() {
        return PostgresTestDatabase.forTestClass(getClass());
    }
}

package org.pouw.store.postgres;

import org.pouw.store.contract.BaseFeeContract;
import org.pouw.store.support.PostgresTestDatabase;
import org.pouw.store.support.TestDatabase;

class PostgresBaseFeeIT extends BaseFeeContract {
    @Override
    protected TestDatabase newDatabase() {
        return PostgresTestDatabase.forTestClass(getClass());
    }
}

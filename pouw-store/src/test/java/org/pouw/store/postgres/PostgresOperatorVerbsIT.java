package org.pouw.store.postgres;

import org.pouw.store.contract.OperatorVerbsContract;
import org.pouw.store.support.PostgresTestDatabase;
import org.pouw.store.support.TestDatabase;

class PostgresOperatorVerbsIT extends OperatorVerbsContract {
    @Override
    protected TestDatabase newDatabase() {
        return PostgresTestDatabase.forTestClass(getClass());
    }
}

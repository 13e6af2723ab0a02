package org.pouw.store.postgres;

import org.pouw.store.contract.EventLogContract;
import org.pouw.store.support.PostgresTestDatabase;
import org.pouw.store.support.TestDatabase;

class PostgresEventLogIT extends EventLogContract {
    @Override
    protected TestDatabase newDatabase() {
        return PostgresTestDatabase.forTestClass(getClass());
    }

    @Override
    protected boolean numbersAtAppend() {
        return false;
    }
}

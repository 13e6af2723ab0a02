package org.pouw.store.postgres;

import org.pouw.store.contract.WatchedHeadersContract;
import org.pouw.store.support.PostgresTestDatabase;
import org.pouw.store.support.TestDatabase;

class PostgresWatchedHeadersIT extends WatchedHeadersContract {
    @Override
    protected TestDatabase newDatabase() {
        return PostgresTestDatabase.forTestClass(getClass());
    }
}

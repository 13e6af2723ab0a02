package org.pouw.store.postgres;

import org.pouw.store.contract.SqlPeerBookContract;
import org.pouw.store.support.PostgresTestDatabase;
import org.pouw.store.support.TestDatabase;

class PostgresPeerBookIT extends SqlPeerBookContract {
    @Override
    protected TestDatabase newDatabase() {
        return PostgresTestDatabase.forTestClass(PostgresPeerBookIT.class);
    }
}

package org.pouw.store.postgres;

import org.pouw.store.contract.BlobStoreContract;
import org.pouw.store.support.PostgresTestDatabase;
import org.pouw.store.support.TestDatabase;

class PostgresBlobStoreIT extends BlobStoreContract {
    @Override
    protected TestDatabase newDatabase() {
        return PostgresTestDatabase.forTestClass(getClass());
    }
}

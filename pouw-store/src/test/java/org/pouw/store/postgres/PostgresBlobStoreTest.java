package org.pouw.store.postgres;

import org.pouw.store.contract.BlobStoreContract;
import org.pouw.store.support.PostgresTestDatabase;
import org.pouw.store.support.TestDatabase;

class PostgresBlobStoreTest extends BlobStoreContract {
    @Override
    protected TestDatabase newDatabase() {
        return PostgresTestDatabase.forTestClass(getClass());
    }
}

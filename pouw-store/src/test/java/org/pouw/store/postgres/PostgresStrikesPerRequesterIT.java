package org.pouw.store.postgres;

import org.pouw.store.contract.StrikesPerRequesterContract;
import org.pouw.store.support.PostgresTestDatabase;
import org.pouw.store.support.TestDatabase;

class PostgresStrikesPerRequesterIT extends StrikesPerRequesterContract {
    @Override
    protected TestDatabase newDatabase() {
        return PostgresTestDatabase.forTestClass(getClass());
    }
}

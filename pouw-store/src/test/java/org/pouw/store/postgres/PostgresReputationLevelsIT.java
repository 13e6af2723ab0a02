package org.pouw.store.postgres;

import org.pouw.store.contract.ReputationLevelsContract;
import org.pouw.store.support.PostgresTestDatabase;
import org.pouw.store.support.TestDatabase;

class PostgresReputationLevelsIT extends ReputationLevelsContract {
    @Override
    protected TestDatabase newDatabase() {
        return PostgresTestDatabase.forTestClass(getClass());
    }
}

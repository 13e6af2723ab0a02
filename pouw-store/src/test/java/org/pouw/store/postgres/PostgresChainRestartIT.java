package org.pouw.store.postgres;

import org.pouw.store.contract.ChainRestartContract;
import org.pouw.store.support.PostgresTestDatabase;
import org.pouw.store.support.TestDatabase;

class PostgresChainRestartIT extends ChainRestartContract {
    @Override
    protected TestDatabase newDatabase() {
        return PostgresTestDatabase.forTestClass(getClass());
    }
}

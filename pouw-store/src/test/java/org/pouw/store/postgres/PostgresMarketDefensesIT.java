package org.pouw.store.postgres;

import org.pouw.store.contract.MarketDefensesContract;
import org.pouw.store.support.PostgresTestDatabase;
import org.pouw.store.support.TestDatabase;

class PostgresMarketDefensesIT extends MarketDefensesContract {
    @Override
    protected TestDatabase newDatabase() {
        return PostgresTestDatabase.forTestClass(getClass());
    }
}

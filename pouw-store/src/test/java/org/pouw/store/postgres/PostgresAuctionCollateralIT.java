package org.pouw.store.postgres;

import org.pouw.store.contract.AuctionCollateralContract;
import org.pouw.store.support.PostgresTestDatabase;
import org.pouw.store.support.TestDatabase;

class PostgresAuctionCollateralIT extends AuctionCollateralContract {
    @Override
    protected TestDatabase newDatabase() {
        return PostgresTestDatabase.forTestClass(getClass());
    }
}

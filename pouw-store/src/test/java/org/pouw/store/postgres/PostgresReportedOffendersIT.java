package org.pouw.store.postgres;

import org.pouw.store.contract.ReportedOffendersContract;
import org.pouw.store.support.PostgresTestDatabase;
import org.pouw.store.support.TestDatabase;

class PostgresReportedOffendersIT extends ReportedOffendersContract {
    @Override
    protected TestDatabase newDatabase() {
        return PostgresTestDatabase.forTestClass(getClass());
    }
}

package org.pouw.node.claims;

import org.pouw.core.port.Storage;
import org.pouw.store.support.PostgresTestDatabase;

/** {@link ClaimCoalescerContract} on the embedded PostgreSQL server, each test on a fresh database. */
class PostgresClaimCoalescerIT extends ClaimCoalescerContract {
    @Override
    protected Storage openStorage() {
        return new PostgresTestDatabase(8).open();
    }
}

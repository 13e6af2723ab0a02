package org.pouw.store;

import org.pouw.core.pool.PoolShareLedger;
import org.pouw.core.port.Storage;
import org.pouw.store.jdbc.SqlPoolShareLedger;
import org.pouw.store.jdbc.SqlTransactions;

/** The mining pool's accounting on an open storage (issue 23 §4): SQLite for one pool, PostgreSQL for several. */
public final class PoolStores {
    private PoolStores() {
    }

    public static PoolShareLedger shareLedger(Storage storage) {
        if (storage instanceof SqlTransactions database) {
            return new SqlPoolShareLedger(database);
        }
        throw new IllegalArgumentException("no pool share ledger for a " + storage.backend() + " storage");
    }
}

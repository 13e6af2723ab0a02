package org.pouw.store;

import org.pouw.core.port.Storage;
import org.pouw.store.jdbc.SqlRedemptions;
import org.pouw.store.jdbc.SqlTransactions;

/**
 * The challenge redemption store in the same database as an open market storage, so a redemption and the ledger
 * reward it buys commit in one transaction (issue 21 §2).
 */
public final class RedemptionStores {
    private RedemptionStores() {
    }

    public static SqlRedemptions on(Storage storage) {
        if (storage instanceof SqlTransactions database) {
            return new SqlRedemptions(database);
        }
        throw new IllegalArgumentException("no redemption store for a " + storage.backend() + " storage");
    }
}

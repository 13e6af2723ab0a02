package org.pouw.store;

import org.pouw.core.Clock;
import org.pouw.core.port.Storage;
import org.pouw.store.jdbc.SqlPartnerBudgets;
import org.pouw.store.jdbc.SqlPartnerDirectory;
import org.pouw.store.jdbc.SqlPartnerKeys;
import org.pouw.store.jdbc.SqlPartnerSigningKeys;
import org.pouw.store.jdbc.SqlRewardPayouts;
import org.pouw.store.jdbc.SqlTransactions;

/**
 * pouw-gate's durable ports on an open market storage (issue 21; docs/gate.md §12), for the node to bind: the ones
 * that write live in the same database as the ledger and the redemptions ({@link RedemptionStores#on}); the two that
 * only read use the market's own views.
 */
public final class GateStores {
    private GateStores() {
    }

    /**
     * Receipt rewards: redemption, ledger entry and emission count in one transaction of {@code storage}; on SQLite
     * concurrent claims share transactions (group commit), since its one writer runs them in a line anyway.
     */
    public static SqlRewardPayouts rewardPayouts(Storage storage, Clock clock) {
        return new SqlRewardPayouts(sql(storage), clock, "sqlite".equals(storage.backend()));
    }

    public static SqlPartnerKeys partnerKeys(Storage storage) {
        return new SqlPartnerKeys(sql(storage));
    }

    public static SqlPartnerSigningKeys partnerSigningKeys(Storage storage) {
        return new SqlPartnerSigningKeys(sql(storage));
    }

    public static SqlPartnerDirectory partnerDirectory(Storage storage) {
        return new SqlPartnerDirectory(sql(storage));
    }

    public static SqlPartnerBudgets partnerBudgets(Storage storage) {
        return new SqlPartnerBudgets(sql(storage));
    }

    public static LedgerJobRewards jobRewards(Storage storage) {
        return new LedgerJobRewards(storage);
    }

    public static JobStoreLeaseHolders leaseHolders(Storage storage, Clock clock) {
        return new JobStoreLeaseHolders(storage, clock);
    }

    private static SqlTransactions sql(Storage storage) {
        if (storage instanceof SqlTransactions database) {
            return database;
        }
        throw new IllegalArgumentException("the gate's stores need an SQL storage, not " + storage.backend());
    }
}

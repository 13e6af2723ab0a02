package org.pouw.store;

import org.pouw.core.Clock;
import org.pouw.core.port.Storage;
import org.pouw.gate.redeem.FailModeRedemptions;
import org.pouw.gate.redeem.RedemptionSettings;
import org.pouw.gate.redeem.Redemptions;
import org.pouw.store.jdbc.SqlRedemptions;
import org.pouw.store.jdbc.SqlTransactions;
import org.pouw.store.redis.RedisRedemptions;

/**
 * The challenge redemption store in the same database as an open market storage, so a redemption and the ledger
 * reward it buys commit in one transaction (issue 21 §2).
 */
public final class RedemptionStores {
    private RedemptionStores() {
    }

    /**
     * The node's redemption store as its settings say, with the fail modes around it, after the start-up checks:
     * the node's clock within {@code gate.clock_skew_ms} of the database's (and of Redis's, with Redis
     * {@code noeviction}). Throws {@link IllegalStateException} naming the failed check, so the node refuses to start.
     */
    public static FailModeRedemptions open(RedemptionSettings settings, Storage storage, Clock clock) {
        new ClockSkewCheck(clock, settings.clockSkewMs()).require("the " + storage.backend() + " database",
                () -> DatabaseClock.millis(storage));
        Redemptions durable = RedemptionSettings.REDIS.equals(settings.store())
                ? RedisRedemptions.open(settings.redisUrl(), clock, settings.clockSkewMs())
                : on(storage);
        return new FailModeRedemptions(durable, settings, clock);
    }

    public static SqlRedemptions on(Storage storage) {
        if (storage instanceof SqlTransactions database) {
            return new SqlRedemptions(database);
        }
        throw new IllegalArgumentException("no redemption store for a " + storage.backend() + " storage");
    }
}

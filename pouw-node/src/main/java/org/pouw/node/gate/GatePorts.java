package org.pouw.node.gate;

import org.pouw.core.Clock;
import org.pouw.core.port.Storage;
import org.pouw.gate.partner.PartnerBudgets;
import org.pouw.gate.partner.PartnerDirectory;
import org.pouw.gate.partner.PartnerKeys;
import org.pouw.gate.partner.PartnerSigningKeys;
import org.pouw.gate.redeem.RedemptionSettings;
import org.pouw.gate.reward.RewardPayouts;
import org.pouw.gate.useful.JobLeaseHolders;
import org.pouw.gate.useful.JobRewardLedger;
import org.pouw.node.config.GateSettings;
import org.pouw.store.GateStores;
import org.pouw.store.redis.RedisPartnerBudgets;

/**
 * The ports of pouw-gate the node binds besides the redemption store (docs/gate.md §12), in one place, all
 * pouw-store's durable adapters on the node's database, but partner budgets, which go on Redis when the redemptions
 * do. Reward payouts ({@code SqlRewardPayouts}) redeem {@code chal:<id>} in the SQL {@code redemptions} table in the ledger entry's own transaction, so they are bound only
 * when the redemption store is that same table ({@code gate.redemption_store = sql}); beside a Redis store a token
 * would redeem in Redis and a reward in SQL, and one challenge could buy both. {@link GateSettings} refuses a reward
 * rate with Redis at configuration, and a node on Redis binds a payout port that refuses every claim.
 */
public record GatePorts(RewardPayouts rewardPayouts, JobRewardLedger jobRewards, JobLeaseHolders leaseHolders,
                        PartnerKeys partnerKeys, PartnerBudgets partnerBudgets, PartnerSigningKeys partnerSigners,
                        PartnerDirectory partnerDirectory) {

    public static GatePorts open(Storage storage, Clock clock, GateSettings settings) {
        RewardPayouts payouts = rewardPayouts(storage, clock, settings);
        return new GatePorts(payouts, GateStores.jobRewards(storage),
                GateStores.leaseHolders(storage, clock), GateStores.partnerKeys(storage),
                partnerBudgets(storage, clock, settings), GateStores.partnerSigningKeys(storage),
                GateStores.partnerDirectory(storage));
    }

    /**
     * Partner budgets beside the redemptions: on the same Redis when redemptions are there (a count per partner and
     * interval that expires itself, and no database write per partner token), else in the node's database.
     */
    private static PartnerBudgets partnerBudgets(Storage storage, Clock clock, GateSettings settings) {
        RedemptionSettings redemption = settings.redemption();
        if (RedemptionSettings.REDIS.equals(redemption.store())) {
            return RedisPartnerBudgets.open(redemption.redisUrl(), clock, redemption.clockSkewMs());
        }
        return GateStores.partnerBudgets(storage);
    }

    /** Closes what the ports hold open of their own (a Redis connection); the database is the node's. */
    void close() {
        if (partnerBudgets instanceof AutoCloseable own) {
            try {
                own.close();
            } catch (Exception e) {
                // closing at shutdown: nothing is lost by a connection that does not close cleanly
            }
        }
    }

    private static RewardPayouts rewardPayouts(Storage storage, Clock clock, GateSettings settings) {
        if (RedemptionSettings.SQL.equals(settings.redemption().store())) {
            return GateStores.rewardPayouts(storage, clock);
        }
        if (settings.hashcashRate().isPresent()) {
            throw new IllegalStateException("rewards need gate.redemption_store = sql (docs/gate.md §10)");
        }
        return new NoPayoutsOnRedis();
    }

    /** The payout port of a node on Redis: no reward is ever claimed there, so a claim is a wiring error. */
    private static final class NoPayoutsOnRedis implements RewardPayouts {
        @Override
        public Outcome payOnce(RewardClaim claim) {
            throw new IllegalStateException("no reward is paid on a Redis redemption store, yet "
                    + claim.ledgerKey() + " was claimed");
        }

        /** Nothing is paid, so no interval is counted. */
        @Override
        public int forgetIntervalsBefore(long intervalStartMs) {
            return 0;
        }
    }
}

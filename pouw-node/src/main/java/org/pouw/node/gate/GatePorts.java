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

/**
 * The ports of pouw-gate the node binds besides the redemption store (docs/gate.md §12), in one place, all
 * pouw-store's durable adapters on the node's database. Reward payouts ({@code SqlRewardPayouts}) redeem
 * {@code chal:<id>} in the SQL {@code redemptions} table in the ledger entry's own transaction, so they are bound only
 * when the redemption store is that same table ({@code gate.redemption_store = sql}); beside a Redis store a token
 * would redeem in Redis and a reward in SQL, and one challenge could buy both. {@link GateSettings} refuses a reward
 * rate with Redis at configuration, and a node on Redis binds a payout port that refuses every claim.
 */
public record GatePorts(RewardPayouts rewardPayouts, JobRewardLedger jobRewards, JobLeaseHolders leaseHolders,
                        PartnerKeys partnerKeys, PartnerBudgets partnerBudgets, PartnerSigningKeys partnerSigners,
                        PartnerDirectory partnerDirectory) {

    public static GatePorts open(Storage storage, Clock clock, GateSettings settings) {
        return new GatePorts(rewardPayouts(storage, clock, settings), GateStores.jobRewards(storage),
                GateStores.leaseHolders(storage, clock), GateStores.partnerKeys(storage),
                GateStores.partnerBudgets(storage), GateStores.partnerSigningKeys(storage),
                GateStores.partnerDirectory(storage));
    }

    private static RewardPayouts rewardPayouts(Storage storage, Clock clock, GateSettings settings) {
        if (RedemptionSettings.SQL.equals(settings.redemption().store())) {
            return GateStores.rewardPayouts(storage, clock);
        }
        if (settings.hashcashRate().isPresent()) {
            throw new IllegalStateException("rewards need gate.redemption_store = sql (docs/gate.md §10)");
        }
        return claim -> {
            throw new IllegalStateException("no reward is paid on a Redis redemption store, yet "
                    + claim.ledgerKey() + " was claimed");
        };
    }
}

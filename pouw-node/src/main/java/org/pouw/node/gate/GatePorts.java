package org.pouw.node.gate;

import org.pouw.core.Clock;
import org.pouw.core.port.Storage;
import org.pouw.gate.partner.PartnerBudgets;
import org.pouw.gate.partner.PartnerKeys;
import org.pouw.gate.partner.PartnerSigningKeys;
import org.pouw.gate.redeem.Redemptions;
import org.pouw.gate.reward.InMemoryRewardPayouts;
import org.pouw.gate.reward.RewardPayouts;
import org.pouw.gate.useful.JobLeaseHolders;
import org.pouw.gate.useful.JobRewardLedger;
import org.pouw.store.GateStores;

/**
 * The ports of pouw-gate the node binds besides {@link Redemptions} (docs/gate.md §12), in one place. The job-reward
 * and lease-holder reads and the partner stores are pouw-store's durable adapters on the node's database; the reward
 * payouts are still in memory (<em>not yet durable</em>): pouw-store's {@code SqlRewardPayouts} redeems in the SQL
 * {@code redemptions} table, so bound beside a Redis redemption store it would let one challenge buy a token in Redis
 * and a reward in SQL — it waits for the start-up rule that pays rewards only on an SQL redemption store.
 */
public record GatePorts(RewardPayouts rewardPayouts, JobRewardLedger jobRewards, JobLeaseHolders leaseHolders,
                        PartnerKeys partnerKeys, PartnerBudgets partnerBudgets, PartnerSigningKeys partnerSigners) {

    /**
     * The durable adapters on {@code storage}, and reward payouts in memory that redeem through the node's durable
     * {@code redemptions}, so one challenge is one reward or one token even now; only the receipts pool's balance
     * (started at {@code poolFund}) lives in memory.
     */
    public static GatePorts open(Storage storage, Clock clock, Redemptions redemptions, long poolFund) {
        InMemoryRewardPayouts payouts = new InMemoryRewardPayouts(redemptions);
        if (poolFund > 0) {
            payouts.fund(poolFund);
        }
        return new GatePorts(payouts, GateStores.jobRewards(storage), GateStores.leaseHolders(storage, clock),
                GateStores.partnerKeys(storage), GateStores.partnerBudgets(storage),
                GateStores.partnerSigningKeys(storage));
    }
}

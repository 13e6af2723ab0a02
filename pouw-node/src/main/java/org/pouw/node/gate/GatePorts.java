package org.pouw.node.gate;

import org.pouw.gate.partner.InMemoryPartnerBudgets;
import org.pouw.gate.partner.InMemoryPartnerKeys;
import org.pouw.gate.partner.InMemoryPartnerSigningKeys;
import org.pouw.gate.partner.PartnerBudgets;
import org.pouw.gate.partner.PartnerKeys;
import org.pouw.gate.partner.PartnerSigningKeys;
import org.pouw.gate.redeem.Redemptions;
import org.pouw.gate.reward.InMemoryRewardPayouts;
import org.pouw.gate.reward.RewardPayouts;
import org.pouw.gate.useful.InMemoryJobLeaseHolders;
import org.pouw.gate.useful.InMemoryJobRewardLedger;
import org.pouw.gate.useful.JobLeaseHolders;
import org.pouw.gate.useful.JobRewardLedger;

/**
 * The ports of pouw-gate the node binds besides {@link Redemptions} (docs/gate.md §12), in one place so pouw-store's
 * durable adapters replace the interim ones here and nowhere else. {@link #interim} is what exists today: in-memory
 * adapters that are <em>not yet durable</em> — they forget on restart and are not shared between nodes.
 */
public record GatePorts(RewardPayouts rewardPayouts, JobRewardLedger jobRewards, JobLeaseHolders leaseHolders,
                        PartnerKeys partnerKeys, PartnerBudgets partnerBudgets, PartnerSigningKeys partnerSigners) {

    /**
     * In-memory adapters. The reward payouts redeem through the node's durable {@code redemptions}, so one challenge
     * is one reward or one token even now; only the receipts pool's balance (started at {@code poolFund}) lives in
     * memory.
     */
    public static GatePorts interim(Redemptions redemptions, long poolFund) {
        InMemoryRewardPayouts payouts = new InMemoryRewardPayouts(redemptions);
        if (poolFund > 0) {
            payouts.fund(poolFund);
        }
        return new GatePorts(payouts, new InMemoryJobRewardLedger(), new InMemoryJobLeaseHolders(),
                new InMemoryPartnerKeys(), new InMemoryPartnerBudgets(), new InMemoryPartnerSigningKeys());
    }
}

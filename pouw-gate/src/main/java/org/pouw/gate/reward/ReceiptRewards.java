package org.pouw.gate.reward;

import java.util.Optional;
import org.pouw.core.Clock;
import org.pouw.gate.GateVerdict;
import org.pouw.gate.RejectionReason;
import org.pouw.gate.receipt.CheckedReceipt;
import org.pouw.gate.receipt.ReceiptValidator;
import org.pouw.gate.receipt.RedemptionPurpose;
import org.pouw.gate.redeem.Redemptions;

/**
 * Pays a receipt's reward (issue 21 §3): the receipt passes every stateless check ({@link ReceiptValidator#check}),
 * then {@link RewardPayouts} redeems the challenge and pays from {@code sys:receipts:pool} in one transaction, within
 * the global emission cap of the interval on the {@link Clock}. Without an operator's {@link RewardRate}, hashcash
 * pays nothing ({@code reward_not_offered}, nothing consumed: the challenge still buys a token); {@code useful} work
 * never pays here, its job did.
 */
public final class ReceiptRewards {
    private final ReceiptValidator receipts;
    private final RewardPayouts payouts;
    private final Clock clock;
    private final Optional<RewardRate> hashcashRate;

    public ReceiptRewards(ReceiptValidator receipts, RewardPayouts payouts, Clock clock,
            Optional<RewardRate> hashcashRate) {
        this.receipts = receipts;
        this.payouts = payouts;
        this.clock = clock;
        this.hashcashRate = hashcashRate;
    }

    public GateVerdict<RewardPaid> redeemForReward(byte[] body) {
        GateVerdict<CheckedReceipt> checked = receipts.check(body, RedemptionPurpose.REWARD);
        if (checked instanceof GateVerdict.Rejected<CheckedReceipt> refused) {
            return refused.as();
        }
        CheckedReceipt receipt = ((GateVerdict.Accepted<CheckedReceipt>) checked).value();
        if (hashcashRate.isEmpty()) {
            return GateVerdict.rejected(RejectionReason.REWARD_NOT_OFFERED, "hashcash earns access tokens here, not "
                    + "money: no emission cap is set for it");
        }
        RewardRate rate = hashcashRate.get();
        String id = receipt.challenge().id();
        String ledgerKey = RewardPayouts.ledgerKey(id);
        var claim = new RewardPayouts.RewardClaim(Redemptions.challengeKey(id), receipts.keepUntil(receipt),
                receipt.did(), rate.amountPerReceipt(), ledgerKey, rate.intervalStart(clock.millis()),
                rate.emissionCapPerInterval());
        return switch (payouts.payOnce(claim)) {
            case PAID -> GateVerdict.accepted(new RewardPaid(id, receipt.did(), rate.amountPerReceipt(), ledgerKey));
            case REPLAYED -> GateVerdict.rejected(RejectionReason.REPLAYED, "challenge " + id
                    + " was redeemed already");
            case POOL_EMPTY -> GateVerdict.rejected(RejectionReason.POOL_EMPTY, RewardPayouts.POOL_ACCOUNT
                    + " can not pay " + rate.amountPerReceipt() + "; nothing was consumed");
            case EMISSION_CAPPED -> GateVerdict.rejected(RejectionReason.EMISSION_CAPPED, "this interval's emission "
                    + "cap of " + rate.emissionCapPerInterval() + " is reached; nothing was consumed");
        };
    }
}

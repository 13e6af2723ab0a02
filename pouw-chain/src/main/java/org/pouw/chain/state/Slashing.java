package org.pouw.chain.state;

import java.util.ArrayList;
import java.util.List;
import org.pouw.chain.audit.AuditParameters;
import org.pouw.ml.wire.Bytes32;

/**
 * What a slash does to the state (docs/chain.md §5.3, §5.4): the offender's whole stake (active, pending and
 * unbonding) and every immature reward are taken, its audits still open are closed (nothing is left to claw back),
 * and the coins are burnt — except the evidence bounty, when a transaction brought the evidence. A slash the state
 * machine applies itself (a failed or missing opening) pays nobody, so nobody gains from causing one.
 */
final class Slashing {
    private final AuditParameters parameters;

    Slashing(AuditParameters parameters) {
        this.parameters = parameters;
    }

    /**
     * Slashes {@code offender} at {@code height}. {@code reporter}, when a transaction brought the evidence, earns
     * the stake taken / {@code evidenceBountyShare}; everything else taken is burnt. Returns the bounty paid.
     */
    long slash(StateLayer state, Bytes32 offender, long height, Bytes32 reporter) {
        Stake stake = state.stake(offender);
        long staked = Math.addExact(Math.addExact(stake.active(), stake.pending()), stake.unbonding());
        long clawedBack = 0;
        for (ImmatureReward reward : state.immatureRewards(offender)) {
            clawedBack = Math.addExact(clawedBack, reward.amount());
        }
        state.putStake(offender, Stake.NONE);
        state.putImmature(offender, List.of());
        long bounty = reporter == null || reporter.equals(offender) ? 0 : staked / parameters.evidenceBountyShare();
        if (bounty > 0) {
            Account account = state.account(reporter);
            state.putAccount(reporter, new Account(Math.addExact(account.balance(), bounty), account.nonce()));
        }
        state.burn(Math.addExact(staked, clawedBack) - bounty);
        for (long h = Math.max(1, height - parameters.maturity()); h <= height; h++) {
            PendingAudit audit = state.audit(h);
            if (audit != null && audit.miner().equals(offender) && audit.status() != PendingAudit.Status.CLOSED) {
                state.putAudit(audit.with(PendingAudit.Status.CLOSED));
            }
        }
        return bounty;
    }

    /**
     * Takes up to {@code amount} from {@code miner}'s immature rewards (the newest last) and then its balance, and
     * burns it: the cost of a late opening. Burnt, not paid to the block that carries the opening, so censoring an
     * opening until it is late earns the censor nothing.
     */
    long charge(StateLayer state, Bytes32 miner, long amount) {
        long left = amount;
        List<ImmatureReward> kept = new ArrayList<>();
        for (ImmatureReward reward : state.immatureRewards(miner)) {
            long taken = Math.min(left, reward.amount());
            left -= taken;
            if (reward.amount() - taken > 0) {
                kept.add(new ImmatureReward(reward.height(), reward.amount() - taken));
            }
        }
        state.putImmature(miner, kept);
        Account account = state.account(miner);
        long fromBalance = Math.min(left, account.balance());
        if (fromBalance > 0) {
            state.putAccount(miner, new Account(account.balance() - fromBalance, account.nonce()));
        }
        long charged = amount - left + fromBalance;
        state.burn(charged);
        return charged;
    }
}

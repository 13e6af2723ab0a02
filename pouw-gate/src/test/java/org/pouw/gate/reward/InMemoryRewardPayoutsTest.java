package org.pouw.gate.reward;

import org.pouw.gate.redeem.InMemoryRedemptions;
import org.pouw.gate.redeem.Redemptions;

/** The in-memory adapter under the contract. */
class InMemoryRewardPayoutsTest extends RewardPayoutsContract {
    @Override
    protected Fixture newFixture() {
        InMemoryRedemptions redemptions = new InMemoryRedemptions();
        InMemoryRewardPayouts payouts = new InMemoryRewardPayouts(redemptions);
        return new Fixture() {
            @Override
            public RewardPayouts payouts() {
                return payouts;
            }

            @Override
            public Redemptions redemptions() {
                return redemptions;
            }

            @Override
            public void fund(long amount) {
                payouts.fund(amount);
            }

            @Override
            public long balance(String account) {
                return payouts.balance(account);
            }
        };
    }
}

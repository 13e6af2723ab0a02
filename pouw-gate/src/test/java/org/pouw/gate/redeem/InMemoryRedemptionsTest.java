package org.pouw.gate.redeem;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The in-memory adapter under the contract, and its own forgetting rule. */
class InMemoryRedemptionsTest extends RedemptionsContract {
    @Override
    protected Redemptions newRedemptions() {
        return new InMemoryRedemptions();
    }

    @Test
    void entriesAreKeptUntilTheirTimeAndNotBefore() {
        InMemoryRedemptions redemptions = new InMemoryRedemptions();
        assertThat(redemptions.redeemOnce("chal:a", 1_000)).isTrue();
        assertThat(redemptions.forgetExpired(1_000)).isZero();
        assertThat(redemptions.redeemOnce("chal:a", 1_000)).isFalse();
        assertThat(redemptions.forgetExpired(1_001)).isEqualTo(1);
        assertThat(redemptions.size()).isZero();
    }
}

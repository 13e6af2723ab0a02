package org.pouw.gate.redeem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.pouw.gate.GateVerdict;

/** The in-memory adapter under the contract, and what it can not do. */
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

    /** Without a database there is no transaction to pay a reward in, so it is refused as the wiring bug it is. */
    @Test
    void aRewardCanNotBeGrantedWithoutTheLedgersTransaction() {
        InMemoryRedemptions redemptions = new InMemoryRedemptions();
        assertThatThrownBy(() -> redemptions.redeem("chal:a", 1_000, Grant.reward(tx -> GateVerdict.accepted(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MONEY");
        assertThat(redemptions.size()).isZero();
    }
}

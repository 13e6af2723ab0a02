package org.pouw.core.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.core.id.Hash32;

/** An intent's fee is split between its jobs by their work units, and the shares add up to the fee exactly. */
class FeeSharesTest {
    private static PlannedJob job(long units) {
        return new PlannedJob("vm-stark", Hash32.of("00".repeat(32)), "ref", "{}", units);
    }

    @Test
    void jobsOfOneUnitEachSplitTheFeeEquallyWithTheRemainderOnTheFirst() {
        List<PlannedJob> jobs = List.of(new PlannedJob("reexec", Hash32.of("00".repeat(32)), "r", "{}"), job(1),
                job(1));
        assertThat(IntentOpening.feeShares(100, jobs)).containsExactly(34, 33, 33);
    }

    @Test
    void sharesFollowTheUnitsAndAddUpToTheFee() {
        // two full 2^15 − 1 step segments and a final segment of 5 steps of a program whose table has 64 slots
        long[] shares = IntentOpening.feeShares(1_000_000, List.of(job(32_767), job(32_767), job(64)));
        assertThat(Arrays.stream(shares).sum()).isEqualTo(1_000_000);
        assertThat(shares[1]).isEqualTo(1_000_000L * 32_767 / (2 * 32_767 + 64));
        assertThat(shares[2]).isEqualTo(1_000_000L * 64 / (2 * 32_767 + 64));
        assertThat(shares[2]).isLessThan(shares[1] / 100);
    }

    @Test
    void aFeeNearTheLongLimitDoesNotOverflow() {
        long fee = Long.MAX_VALUE - 3;
        long[] shares = IntentOpening.feeShares(fee, List.of(job(1L << 24), job(3), job(1L << 40)));
        assertThat(Arrays.stream(shares).reduce(0L, Math::addExact)).isEqualTo(fee);
        assertThat(Arrays.stream(shares).min().orElseThrow()).isNotNegative();
    }

    @Test
    void aJobWithoutWorkUnitsIsRefused() {
        assertThatThrownBy(() -> job(0)).hasMessageContaining("workUnits");
    }
}

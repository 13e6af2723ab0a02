package org.pouw.core.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The step of a demand-following base price (docs/economics.md, "Prices that follow demand"). */
class PriceStepTest {
    private static final DemandRule RULE = new DemandRule(60_000, Map.of("k", 1_000L), 125, 4, 1_000_000L);

    @Test
    void aQueueAtTwiceTheTargetOrMoreRaisesThePriceByAnEighthAndNoMore() {
        assertThat(PriceStep.next(8_000, 2_000, 1_000, RULE, 100, 8_000)).isEqualTo(9_000);
        assertThat(PriceStep.next(8_000, 1_000_000_000, 1_000, RULE, 100, 8_000)).as("a flood moves it no further")
                .isEqualTo(9_000);
        assertThat(PriceStep.next(8_000, 1_500, 1_000, RULE, 100, 8_000)).isEqualTo(8_500);
        assertThat(PriceStep.next(8_000, 1_000, 1_000, RULE, 100, 8_000)).as("at the target it holds")
                .isEqualTo(8_000);
    }

    @Test
    void anEmptyQueueLowersThePriceByAnEighthDownToTheFloor() {
        assertThat(PriceStep.next(8_000, 0, 1_000, RULE, 100, 8_000)).isEqualTo(7_000);
        assertThat(PriceStep.next(101, 0, 1_000, RULE, 100, 101)).isEqualTo(100);
        assertThat(PriceStep.next(100, 0, 1_000, RULE, 100, 100)).as("never under the floor").isEqualTo(100);
        assertThat(PriceStep.next(5, 999, 1_000, RULE, 0, 5)).as("a small price still reaches its floor")
                .isEqualTo(4);
    }

    @Test
    void aFreeKindCanStartToCostAndNoPriceExceedsTheCeiling() {
        assertThat(PriceStep.next(0, 5_000, 1_000, RULE, 0, 0)).isEqualTo(1);
        assertThat(PriceStep.next(999_999, 5_000, 1_000, RULE, 0, 999_999)).isEqualTo(1_000_000);
    }

    @Test
    void withinAnHourThePriceStaysWithinTheFactorOfWhereTheHourStarted() {
        assertThat(PriceStep.next(3_900, 5_000, 1_000, RULE, 0, 1_000)).isEqualTo(4_000);
        assertThat(PriceStep.next(260, 0, 1_000, RULE, 0, 1_000)).isEqualTo(250);
    }

    @Test
    void everyStepIsBoundedAndTheSameEveryTime() {
        SplittableRandom random = new SplittableRandom(27);
        for (int i = 0; i < 100_000; i++) {
            long target = 1 + random.nextLong(1L << 40);
            long pending = random.nextLong(1L << 42);
            long floor = random.nextLong(1_000);
            long price = floor + random.nextLong(1_000_000 - floor + 1);
            // Where a running price is: within its hour's window.
            long low = Math.ceilDiv(price, 4);
            long ref = low + random.nextLong(Math.max(price * 4, 1) - low + 1);
            long next = PriceStep.next(price, pending, target, RULE, floor, ref);
            assertThat(next).isEqualTo(PriceStep.next(price, pending, target, RULE, floor, ref));
            assertThat(next).isBetween(floor, RULE.ceiling());
            long bound = Math.max(1, price * 125 / 1000);
            if (next > price) {
                assertThat(pending).isGreaterThan(target);
                assertThat(next - price).isLessThanOrEqualTo(bound);
            } else if (next < price) {
                assertThat(pending).isLessThan(target);
                assertThat(price - next).isLessThanOrEqualTo(bound);
            }
        }
    }

    @Test
    void badSettingsNameTheSetting() {
        assertThatThrownBy(() -> new DemandRule(0, Map.of(), 125, 4, 10)).hasMessageContaining("price.interval_ms");
        assertThatThrownBy(() -> new DemandRule(1, Map.of(), 0, 4, 10))
                .hasMessageContaining("price.max_step_permille");
        assertThatThrownBy(() -> new DemandRule(1, Map.of(), 125, 1, 10))
                .hasMessageContaining("price.max_hour_factor");
        assertThatThrownBy(() -> new DemandRule(1, Map.of("k", -1L), 125, 4, 10))
                .hasMessageContaining("price.target_steps.k");
        assertThatThrownBy(() -> MarketSettings.defaults().withBasePrices(new BasePrices(Map.of("k", 11L)))
                .withDemand(new DemandRule(1, Map.of(), 125, 4, 10))).hasMessageContaining("price.ceiling");
    }
}

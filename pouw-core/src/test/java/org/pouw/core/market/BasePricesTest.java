package org.pouw.core.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BasePricesTest {
    @Test
    void theBaseIsTheStepsAtThePriceRoundedUpAndAnUnpricedKindIsFree() {
        BasePrices prices = new BasePrices(Map.of("reexec", 3L));

        assertThat(prices.baseFee("reexec", 0)).isZero();
        assertThat(prices.baseFee("reexec", 1)).as("3/1000 of a unit rounds up to 1").isEqualTo(1);
        assertThat(prices.baseFee("reexec", 1_000)).isEqualTo(3);
        assertThat(prices.baseFee("reexec", 1_001)).isEqualTo(4);
        assertThat(prices.baseFee("ml-train", 1_000_000)).isZero();
        assertThat(prices.perThousandSteps("ml-train")).isZero();
    }

    @Test
    void aBaseTooLargeToCountIsMoreThanAnyFee() {
        BasePrices prices = new BasePrices(Map.of("reexec", 1_000_000_000_000L));

        assertThat(prices.baseFee("reexec", Long.MAX_VALUE / 1_000)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aNegativePriceOrStepCountIsRefusedNamingIt() {
        assertThatThrownBy(() -> new BasePrices(Map.of("hash-chain", -1L)))
                .hasMessage("base_price.hash-chain must be >= 0, got -1");
        assertThatThrownBy(() -> BasePrices.NONE.baseFee("reexec", -1)).hasMessageContaining("steps");
    }

    @Test
    void thePricesAreACopy() {
        Map<String, Long> source = new HashMap<>(Map.of("reexec", 5L));
        BasePrices prices = new BasePrices(source);
        source.put("reexec", 0L);

        assertThat(prices.perThousandSteps("reexec")).isEqualTo(5);
    }

    /**
     * More work never costs less, the base never undercuts the exact price, and splitting an intent in two never
     * saves more than the one unit of rounding per part.
     */
    @Test
    void theBaseIsMonotoneAndNeverUnderTheExactPrice() {
        SplittableRandom random = new SplittableRandom(27);
        for (int i = 0; i < 10_000; i++) {
            long a = random.nextLong(1_000_000_000L);
            long b = random.nextLong(1_000_000_000L);
            BasePrices prices = new BasePrices(Map.of("k", random.nextLong(1_000_000L)));
            long whole = prices.baseFee("k", a + b);
            assertThat(whole).isGreaterThanOrEqualTo(prices.baseFee("k", a));
            assertThat(whole).isLessThanOrEqualTo(prices.baseFee("k", a) + prices.baseFee("k", b));
            assertThat(whole * 1_000).isGreaterThanOrEqualTo((a + b) * prices.perThousandSteps("k"));
            assertThat(whole * 1_000).isLessThan((a + b) * prices.perThousandSteps("k") + 1_000);
        }
    }
}

package org.pouw.chain.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * cost(block) = ⌈⌊2^256 / (target + 1)⌋ · num / den⌉ (docs/chain.md §4.1): exact, rounded up, and following
 * difficulty. At target 2^246 − 1 a block is worth exactly 2^10 = 1,024 tickets.
 */
class TaskCostTest {
    private static final BigInteger TARGET = BigInteger.ONE.shiftLeft(246).subtract(BigInteger.ONE);

    private static TaskParameters priced(long numerator, long denominator) {
        TaskParameters d = TaskParameters.DEFAULTS;
        return new TaskParameters(numerator, denominator, d.sgdLearningRate(), d.adamLearningRate(), d.maxBatch(),
                d.recordsPerBatch(), d.maxMultiplyAdds(), d.maxStateWords(), d.minWindow(), d.maxLifetime(), d.minersPerTask(),
                d.epochLength(), d.fillerDemandBlocks(), List.of(1L));
    }

    @Test
    void theCostIsTheBlocksTicketsAtTheTicketPriceRoundedUp() {
        assertThat(TaskCost.of(TARGET, priced(1_000, 1))).isEqualTo(BigInteger.valueOf(1_024_000));
        assertThat(TaskCost.of(TARGET, priced(1, 1_024))).isEqualTo(BigInteger.ONE);
        assertThat(TaskCost.of(TARGET, priced(1, 1_000))).as("1.024 rounds up").isEqualTo(BigInteger.TWO);
        assertThat(TaskCost.of(TARGET, priced(3, 7))).as("3,072 / 7 = 438.86").isEqualTo(BigInteger.valueOf(439));
        assertThat(TaskCost.of(BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE), priced(1, 1_000_000)))
                .as("even the easiest block costs a base unit").isEqualTo(BigInteger.ONE);
    }

    @Test
    void theCostFollowsDifficulty() {
        BigInteger harder = BigInteger.ONE.shiftLeft(245).subtract(BigInteger.ONE);
        assertThat(TaskCost.of(harder, priced(1_000, 1))).isEqualTo(TaskCost.of(TARGET, priced(1_000, 1))
                .shiftLeft(1));
    }

    @Test
    void rankSharesAddUpToTheEscrowWithTheRemainderToTheFirst() {
        TaskParameters weights = TaskParameters.DEFAULTS;
        assertThat(RankSplit.byRank(1_000, 3, weights)).containsExactly(555 + 2, 277, 166);
        long[] shares = RankSplit.byRank(1_001, 10, weights);
        assertThat(Arrays.stream(shares).sum()).isEqualTo(1_001);
        assertThat(RankSplit.equally(1_001, 2)).containsExactly(501, 500);
        assertThat(RankSplit.equally(7, 0)).isEmpty();
    }
}

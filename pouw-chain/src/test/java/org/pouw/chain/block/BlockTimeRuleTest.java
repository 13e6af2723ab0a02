package org.pouw.chain.block;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class BlockTimeRuleTest {
    private final BlockTimeRule rule = new BlockTimeRule(90);
    private final List<Long> ancestors = LongStream.rangeClosed(1, 20).map(i -> i * 60).boxed().toList();

    @Test
    void theMedianIsTakenOverTheLastElevenAncestors() {
        assertThat(BlockTimeRule.medianTimePast(ancestors)).isEqualTo(15 * 60);
        assertThat(BlockTimeRule.medianTimePast(List.of(5L, 1L, 3L))).isEqualTo(3);
    }

    @Test
    void aTimestampMustBeAfterTheMedianTimePast() {
        assertThat(rule.defect(15 * 60, ancestors, 1_260)).contains("median-time-past");
        assertThat(rule.defect(15 * 60 + 1, ancestors, 1_260)).isNull();
    }

    /** A timestamp exactly at the future-time limit is accepted; one second more is not (until the clock moves). */
    @Test
    void aFutureTimestampAtTheLimitIsAcceptedAndBeyondItRefused() {
        long now = 1_260;
        assertThat(rule.defect(now + 90, ancestors, now)).isNull();
        assertThat(rule.defect(now + 91, ancestors, now)).contains("ahead of this node's clock");
        assertThat(rule.defect(now + 91, ancestors, now + 1)).isNull();
    }
}

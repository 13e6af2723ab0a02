package org.pouw.chain.mining;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.pouw.ml.wire.Bytes32;

/** The tip-keyed batch draw (docs/chain.md §3.1) and its golden vector (§9). */
class TipKeyedBatchTest {
    private static final Bytes32 MINER = Bytes32.of(filled(0x11));
    private static final Bytes32 TIP = Bytes32.of(filled(0x22));

    /** docs/chain.md §9: task seed 7, miner 0x11…, tip 0x22…, step 3, 8 of 1,000 records. */
    @Test
    void goldenDraw() {
        assertThat(TipKeyedBatch.key(7, MINER, TIP, 3)).hasToString(
                "34574e44664e951ec29a2ec242fd1b24e7f3a110575fdb3ac94c65aee638bcd3");
        int[] batch = TipKeyedBatch.draw(7, MINER, TIP, 3, 1000, 8);
        assertThat(batch).containsExactly(810, 481, 648, 655, 582, 703, 963, 50);
        assertThat(TipKeyedBatch.hash(batch)).hasToString(
                "fdb23d0e3a028e432a913d401f8cb819ba9f16ffbf83aba7af106896037ebc77");
    }

    @Test
    void aBatchHasDistinctIndicesInRange() {
        for (int size : new int[] {1, 2, 17, 64}) {
            int[] batch = TipKeyedBatch.draw(1, MINER, TIP, size, 64, size);
            assertThat(batch).hasSize(size).doesNotHaveDuplicates();
            assertThat(Arrays.stream(batch).allMatch(i -> i >= 0 && i < 64)).isTrue();
        }
    }

    @Test
    void anotherTipMinerOrStepDrawsAnotherBatch() {
        int[] batch = TipKeyedBatch.draw(7, MINER, TIP, 3, 1000, 8);
        assertThat(TipKeyedBatch.draw(7, MINER, TIP, 3, 1000, 8)).isEqualTo(batch);
        assertThat(TipKeyedBatch.draw(7, MINER, MINER, 3, 1000, 8)).isNotEqualTo(batch);
        assertThat(TipKeyedBatch.draw(7, TIP, TIP, 3, 1000, 8)).isNotEqualTo(batch);
        assertThat(TipKeyedBatch.draw(7, MINER, TIP, 4, 1000, 8)).isNotEqualTo(batch);
        assertThat(TipKeyedBatch.draw(8, MINER, TIP, 3, 1000, 8)).isNotEqualTo(batch);
    }

    @Test
    void everyRecordIsDrawnAboutEquallyOften() {
        int[] hits = new int[10];
        int draws = 4_000;
        for (int t = 0; t < draws; t++) {
            for (int index : TipKeyedBatch.draw(7, MINER, TIP, t, 10, 3)) {
                hits[index]++;
            }
        }
        // Each record is in a 3-of-10 batch with probability 0.3: 1,200 expected, σ ≈ 29.
        assertThat(Arrays.stream(hits).allMatch(h -> Math.abs(h - 1_200) < 150)).as(Arrays.toString(hits)).isTrue();
    }

    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}

package org.pouw.stark.air.hashchain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pouw.crypto.Goldilocks;
import org.pouw.stark.FixedBinding;
import org.pouw.stark.ProverProgress;
import org.pouw.stark.field.Ext;
import org.pouw.stark.field.ExtensionField;
import org.pouw.stark.field.Fp2;

class HashChainAirTest {
    private static final long[] SEED = {1, 2, 3, 4};

    @Test
    void traceFollowsTheReferenceChain() {
        long steps = 5;
        long[][] trace = HashChainTrace.build(SEED, steps, ProverProgress.NONE);
        assertThat(trace[0]).hasSize(64);
        assertThat(HashChainTrace.output(trace, steps)).containsExactly(HashChain.run(SEED, steps));
        assertThat(HashChainTrace.output(trace, 1)).containsExactly(HashChain.run(SEED, 1));
    }

    @Test
    void constraintsVanishOnEveryRowButTheLast() {
        long steps = 4;
        long[][] trace = HashChainTrace.build(SEED, steps, ProverProgress.NONE);
        HashChainAir air = new HashChainAir(FixedBinding.statement(SEED, steps, HashChain.run(SEED, steps)));
        int n = trace[0].length;
        long[] current = new long[12];
        long[] next = new long[12];
        long[] periodic = new long[25];
        long[] result = new long[12];
        for (int row = 0; row < n - 1; row++) {
            for (int j = 0; j < 12; j++) {
                current[j] = trace[j][row];
                next[j] = trace[j][row + 1];
            }
            for (int p = 0; p < 25; p++) {
                periodic[p] = air.periodicColumns().get(p)[row % 8];
            }
            air.evaluateTransition(current, next, periodic, result);
            assertThat(result).as("row %d", row).containsOnly(0L);
        }
    }

    @Test
    void baseAndExtensionEvaluationsAgreeAtRandomPoints() {
        HashChainAir air = new HashChainAir(FixedBinding.statement(SEED, 1, HashChain.run(SEED, 1)));
        Random random = new Random(4);
        for (int trial = 0; trial < 50; trial++) {
            long[] current = randomElements(random, 12);
            long[] next = randomElements(random, 12);
            long[] periodic = randomElements(random, 25);
            long[] base = new long[12];
            air.evaluateTransition(current, next, periodic, base);
            Ext[] ext = new Ext[12];
            air.evaluateTransition(embed(current), embed(next), embed(periodic), ext);
            for (int i = 0; i < 12; i++) {
                assertThat(ext[i]).isEqualTo(Fp2.of(base[i]));
            }
        }
    }

    @Test
    void traceLengthIsEightRowsPerHashRoundedUpToAPowerOfTwo() {
        assertThat(HashChainAir.traceLength(1)).isEqualTo(8);
        assertThat(HashChainAir.traceLength(2)).isEqualTo(16);
        assertThat(HashChainAir.traceLength(3)).isEqualTo(32);
        assertThat(HashChainAir.traceLength(1024)).isEqualTo(8192);
        assertThat(HashChainAir.traceLength(1025)).isEqualTo(16384);
        assertThat(HashChainAir.traceLength(HashChainStatement.MAX_STEPS)).isEqualTo(1 << 26);
        for (long steps : new long[] {0, -1, HashChainStatement.MAX_STEPS + 1, 1L << 61, Long.MAX_VALUE}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> HashChainAir.traceLength(steps))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void badSeedsAreRefusedBeforeAnyWork() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> HashChainTrace.build(new long[] {1, 2, 3}, 1, ProverProgress.NONE))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> HashChainTrace.build(new long[] {1, 2, 3, -1}, 1, ProverProgress.NONE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void compositionLayoutIsSevenColumnsWithBlowupEight() {
        HashChainAir air = new HashChainAir(FixedBinding.statement(SEED, 64, HashChain.run(SEED, 64)));
        assertThat(air.compositionColumns()).isEqualTo(7);
        assertThat(air.constraintBlowup()).isEqualTo(8);
    }

    private static long[] randomElements(Random random, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = Goldilocks.reduce(random.nextLong());
        }
        return out;
    }

    private static Ext[] embed(long[] values) {
        Ext[] out = new Ext[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Fp2.of(values[i]);
        }
        return out;
    }
}

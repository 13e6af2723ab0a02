package org.pouw.stark.prover;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pouw.stark.HashChainStark;
import org.pouw.stark.VmStark;
import org.pouw.stark.air.vm.VmColumns;
import org.pouw.stark.proof.ProofOptions;

/** The least memory a proof needs (issue 27, item 3): a lower bound, below what the prover was measured to hold. */
class ProverMemoryTest {
    private static final ProofOptions OPTIONS = VmStark.OPTIONS_96;

    @Test
    void countsTheExtendedColumnsAtEveryEvaluationPoint() {
        // 16 rows, blowup 8: 128 points, each with 12 main elements and (0 + 2) extension columns of degree 2
        assertThat(ProverMemory.leastBytes(12, 0, 16, OPTIONS)).isEqualTo(8L * 128 * (12 + 2 * 2));
        assertThat(ProverMemory.leastBytes(12, 1, 16, OPTIONS.withExtensionDegree(3)))
                .isEqualTo(8L * 128 * (12 + 3 * 3));
    }

    @Test
    void staysBelowTheLiveSetMeasuredForTheVmAndTheHashChain() {
        // docs/stark.md: a 2^18 - 1 step VM run held 1.84 GB live after a collection at 96 bits; 2^16 hashes
        // peaked at 2,037 MiB of heap. A lower bound above either would refuse work a machine can do.
        long vm = VmStark.proverMemoryMiB((1 << 18) - 1, 1, OPTIONS);
        assertThat(vm).isEqualTo(8L * (1 << 21) * (VmColumns.WIDTH + 2 * 3) >> 20).isLessThan(1_840_000_000L >> 20)
                .isGreaterThan(1_840_000_000L / 4 >> 20);
        assertThat(HashChainStark.proverMemoryMiB(1 << 16, HashChainStark.OPTIONS_96)).isLessThan(2_037);
    }

    @Test
    void doublesWithTheTraceAndSaturatesInsteadOfOverflowing() {
        assertThat(VmStark.proverMemoryMiB((1 << 20) - 1, 1, OPTIONS))
                .isEqualTo(2 * VmStark.proverMemoryMiB((1 << 19) - 1, 1, OPTIONS));
        assertThat(ProverMemory.leastBytes(255, 255, Long.MAX_VALUE / 2, OPTIONS)).isEqualTo(Long.MAX_VALUE);
    }
}

package org.pouw.ml.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.ml.tensor.ThreadTeam;

/**
 * The same tasks trained in separate JVM processes give the same final state hashes — including processes whose
 * JIT is told to generate different machine code (no SIMD, no AVX, the C1 compiler only, the interpreter), which
 * stands in for "another CPU". A fixed-order float computation must not care.
 */
class CrossProcessReproducibilityIT {
    @Test
    void twoProcessesAndDifferentJitSettingsAgreeBitForBit() throws Exception {
        List<String> inProcess = ReproducibilityMain.finalHashes(ThreadTeam.single());
        assertThat(run(List.of(), "1")).isEqualTo(inProcess);
        for (List<String> jit : ChildJvm.JIT_SETTINGS) {
            // Two threads where the JIT still vectorises, one where it is slow (C1, the interpreter).
            String threads = jit.contains("-Xint") || jit.contains("-XX:TieredStopAtLevel=1") ? "1" : "2";
            assertThat(run(jit, threads)).as("JIT %s", jit).isEqualTo(inProcess);
        }
    }

    private static List<String> run(List<String> jvmOptions, String threads) throws IOException, InterruptedException {
        return ChildJvm.run(jvmOptions, ReproducibilityMain.class, threads).stream()
                .filter(line -> line.matches("[a-z-]+ [0-9a-f]{64}")).toList();
    }
}

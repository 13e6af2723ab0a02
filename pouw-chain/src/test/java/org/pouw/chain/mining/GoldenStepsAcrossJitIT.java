package org.pouw.chain.mining;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.ml.train.ChildJvm;

/**
 * The golden steps (docs/chain.md §9) replay to their published values in fresh JVMs under C2, C2 without SIMD, C1
 * ({@code -XX:TieredStopAtLevel=1}) and the interpreter ({@code -Xint}) — the start-up self-check passes wherever the
 * engine is bit-exact. {@code POUW_GOLDEN_JDKS} (JDK homes separated by the path separator) adds other JDKs, such as
 * the JDK 21 the build targets; each is run under the same settings.
 */
class GoldenStepsAcrossJitIT {
    @Test
    void everyJitSettingReplaysThePublishedSteps() throws Exception {
        List<Path> homes = new ArrayList<>();
        homes.add(Path.of(System.getProperty("java.home")));
        String extra = System.getenv("POUW_GOLDEN_JDKS");
        if (extra != null && !extra.isBlank()) {
            for (String home : extra.split(File.pathSeparator)) {
                homes.add(Path.of(home));
            }
        }
        List<String> expected = new ArrayList<>(GoldenSteps.PUBLISHED);
        expected.add("verdict passed");
        for (Path home : homes) {
            for (List<String> jit : ChildJvm.JIT_SETTINGS) {
                String threads = jit.contains("-Xint") ? "1" : "2";
                assertThat(ChildJvm.run(home, jit, GoldenStepsMain.class, threads)).as("%s %s", home, jit)
                        .isEqualTo(expected);
            }
        }
    }
}

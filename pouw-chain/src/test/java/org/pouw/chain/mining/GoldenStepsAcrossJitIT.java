package org.pouw.chain.mining;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.ml.train.ChildJvm;

/**
 * The golden steps (docs/chain.md §9) replay to their published values in fresh JVMs under C2, C2 without SIMD, C1
 * ({@code -XX:TieredStopAtLevel=1}) and the interpreter ({@code -Xint}) — the start-up self-check passes wherever the
 * engine is bit-exact. {@code POUW_GOLDEN_JDKS} (JDK homes separated by the path separator) adds other JDKs, such as
 * the JDK 21 the build targets ({@code run-tests} names the one scripts/install-test-tools.sh unpacks); each is run
 * under the same settings. A named home that does not exist fails the test, naming it: a JDK that was meant to be
 * covered and is not must not pass unseen.
 */
class GoldenStepsAcrossJitIT {
    @Test
    void everyJitSettingReplaysThePublishedSteps() throws Exception {
        List<Path> homes = new ArrayList<>();
        homes.add(Path.of(System.getProperty("java.home")));
        String extra = System.getenv("POUW_GOLDEN_JDKS");
        if (extra != null && !extra.isBlank()) {
            for (String home : extra.split(File.pathSeparator)) {
                Path java = Path.of(home, "bin", "java");
                assertThat(Files.isExecutable(java))
                        .as("POUW_GOLDEN_JDKS names %s, which has no bin/java (run-tests installs JDK 21 there with "
                                + "scripts/install-test-tools.sh, pouw_install_jdk21)", home)
                        .isTrue();
                homes.add(Path.of(home));
            }
        }
        List<String> expected = new ArrayList<>(GoldenSteps.PUBLISHED);
        expected.add("verdict passed");
        for (Path home : homes) {
            System.out.println("golden steps on " + javaVersion(home) + " (" + home + ")");
            for (List<String> jit : ChildJvm.JIT_SETTINGS) {
                String threads = jit.contains("-Xint") ? "1" : "2";
                assertThat(ChildJvm.run(home, jit, GoldenStepsMain.class, threads)).as("%s %s", home, jit)
                        .isEqualTo(expected);
            }
        }
    }

    /** The JDK's version as its {@code release} file states it. */
    private static String javaVersion(Path home) throws IOException {
        Path release = home.resolve("release");
        if (!Files.exists(release)) {
            return "a JDK without a release file";
        }
        return Files.readAllLines(release).stream().filter(line -> line.startsWith("JAVA_VERSION="))
                .map(line -> "JDK " + line.substring("JAVA_VERSION=".length()).replace("\"", ""))
                .findFirst().orElse("a JDK of unstated version");
    }
}

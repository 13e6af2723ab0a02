package org.pouw.ml.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
        assertThat(run(List.of(), "2")).isEqualTo(inProcess);
        assertThat(run(List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:-UseSuperWord", "-XX:UseAVX=0"), "2")).isEqualTo(inProcess);
        assertThat(run(List.of("-XX:TieredStopAtLevel=1"), "1")).isEqualTo(inProcess);
        assertThat(run(List.of("-Xint"), "1")).isEqualTo(inProcess);
    }

    private static List<String> run(List<String> jvmOptions, String threads) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ReproducibilityMain.class.getName());
        command.add(threads);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("child JVM %s failed: %s", jvmOptions, text).isZero();
        return text.lines().filter(line -> line.matches("[a-z-]+ [0-9a-f]{64}")).toList();
    }
}

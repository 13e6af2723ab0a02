package org.pouw.ml.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class in a fresh JVM on this test's class path, with JIT settings that make the JVM generate
 * different machine code — the stand-in for "another CPU" in the reproducibility tests of pouw-ml and of the chain's
 * golden steps (docs/ml.md, docs/chain.md §9). Shared by those tests through pouw-ml's test jar.
 */
public final class ChildJvm {
    /** C2 as configured, C2 without SIMD or AVX, C1 only, and the interpreter. */
    public static final List<List<String>> JIT_SETTINGS = List.of(
            List.of(),
            List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:-UseSuperWord", "-XX:UseAVX=0"),
            List.of("-XX:TieredStopAtLevel=1"),
            List.of("-Xint"));

    private ChildJvm() {
    }

    /** The output lines of {@code main} run with {@code jvmOptions} on the JVM running this test. */
    public static List<String> run(List<String> jvmOptions, Class<?> main, String... args)
            throws IOException, InterruptedException {
        return run(Path.of(System.getProperty("java.home")), jvmOptions, main, args);
    }

    /**
     * The output lines of {@code main} run with {@code jvmOptions} on the JDK or JRE at {@code javaHome}; throws
     * when the child does not finish in two minutes or exits non-zero (its output is in the message).
     */
    public static List<String> run(Path javaHome, List<String> jvmOptions, Class<?> main, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin").resolve("java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("child JVM " + jvmOptions + " did not finish in 120 s");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException("child JVM " + command.getFirst() + " " + jvmOptions + " exited "
                    + process.exitValue() + ": " + text);
        }
        return text.lines().toList();
    }
}

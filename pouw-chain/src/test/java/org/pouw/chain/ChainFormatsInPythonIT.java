package org.pouw.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The second implementation of docs/chain.md §9 — {@code scripts/chain/golden_formats.py}, plain Python with its own
 * BLAKE3 and Ed25519 — agrees with every vector of {@code golden/chain-formats.txt}, the file
 * {@link ChainFormatVectorsTest} holds the Java code to. A format changed in Java and its file regenerated from Java
 * fails here. Skipped (not passed) where no {@code python3} is on the path.
 */
class ChainFormatsInPythonIT {
    @Test
    void thePythonImplementationAgreesWithEveryVector() throws IOException, InterruptedException {
        Path script = Path.of("..", "scripts", "chain", "golden_formats.py");
        Path vectors = Path.of("src", "test", "resources", "golden", "chain-formats.txt");
        assertThat(script).exists();
        assumeTrue(pythonAvailable(), "python3 is not on the path");

        Process process = new ProcessBuilder(List.of("python3", script.toString(), vectors.toString()))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        long count = Files.readAllLines(vectors).stream().filter(line -> line.contains(" = ")).count();
        assertThat(output).as(output).contains(count + " of " + count + " vectors agree");
        assertThat(process.exitValue()).as(output).isZero();
    }

    private static boolean pythonAvailable() {
        try {
            Process probe = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}

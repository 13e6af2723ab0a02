package org.pouw.cli.ml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.cli.CliRun;

/** {@code pouw ml federated}: three of ten clients poison their updates; the mean is derailed, the median holds. */
class FederatedCommandTest {
    @TempDir
    static Path dir;

    static Path csv;

    @BeforeAll
    static void writeData() throws IOException {
        double[][] centres = {{1, 1, -1, 0}, {-1, 1, 1, 0}, {0, -1, 0, 1}};
        SplittableRandom random = new SplittableRandom(5);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 1_000; i++) {
            int label = random.nextInt(3);
            text.append(label);
            for (double centre : centres[label]) {
                text.append(String.format(Locale.ROOT, ",%.4f", centre + 1.1 * (random.nextDouble() * 2 - 1)));
            }
            text.append('\n');
        }
        csv = Files.writeString(dir.resolve("clusters.csv"), text);
    }

    private static double finalAccuracy(String rule, String attack) {
        CliRun run = CliRun.of("ml", "federated", "--data", csv.toString(), "--classes", "3", "--arch", "mlp:4-16-3",
                "--batch", "16", "--clients", "10", "--poisoned", "3", "--attack", attack, "--rule", rule,
                "--rounds", "8", "--json");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.jsonLines()).hasSize(8);
        return run.lastJson().path("accuracy").asDouble();
    }

    @Test
    void robustRulesHoldWhereTheMeanIsDerailed() {
        assertThat(finalAccuracy("mean", "scaled")).isLessThan(0.8);
        assertThat(finalAccuracy("median", "scaled")).isGreaterThan(0.9);
        assertThat(finalAccuracy("krum", "sign-flipped")).isGreaterThan(0.9);
        assertThat(finalAccuracy("trimmed-mean", "random")).isGreaterThan(0.9);
    }

    @Test
    void badOptionsNameThemselves() {
        BadInputTest.assertUsageError(CliRun.of("ml", "federated", "--data", csv.toString(), "--classes", "3",
                "--rule", "vote"), "--rule");
        BadInputTest.assertUsageError(CliRun.of("ml", "federated", "--data", csv.toString(), "--classes", "3",
                "--poisoned", "10"), "--poisoned");
        BadInputTest.assertUsageError(CliRun.of("ml", "federated", "--data", csv.toString(), "--classes", "3",
                "--poisoned", "2", "--attack", "bribe"), "--attack");
        BadInputTest.assertUsageError(CliRun.of("ml", "federated", "--data", csv.toString(), "--classes", "3",
                "--rule", "krum", "--tolerate", "5"), "--clients");
    }
}

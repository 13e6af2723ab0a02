package org.pouw.cli.ml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.cli.CliRun;
import org.pouw.cli.JsonSpelling;
import org.pouw.cli.ClusterCsv;

/** {@code pouw ml federated}: three of ten clients poison their updates; the mean is derailed, the median holds. */
class FederatedCommandTest {
    @TempDir
    static Path dir;

    static Path csv;

    @BeforeAll
    static void writeData() throws IOException {
        csv = ClusterCsv.write(dir.resolve("clusters.csv"), 1_000, 1.1);
    }

    private static double finalAccuracy(String rule, String attack) {
        CliRun run = CliRun.of("ml", "federated", "--data", csv.toString(), "--classes", "3", "--arch", "mlp:4-16-3",
                "--batch", "16", "--clients", "10", "--poisoned", "3", "--attack", attack, "--rule", rule,
                "--rounds", "8", "--json");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.jsonLines()).hasSize(8)
                .allSatisfy(l -> assertThat(l.path("event").asString()).isEqualTo("round"));
        JsonSpelling.assertApiSpelling(run.jsonLines());
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

package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, as a newcomer runs it: {@code pouw node start --demo} on the embedded default shows
 * every sample — three programs and a training task — executed, proven or trained, verified and paid.
 */
class DemoIT {
    @TempDir
    Path dir;

    Process node;

    @AfterEach
    void stop() {
        if (node != null && node.isAlive()) {
            node.destroyForcibly();
        }
    }

    @Test
    void theDemoShowsEverySampleProvenVerifiedAndPaid() throws Exception {
        int port = CliProcess.freePort();
        Path log = dir.resolve("demo.log");
        node = CliProcess.start(dir, log, "node", "start", "--demo", "--port", String.valueOf(port));
        await().atMost(CliProcess.timeout()).until(() -> Files.exists(log)
                && Files.readString(log).contains("demo: done."));

        String out = Files.readString(log);
        for (String sample : new String[] {"fibonacci", "power", "harmonic", "ml-train"}) {
            assertThat(out).as(out).containsPattern(sample + " +intent \\S+ fully proven");
        }
        assertThat(out).contains("the worker committed to every step").containsPattern(
                "ml-train +job \\S+ proof verified, held-out accuracy \\d+\\.\\d %");
        assertThat(out).doesNotContain("attempt failed");

        CliProcess.Result verify = CliProcess.run(dir, "ledger", "verify");
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        assertThat(CliProcess.run(dir, "node", "stop").exit()).isZero();
        assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
}

package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.Clock;
import org.pouw.node.PouwNode;
import org.pouw.node.config.ConfigLoader;

/**
 * {@code pouw partner add|rotate|revoke|budget|list} against a real node on SQLite, in this JVM: a key printed once,
 * two keys during a rotation, a revoked key refused, the budget changed; without the admin key, refused.
 */
class PartnerCommandIT {
    @TempDir
    Path dir;

    @Test
    void anOperatorManagesAPartnerFromTheCommandLine() {
        try (PouwNode node = PouwNode.start(ConfigLoader.load(null, Map.of(), Map.of("data_dir",
                dir.resolve("data").toString(), "http.port", "0", "pouw_mode", "remote")), Clock.system())) {
            String url = node.url();
            String admin = node.config().adminKeyPath().toString();
            CliRun added = CliRun.of("partner", "add", "acme", "--tokens-per-interval", "5", "--node", url, "--key",
                    admin, "--json");
            assertThat(added.exit()).as(added.err()).isZero();
            String first = added.lastJson().path("key").asString();
            String firstPrefix = added.lastJson().path("prefix").asString();
            assertThat(first).startsWith("pouwpk_" + firstPrefix + "_");

            CliRun token = CliRun.of("token", "get", "--mode", "partner", "--partner-key", first, "--node", url,
                    "--json");
            assertThat(token.exit()).as(token.err()).isZero();
            assertThat(token.lastJson().path("class").asString()).isEqualTo("partner");

            CliRun rotated = CliRun.of("partner", "rotate", "acme", "--node", url, "--key", admin);
            assertThat(rotated.exit()).as(rotated.err()).isZero();
            assertThat(rotated.out()).contains("shown once").contains("pouw partner revoke acme");
            CliRun third = CliRun.of("partner", "rotate", "acme", "--node", url, "--key", admin);
            assertThat(third.exit()).isNotZero();
            assertThat(third.err()).contains("2 active keys; revoke one first");

            assertThat(CliRun.of("partner", "revoke", "acme", firstPrefix, "--node", url, "--key", admin).exit())
                    .isZero();
            CliRun refused = CliRun.of("token", "get", "--mode", "partner", "--partner-key", first, "--node", url);
            assertThat(refused.exit()).isNotZero();
            assertThat(refused.err()).contains("revoked");

            assertThat(CliRun.of("partner", "budget", "acme", "--tokens-per-interval", "50", "--interval-ms", "1000",
                    "--node", url, "--key", admin).exit()).isZero();
            CliRun list = CliRun.of("partner", "list", "--node", url, "--key", admin);
            assertThat(list.exit()).as(list.err()).isZero();
            assertThat(list.out()).contains("acme  50 tokens / 1000 ms").contains(firstPrefix + "(revoked)")
                    .contains("1 partner(s)").doesNotContain(first.substring(20));

            Path stranger = dir.resolve("stranger.key");
            assertThat(CliRun.of("keys", "new", "--out", stranger.toString()).exit()).isZero();
            CliRun forbidden = CliRun.of("partner", "list", "--node", url, "--key", stranger.toString());
            assertThat(forbidden.exit()).isNotZero();
            assertThat(forbidden.err()).contains("admin");
        }
    }
}

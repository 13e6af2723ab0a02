package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Issue 25 §1: {@code pouw config show} prints the settings a node would start with and never a secret — not a
 * password given as a value, nor one inside a URL, nor the contents of a secret file — and refuses a bad setting as
 * a start would, naming it.
 */
class ConfigShowTest {
    @TempDir
    Path dir;

    @Test
    void every_setting_is_shown_with_no_secret_and_a_bad_one_is_refused_by_name() throws Exception {
        Files.writeString(dir.resolve("redis.url"), "redis://:file-secret-42@cache:6379\n");
        CliRun run = CliRun.of("config", "show", "--json", "--data-dir", dir.toString(),
                "--storage-url", "jdbc:postgresql://db/pouw?user=pouw&password=url-secret-17",
                "--set", "storage.password=value-secret-99", "--set", "gate.redis_url_file=" + dir.resolve("redis.url"),
                "--set", "market.lease_ms=5000");
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode shown = run.lastJson();
        assertThat(shown.path("market.lease_ms").asString()).isEqualTo("5000");
        assertThat(shown.path("data_dir").asString()).isEqualTo(dir.toString());
        assertThat(shown.path("storage.password").asString()).isEqualTo("***");
        assertThat(shown.path("storage.url").asString()).isEqualTo("jdbc:postgresql://db/pouw?user=pouw&password=***");
        assertThat(shown.path("gate.redis_url_file").asString()).isEqualTo(dir.resolve("redis.url").toString());
        assertThat(shown.path("auth.token_secret_file").isString()).isTrue();
        assertThat(run.out()).doesNotContain("value-secret-99").doesNotContain("url-secret-17")
                .doesNotContain("file-secret-42");

        CliRun text = CliRun.of("config", "show", "--data-dir", dir.toString(), "--set",
                "storage.password=pw-12345678");
        assertThat(text.exit()).isZero();
        assertThat(text.out()).contains("storage.password = ***").doesNotContain("pw-12345678");

        CliRun bad = CliRun.of("config", "show", "--json", "--set", "market.lease_ms=-5");
        assertThat(bad.exit()).isEqualTo(ExitCodes.CONFIG);
        assertThat(bad.out()).contains("market.lease_ms");
    }
}

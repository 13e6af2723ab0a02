package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.node.config.ConfigLoader;
import org.pouw.node.config.NodeConfig;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/**
 * Issue 29 §3: {@code pouw config init} without a terminal (flags), {@code validate} and {@code show}. Each file
 * written is read back by what starts from it: the node's {@link ConfigLoader}, and the worker's, miner's and pool's
 * own commands parsing {@code --config}.
 */
class ConfigInitTest {
    @TempDir
    Path dir;

    @Test
    void a_node_file_from_flags_is_what_the_node_loads() {
        Path file = dir.resolve("pouw.toml");
        CliRun run = CliRun.of("config", "init", "--template", "node", "--out", file.toString(), "--json",
                "--set", "http.port=9100", "--set", "data_dir=" + dir.resolve("data"),
                "--set", "market.lease_ms=7000", "--set", "storage.password=hunter2-secret");
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).doesNotContain("hunter2-secret");
        assertThat(run.lastJson().path("settings").path("storage.password").asString()).isEqualTo("***");

        NodeConfig loaded = ConfigLoader.load(file, Map.of(), Map.of());
        assertThat(loaded.httpPort()).isEqualTo(9100);
        assertThat(loaded.dataDir().toString()).isEqualTo(dir.resolve("data").toString());
        assertThat(ConfigLoader.shown(file, Map.of(), Map.of())).containsEntry("market.lease_ms", "7000")
                .containsEntry("pouw_mode", "local");

        CliRun again = CliRun.of("config", "init", "--template", "node", "--out", file.toString(), "--json");
        assertThat(again.exit()).as("never overwrites without --force").isEqualTo(ExitCodes.REFUSED);
        assertThat(again.lastJson().path("error").path("code").asString()).isEqualTo("file_exists");
        assertThat(ConfigLoader.load(file, Map.of(), Map.of()).httpPort()).as("the old file is kept").isEqualTo(9100);
        assertThat(CliRun.of("config", "init", "--template", "node", "--out", file.toString(), "--force").exit())
                .isZero();
        assertThat(ConfigLoader.load(file, Map.of(), Map.of()).httpPort()).isEqualTo(8642);

        CliRun shown = CliRun.of("config", "show", "--config", file.toString(), "--json");
        assertThat(shown.exit()).as(shown.err()).isZero();
        assertThat(shown.lastJson().path("http.port").asString()).isEqualTo("8642");
    }

    @Test
    void a_bad_value_is_refused_naming_the_field_and_nothing_is_written() {
        Path file = dir.resolve("pouw.toml");
        CliRun run = CliRun.of("config", "init", "--template", "node", "--out", file.toString(), "--json",
                "--set", "http.port=99999");
        assertThat(run.exit()).isEqualTo(ExitCodes.CONFIG);
        assertThat(run.lastJson().path("error").path("message").asString()).startsWith("http.port: ");
        assertThat(file).doesNotExist();

        CliRun unknown = CliRun.of("config", "init", "--template", "worker", "--out", dir.resolve("w.toml").toString(),
                "--set", "concurency=2");
        assertThat(unknown.exit()).isEqualTo(ExitCodes.CONFIG);
        assertThat(unknown.err()).contains("concurency").contains("unknown setting");

        CliRun typed = CliRun.of("config", "init", "--template", "miner", "--out", dir.resolve("m.toml").toString(),
                "--set", "threads=many");
        assertThat(typed.exit()).isEqualTo(ExitCodes.CONFIG);
        assertThat(typed.err()).contains("threads").contains("many");
        assertThat(dir.resolve("m.toml")).doesNotExist();

        assertThat(CliRun.of("config", "init", "--template", "toaster").exit()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void worker_miner_and_pool_files_are_read_by_their_commands_with_flags_winning() {
        Path worker = dir.resolve("worker.toml");
        assertThat(CliRun.of("config", "init", "--template", "worker", "--out", worker.toString(),
                "--set", "node=http://10.0.0.5:8642", "--set", "concurrency=3", "--set", "tiers=micro,macro").exit())
                .isZero();
        WorkerCommand read = new WorkerCommand();
        new CommandLine(read).parseArgs("--config", worker.toString(), "--lease-ms", "5000");
        assertThat(read.node).isEqualTo("http://10.0.0.5:8642");
        assertThat(read.concurrency).isEqualTo(3);
        assertThat(read.tiers).containsExactly("micro", "macro");
        assertThat(read.key).isEqualTo(Path.of("worker.key"));
        assertThat(read.leaseMs).as("a flag beats the file").isEqualTo(5000);

        Path miner = dir.resolve("miner.toml");
        assertThat(CliRun.of("config", "init", "--template", "miner", "--out", miner.toString(),
                "--set", "threads=4").exit()).isZero();
        MineCommand mine = new MineCommand();
        new CommandLine(mine).parseArgs("--config", miner.toString());
        assertThat(mine.threads).isEqualTo(4);
        assertThat(mine.node).as("required, and given by the file").isEqualTo("http://127.0.0.1:8642");

        Path pool = dir.resolve("pool.toml");
        assertThat(CliRun.of("config", "init", "--template", "pool", "--out", pool.toString(),
                "--set", "port=3999").exit()).isZero();
        PoolCommand.Start start = new PoolCommand.Start();
        new CommandLine(start).parseArgs("--config", pool.toString());
        assertThat(start.port).isEqualTo(3999);
        assertThat(start.dataDir).as("an empty answer is left out, not an empty path").isNull();
    }

    @Test
    void validate_names_every_bad_setting_and_exits_4() throws Exception {
        Path file = dir.resolve("pouw.toml");
        Files.writeString(file, """
                zk_mode = "mock"
                [http]
                port = "eighty"
                [market]
                lease_ms = -5
                lease_msx = 3
                """);
        CliRun run = CliRun.of("config", "validate", "--config", file.toString(), "--json");
        assertThat(run.exit()).isEqualTo(ExitCodes.CONFIG);
        JsonNode result = run.lastJson();
        assertThat(result.path("valid").asBoolean()).isFalse();
        assertThat(result.path("errors").valueStream().map(e -> e.path("key").asString()))
                .containsExactly("zk_mode", "http.port", "market.lease_ms", "market.lease_msx");
        CliRun text = CliRun.of("config", "validate", "--config", file.toString());
        assertThat(text.out()).contains("4 problems").contains("  http.port: ");

        Files.writeString(file, "[http]\nport = 9000\n");
        assertThat(CliRun.of("config", "validate", "--config", file.toString()).out()).contains("valid node");
        Files.writeString(file, "[http\nport = 9000\n");
        CliRun broken = CliRun.of("config", "validate", "--config", file.toString(), "--json");
        assertThat(broken.exit()).isEqualTo(ExitCodes.CONFIG);
        assertThat(broken.lastJson().path("errors").get(0).path("message").asString()).contains("not valid TOML");

        Path worker = dir.resolve("worker.toml");
        Files.writeString(worker, "# template: worker\nnode = \"ftp://x\"\nconcurrency = \"lots\"\n");
        CliRun bad = CliRun.of("config", "validate", "--config", worker.toString(), "--json");
        assertThat(bad.exit()).isEqualTo(ExitCodes.CONFIG);
        assertThat(bad.lastJson().path("template").asString()).isEqualTo("worker");
        assertThat(bad.lastJson().path("errors").valueStream().map(e -> e.path("key").asString()))
                .containsExactly("node", "concurrency", "key");
    }

    @Test
    void show_of_a_pool_file_hides_secrets_and_never_reads_key_files() throws Exception {
        Path secret = dir.resolve("pg.password");
        Files.writeString(secret, "file-secret-31\n");
        Path pool = dir.resolve("pool.toml");
        assertThat(CliRun.of("config", "init", "--template", "pool", "--out", pool.toString(),
                "--set", "postgres-url=jdbc:postgresql://db/pool?user=p&password=url-secret-77",
                "--set", "postgres-password-file=" + secret).exit()).isZero();
        CliRun shown = CliRun.of("config", "show", "--template", "pool", "--config", pool.toString(), "--json");
        assertThat(shown.exit()).as(shown.err()).isZero();
        assertThat(shown.lastJson().path("postgres-password-file").asString()).isEqualTo(secret.toString());
        assertThat(shown.lastJson().path("postgres-url").asString()).endsWith("password=***");
        assertThat(shown.out()).doesNotContain("url-secret-77").doesNotContain("file-secret-31");
    }
}

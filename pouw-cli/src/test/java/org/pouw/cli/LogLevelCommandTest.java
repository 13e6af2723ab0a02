package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.KeyFile;
import org.pouw.node.PouwNode;
import org.pouw.node.config.ConfigLoader;
import tools.jackson.databind.JsonNode;

/**
 * {@code pouw node log-level} against a real node in this process: the admin key changes a logger's level at once
 * (the same JVM, so the logger itself is read back); another key is refused and changes nothing; a bad level is a
 * refusal naming {@code level}. And {@code --log-format} reaches the config: a bad one stops the start naming
 * {@code log.format}.
 */
class LogLevelCommandTest {
    private static final String PROBE = "org.pouw.cli.probe.levels";

    @TempDir
    Path folder;

    private PouwNode node;
    private Path adminKey;
    private final Logger probe = Logger.getLogger(PROBE);

    @BeforeEach
    void start() {
        Path data = folder.resolve("node");
        node = PouwNode.start(ConfigLoader.load(null, Map.of(), Map.of("data_dir", data.toString(), "http.port", "0",
                "pouw_mode", "remote", "gate.enabled", "false")), Clock.system());
        adminKey = data.resolve("admin.key");
    }

    @AfterEach
    void stop() {
        node.close();
        probe.setLevel(null);
    }

    @Test
    void the_admin_sets_a_level_at_once_and_anyone_else_is_refused() throws Exception {
        CliRun set = CliRun.of("node", "log-level", PROBE, "debug", "--node", node.url(), "--key",
                adminKey.toString(), "--json");
        assertThat(set.exit()).as(set.err()).isEqualTo(ExitCodes.OK);
        JsonNode answer = set.lastJson();
        assertThat(answer.path("logger").asString()).isEqualTo(PROBE);
        assertThat(answer.path("level").asString()).isEqualTo("DEBUG");
        assertThat(probe.getLevel()).isEqualTo(Level.FINE);

        Path strangerKey = folder.resolve("stranger.key");
        KeyFile.create(strangerKey, Ed25519.KeyPair.generate());
        CliRun refused = CliRun.of("node", "log-level", PROBE, "off", "--node", node.url(), "--key",
                strangerKey.toString(), "--json");
        assertThat(refused.exit()).isEqualTo(ExitCodes.REFUSED);
        assertThat(refused.lastJson().path("error").path("code").asString()).isEqualTo("forbidden");
        assertThat(probe.getLevel()).as("unchanged").isEqualTo(Level.FINE);

        CliRun badLevel = CliRun.of("node", "log-level", PROBE, "loud", "--node", node.url(), "--key",
                adminKey.toString(), "--json");
        assertThat(badLevel.exit()).isEqualTo(ExitCodes.REFUSED);
        assertThat(badLevel.out()).contains("level");

        CliRun human = CliRun.of("node", "log-level", PROBE, "inherit", "--node", node.url(), "--key",
                adminKey.toString());
        assertThat(human.exit()).isEqualTo(ExitCodes.OK);
        assertThat(human.out()).contains(PROBE + ": inherited (was DEBUG)");
        assertThat(probe.getLevel()).isNull();
    }

    @Test
    void a_bad_log_format_stops_the_start_naming_the_setting() {
        CliRun run = CliRun.of("node", "start", "--log-format", "yaml", "--data-dir",
                folder.resolve("other").toString(), "--port", "0", "--json");
        assertThat(run.exit()).isEqualTo(ExitCodes.CONFIG);
        assertThat(run.out() + run.err()).contains("log.format");
    }
}

package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.Clock;
import org.pouw.node.PouwNode;
import org.pouw.node.config.ConfigLoader;
import tools.jackson.databind.JsonNode;

/**
 * {@code pouw nodes list|status} and {@code pouw status --nodes} over two real nodes and a URL nobody listens on:
 * the dead one is a row marked down, not a crash, and makes {@code status} exit 3.
 */
class NodesCommandIT {
    @TempDir
    Path dir;

    private PouwNode alpha;
    private PouwNode beta;
    private Path nodesFile;
    private String deadUrl;

    @BeforeEach
    void start() throws Exception {
        alpha = node("alpha", "remote");
        beta = node("beta", "local");
        deadUrl = "http://127.0.0.1:" + CliProcess.freePort();
        Files.writeString(dir.resolve("beta.token"), "not-a-secret-for-this-test\n");
        nodesFile = dir.resolve("nodes.toml");
        Files.writeString(nodesFile, """
                [[node]]
                name = "alpha"
                url = "%s"

                [[node]]
                name = "beta"
                url = "%s/"
                token_file = "beta.token"

                [[node]]
                name = "gone"
                url = "%s"
                """.formatted(alpha.url(), beta.url(), deadUrl));
    }

    private PouwNode node(String name, String mode) {
        return PouwNode.start(ConfigLoader.load(null, Map.of(), Map.of("data_dir", dir.resolve(name).toString(),
                "http.port", "0", "pouw_mode", mode)), Clock.system());
    }

    @AfterEach
    void stop() {
        alpha.close();
        beta.close();
    }

    @Test
    void statusShowsEachNodeUpOrDownAndExits3WhenOneIsDown() {
        CliRun run = CliRun.of("nodes", "status", "--nodes", nodesFile.toString(), "--json");
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCodes.UNREACHABLE);
        JsonNode answer = run.lastJson();
        List<JsonNode> rows = answer.path("nodes").valueStream().toList();
        assertThat(rows).extracting(row -> row.path("name").asString()).containsExactly("alpha", "beta", "gone");
        assertThat(rows).extracting(row -> row.path("up").asBoolean()).containsExactly(true, true, false);
        assertThat(rows.get(0).path("pouw_mode").asString()).isEqualTo("remote");
        assertThat(rows.get(1).path("pouw_mode").asString()).isEqualTo("local");
        assertThat(rows.get(0).path("queue").path("pending_count").isNumber()).isTrue();
        assertThat(rows.get(2).path("error").asString()).startsWith("unreachable");
        assertThat(answer.path("down").asLong()).isEqualTo(1);

        CliRun text = CliRun.of("nodes", "status", "--nodes", nodesFile.toString());
        assertThat(text.out().lines().toList()).hasSize(4);
        assertThat(text.out()).containsPattern("alpha +http://\\S+ +up +remote")
                .containsPattern("gone +http://\\S+ +down");
        assertThat(text.out() + text.err()).doesNotContain("not-a-secret-for-this-test");

        CliRun bulk = CliRun.of("status", "--nodes", nodesFile.toString(), "--json");
        assertThat(bulk.exit()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(bulk.lastJson().path("nodes").valueStream().map(row -> row.path("up").asBoolean()).toList())
                .containsExactly(true, true, false);
        assertThat(bulk.lastJson().path("down").asLong()).isEqualTo(1);
    }

    @Test
    void allUpExitsZero() throws Exception {
        Path two = dir.resolve("two.toml");
        Files.writeString(two, "[[node]]\nname = \"a\"\nurl = \"%s\"\n[[node]]\nname = \"b\"\nurl = \"%s\"\n"
                .formatted(alpha.url(), beta.url()));
        CliRun run = CliRun.of("nodes", "status", "--nodes", two.toString(), "--json");
        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.lastJson().path("up").asLong()).isEqualTo(2);
    }

    @Test
    void listNamesTheNodesWithoutAskingThem() {
        CliRun run = CliRun.of("nodes", "list", "--nodes", nodesFile.toString(), "--json");
        assertThat(run.exit()).isZero();
        List<JsonNode> rows = run.lastJson().path("nodes").valueStream().toList();
        assertThat(rows).extracting(row -> row.path("url").asString())
                .containsExactly(alpha.url(), beta.url(), deadUrl);
        assertThat(rows.get(1).path("token_file").asString()).endsWith("beta.token");
        assertThat(run.out()).doesNotContain("not-a-secret-for-this-test");
    }

    @Test
    void aBadNodesFileIsRefusedNamingTheField() throws Exception {
        Path bad = dir.resolve("bad.toml");
        Files.writeString(bad, "[[node]]\nname = \"a\"\nurl = \"ftp://x\"\n");
        CliRun run = CliRun.of("nodes", "status", "--nodes", bad.toString(), "--json");
        assertThat(run.exit()).isEqualTo(ExitCodes.CONFIG);
        assertThat(run.lastJson().path("error").path("message").asString()).contains("node[0].url");
        Files.writeString(bad, "[[node]]\nname = \"a\"\nurl = \"http://x\"\n[[node]]\nname = \"a\"\nurl = \"http://y\"\n");
        assertThat(CliRun.of("nodes", "list", "--nodes", bad.toString(), "--json").lastJson().path("error")
                .path("message").asString()).contains("node[1].name 'a' is used twice");
        assertThat(CliRun.of("nodes", "list", "--nodes", dir.resolve("none.toml").toString()).exit())
                .isEqualTo(ExitCodes.CONFIG);
    }
}

package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.crypto.Ed25519;
import tools.jackson.databind.JsonNode;

/** Issue 25, defects 1 and 3: a taken port is one line and exit 4; under --json every error is JSON on stdout. */
class ScriptableErrorsTest {
    @TempDir
    Path dir;

    @Test
    void a_taken_port_is_one_line_naming_it_exit_4_and_nothing_is_created() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path data = dir.resolve("data");
            CliRun run = CliRun.of("node", "start", "--port", Integer.toString(taken.getLocalPort()), "--data-dir",
                    data.toString());

            assertThat(run.exit()).isEqualTo(ExitCodes.CONFIG);
            assertThat(run.err().lines()).singleElement().asString()
                    .startsWith("pouw: bad configuration: http.port: cannot listen on 127.0.0.1:"
                            + taken.getLocalPort());
            assertThat(run.out()).doesNotContain("listening");
            assertThat(Files.exists(data)).as("no data folder made for a node that never ran").isFalse();
        }
    }

    @Test
    void under_json_a_taken_port_is_a_json_error_on_stdout() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRun run = CliRun.of("node", "start", "--json", "--port", Integer.toString(taken.getLocalPort()),
                    "--data-dir", dir.resolve("data").toString());

            assertThat(run.exit()).isEqualTo(ExitCodes.CONFIG);
            JsonNode error = run.lastJson().path("error");
            assertThat(error.path("code").asString()).isEqualTo("bad_configuration");
            assertThat(error.path("message").asString()).startsWith("http.port: cannot listen on");
            assertThat(run.err()).isEmpty();
        }
    }

    @Test
    void under_json_an_unreachable_node_is_a_json_error_with_exit_3() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String did = Ed25519.KeyPair.generate().did().toString();

        CliRun json = CliRun.of("balance", "--node", "http://127.0.0.1:" + closedPort, did, "--json");
        CliRun text = CliRun.of("balance", "--node", "http://127.0.0.1:" + closedPort, did);

        assertThat(json.exit()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(json.out().lines()).singleElement();
        assertThat(json.lastJson().path("error").path("code").asString()).isEqualTo("unreachable");
        assertThat(json.err()).isEmpty();
        assertThat(text.exit()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(text.out()).isEmpty();
        assertThat(text.firstErrorLine()).startsWith("pouw: ");
    }

    @Test
    void under_json_a_bad_command_line_and_a_stop_with_no_node_are_json_errors() {
        CliRun bad = CliRun.of("balance", "--json", "--no-such-flag");
        assertThat(bad.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.lastJson().path("error").path("code").asString()).isEqualTo("bad_command_line");
        assertThat(bad.lastJson().path("error").path("message").asString()).contains("--no-such-flag");

        CliRun stop = CliRun.of("node", "stop", "--json", "--data-dir", dir.resolve("none").toString());
        assertThat(stop.exit()).isEqualTo(ExitCodes.REFUSED);
        assertThat(stop.lastJson().path("error").path("code").asString()).isEqualTo("not_running");
        assertThat(stop.err()).isEmpty();
    }
}

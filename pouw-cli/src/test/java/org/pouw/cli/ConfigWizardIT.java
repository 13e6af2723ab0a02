package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.node.config.ConfigLoader;
import org.pouw.node.config.NodeConfig;
import picocli.CommandLine;

/**
 * Issue 29 §3: {@code pouw config init} at a terminal is a wizard — a real process on a pseudo-terminal shows each
 * question with its default, refuses a bad answer with the reason and asks again, and writes a file the worker and
 * the node then start from.
 */
class ConfigWizardIT {
    @TempDir
    Path dir;

    @Test
    void the_worker_wizard_reasks_a_bad_answer_and_writes_what_the_worker_reads() throws Exception {
        Path file = dir.resolve("worker.toml");
        try (TerminalSession session = TerminalSession.start(dir, "config", "init", "--template", "worker",
                "--out", file.toString())) {
            session.expect("Node URL [http://127.0.0.1:8642]: ").type("ftp://nowhere");
            session.expect("not accepted: node must be an http:// or https:// URL");
            session.expect("Node URL [http://127.0.0.1:8642]: ").type("http://10.1.2.3:8642");
            session.expect("[worker.key]: ").type("");
            session.expect("Jobs at once [1]: ").type("two");
            session.expect("not accepted: ").expect("--concurrency").expect("Jobs at once [1]: ").type("2");
            session.expect("[]: ").type("micro,full");
            session.expect("Lease to ask for, ms [60000]: ").type("");
            session.expect("[0]: ").type("");
            session.expect("wrote " + file);
            assertThat(session.exit()).as(session.screen()).isZero();
        }
        WorkerCommand worker = new WorkerCommand();
        new CommandLine(worker).parseArgs("--config", file.toString());
        assertThat(worker.node).isEqualTo("http://10.1.2.3:8642");
        assertThat(worker.key).isEqualTo(Path.of("worker.key"));
        assertThat(worker.concurrency).isEqualTo(2);
        assertThat(worker.tiers).containsExactly("micro", "full");
        assertThat(worker.leaseMs).isEqualTo(60_000);
    }

    @Test
    void the_node_wizard_checks_each_answer_with_the_node_loader() throws Exception {
        Path file = dir.resolve("node.toml");
        try (TerminalSession session = TerminalSession.start(dir, "config", "init", "--template", "node",
                "--out", file.toString(), "--set", "http.port=9300")) {
            session.expect("[.pouw]: ").type(dir.resolve("data").toString());
            session.expect("[127.0.0.1]: ").type("");
            session.expect("API port [9300]: ").type("70000");
            session.expect("not accepted: ").expect("http.port");
            session.expect("API port [9300]: ").type("");
            session.expect("[local]: ").type("remote");
            session.expect("[reexec]: ").type("mock");
            session.expect("not accepted: zk_mode = \"mock\" is not supported");
            session.expect("[reexec]: ").type("");
            session.expect("SQLite in the data folder) []: ").type("");
            session.expect("[text]: ").type("json");
            session.expect("wrote " + file);
            assertThat(session.exit()).as(session.screen()).isZero();
        }
        NodeConfig loaded = ConfigLoader.load(file, Map.of(), Map.of());
        assertThat(loaded.httpPort()).isEqualTo(9300);
        assertThat(loaded.dataDir().toString()).isEqualTo(dir.resolve("data").toString());
        assertThat(ConfigLoader.shown(file, Map.of(), Map.of())).containsEntry("pouw_mode", "remote")
                .containsEntry("log.format", "json").containsEntry("storage.backend", "sqlite");
    }
}

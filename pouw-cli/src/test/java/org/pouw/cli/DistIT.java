package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operator's archive (issue 25 §1), built by {@code -Pdist}: unpacked and run as an operator would, with no
 * JAVA_HOME and a PATH of /usr/bin:/bin, so only the bundled runtime can have run it; its metrics and an ECDSA TLS
 * handshake show that the modules jdeps cannot see are in the image; and the SQLite driver's native library is
 * unpacked where {@code POUW_NATIVE_TMPDIR} says, so the node starts under a read-only root and a noexec /tmp.
 */
class DistIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static Path work;
    private static Path home;

    private final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void unpack() throws Exception {
        Path archive;
        try (var found = Files.list(Path.of("target"))) {
            archive = found.filter(p -> p.getFileName().toString().endsWith("-linux-x64.tar.gz")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no archive in target/: build with -Pdist"));
        }
        // Under target/, not /tmp: the read-only test mounts its own noexec /tmp over the system's.
        work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "dist-it-");
        run(List.of("tar", "-xzf", archive.toAbsolutePath().toString(), "-C", work.toString()), Map.of(), 120);
        try (var unpacked = Files.list(work)) {
            home = unpacked.filter(Files::isDirectory).findFirst().orElseThrow().toRealPath();
        }
    }

    @AfterAll
    static void clean() throws IOException {
        run(List.of("rm", "-rf", work.toString()), Map.of(), 60);
    }

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void the_bundled_runtime_runs_the_node_with_no_java_home_and_a_bare_path_and_its_metrics_are_all_there()
            throws Exception {
        Path data = Files.createDirectories(work.resolve("plain"));
        Process node = start(List.of(home.resolve("bin/pouw").toString(), "node", "start", "--json", "--port", "0",
                "--data-dir", data.resolve("data").toString()), Map.of(), data.resolve("node.log"));
        JsonNode started = firstLine(data.resolve("node.log"), node);

        long pid = started.path("pid").asLong();
        String java = ProcessHandle.of(pid).flatMap(p -> p.info().command()).orElseThrow();
        assertThat(Path.of(java).toRealPath()).as("the JVM that runs the node")
                .isEqualTo(home.resolve("runtime/bin/java").toRealPath());

        String metrics = get(started.path("url").asString() + "/v1/pouw/metrics");
        assertThat(metrics).as("java.management: the JVM's own meters").contains("jvm_memory_used_bytes")
                .contains("jvm_threads_live_threads");
        assertThat(metrics).as("jdk.management: the process's CPU").contains("process_cpu_usage");

        int stopped = run(List.of(home.resolve("bin/pouw").toString(), "node", "stop", "--data-dir",
                data.resolve("data").toString()), Map.of(), 60);
        assertThat(stopped).isZero();
        assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void an_ecdsa_tls_handshake_completes_on_the_bundled_runtime() throws Exception {
        Path keys = Files.createDirectories(work.resolve("tls")).resolve("server.p12");
        assertThat(run(List.of(home.resolve("runtime/bin/keytool").toString(), "-genkeypair", "-alias", "server",
                "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-dname", "CN=localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keys.toString(), "-storepass", "changeit"),
                Map.of(), 120)).isZero();

        Path log = work.resolve("tls/handshake.log");
        Process handshake = start(List.of(home.resolve("runtime/bin/java").toString(), "-cp",
                Path.of("target/test-classes").toAbsolutePath().toString(), EcdsaTlsHandshake.class.getName(),
                keys.toString(), "changeit"), Map.of(), log);
        assertThat(handshake.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(handshake.exitValue()).as(Files.readString(log)).isZero();
        assertThat(Files.readString(log)).startsWith("TLSv1.3 TLS_").contains(" EC");
    }

    @Test
    void under_a_read_only_root_and_a_noexec_tmp_sqlite_loads_from_the_native_tmpdir_and_only_from_there()
            throws Exception {
        Path box = Files.createDirectories(work.resolve("confined"));
        Files.createDirectories(box.resolve("native"));

        Process refused = startConfined(box, "without", "");
        assertThat(refused.waitFor(120, TimeUnit.SECONDS)).as("a node whose driver unpacks into a noexec /tmp")
                .isTrue();
        assertThat(refused.exitValue()).as(Files.readString(box.resolve("without.log.err"))).isNotZero();

        Process node = startConfined(box, "with", work.relativize(box.resolve("native")).toString());
        JsonNode started = firstLine(box.resolve("with.log"), node);
        assertThat(get(started.path("url").asString() + "/healthz")).isNotEmpty();
        try (var unpacked = Files.list(box.resolve("native"))) {
            assertThat(unpacked.map(p -> p.getFileName().toString()).toList()).as("the driver's library")
                    .anySatisfy(name -> assertThat(name).contains("sqlite"));
        }
    }

    /**
     * The units in deploy/systemd, pointed at the unpacked archive, pass {@code systemd-analyze verify} with nothing
     * on stderr (it exits 0 on a misspelled directive, so stderr is what counts: the control below shows a typo
     * caught), and the security review lists the confinement the units claim. They are verified, not run: PID 1
     * here is not systemd.
     */
    @Test
    void the_systemd_units_verify_against_the_unpacked_archive_and_are_confined() throws Exception {
        Path units = Files.createDirectories(work.resolve("units"));
        for (String name : List.of("pouw-node.service", "pouw-worker.service")) {
            String text = Files.readString(home.resolve("deploy/systemd").resolve(name))
                    .replace("/opt/pouw/bin/pouw", home.resolve("bin/pouw").toString());
            String directives = String.join("\n", text.lines().filter(line -> !line.startsWith("#")).toList());
            assertThat(directives).as(name + ": the JIT needs writable executable memory")
                    .doesNotContain("MemoryDenyWriteExecute").doesNotContain("noexec");
            assertThat(text).contains("Type=exec").contains("NoNewPrivileges=yes").contains("ProtectSystem=strict")
                    .contains("LoadCredential=").contains("TimeoutStopSec=").contains("${CREDENTIALS_DIRECTORY}");
            Path unit = units.resolve(name);
            Files.writeString(unit, text);
            assertThat(systemdAnalyze(List.of("verify", unit.toString())).err()).as(name).isEmpty();

            String review = systemdAnalyze(List.of("security", "--offline=yes", unit.toString())).out();
            for (String line : List.of("✓ User=/DynamicUser=", "✓ NoNewPrivileges=", "✓ ProtectSystem=",
                    "✓ ProtectHome=", "✓ PrivateTmp=", "✓ PrivateDevices=", "✓ CapabilityBoundingSet=~CAP_SYS_ADMIN",
                    "✓ RestrictNamespaces=~user", "✓ SystemCallArchitectures=", "✓ ProtectKernelModules=",
                    "✗ MemoryDenyWriteExecute=")) {
                assertThat(review).as(name + " security review").contains(line);
            }
        }
        Path typo = Files.createDirectories(units.resolve("typo")).resolve("pouw-node.service");
        Files.writeString(typo, Files.readString(units.resolve("pouw-node.service"))
                .replace("NoNewPrivileges=yes", "NoNewPrivilegs=yes"));
        assertThat(systemdAnalyze(List.of("verify", typo.toString())).err()).contains("Unknown key 'NoNewPrivilegs'");
    }

    /** What systemd-analyze printed. */
    private record Analysis(String out, String err) {
    }

    private static Analysis systemdAnalyze(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of("systemd-analyze"));
        command.addAll(args);
        Process process = operatorsShell(command, Map.of("SYSTEMD_COLORS", "0", "SYSTEMD_PAGER", "")).start();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Analysis(new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    /**
     * The node in its own mount namespace: every mount read-only but the work folder (bound onto /mnt first, so it
     * stays writable and executable), and a fresh noexec tmpfs on /tmp. {@code nativeDir} is relative to the work
     * folder, or empty for none.
     */
    private Process startConfined(Path box, String name, String nativeDir) throws IOException {
        // The work folder is bound onto /mnt first: a clone under /tmp would vanish under the new tmpfs otherwise.
        String script = "mount --bind \"$WORK\" /mnt && mount -o remount,bind,ro / && "
                + "mount -t tmpfs -o noexec,nosuid,size=64m tmpfs /tmp && exec \"/mnt/$POUW\" node start --json"
                + " --port 0 --data-dir \"/mnt/$BOX/" + name + "-data\"";
        List<String> command = List.of("unshare", "--mount", "--propagation", "private", "sh", "-c", script);
        Path root = work.toRealPath();
        String boxInWork = root.relativize(box.toRealPath()).toString();
        String pouwInWork = root.relativize(home.resolve("bin/pouw")).toString();
        Map<String, String> env = nativeDir.isEmpty()
                ? Map.of("WORK", root.toString(), "BOX", boxInWork, "POUW", pouwInWork)
                : Map.of("WORK", root.toString(), "BOX", boxInWork, "POUW", pouwInWork,
                        "POUW_NATIVE_TMPDIR", "/mnt/" + nativeDir);
        return start(command, env, box.resolve(name + ".log"));
    }

    private Process start(List<String> command, Map<String, String> extraEnv, Path log) throws IOException {
        ProcessBuilder builder = operatorsShell(command, extraEnv);
        builder.redirectOutput(log.toFile());
        builder.redirectError(new File(log + ".err"));
        Process process = builder.start();
        processes.add(process);
        // The launcher's processes are searched for the secrets of their folder like every CliProcess's (issue 25).
        ProcessLogsHoldNoSecrets.watch(process, log.getParent(), log, command);
        return process;
    }

    /** An operator's login shell with no Java set up: JAVA_HOME unset, PATH only the system's binaries. */
    private static ProcessBuilder operatorsShell(List<String> command, Map<String, String> extraEnv) {
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", "/usr/bin:/bin");
        env.put("HOME", work.toString());
        env.put("LANG", "C.UTF-8");
        env.putAll(extraEnv);
        return builder;
    }

    private static int run(List<String> command, Map<String, String> extraEnv, int seconds) throws IOException {
        ProcessBuilder builder = operatorsShell(command, extraEnv).inheritIO();
        Process process = builder.start();
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish in " + seconds + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return process.exitValue();
    }

    private static JsonNode firstLine(Path log, Process process) {
        await().atMost(CliProcess.timeout()).until(() -> !process.isAlive()
                || (Files.exists(log) && Files.readString(log).contains("\n")));
        try {
            String first = Files.readString(log).lines().findFirst().orElse("");
            assertThat(first).as("the node's first line; stderr: "
                    + Files.readString(Path.of(log + ".err"), StandardCharsets.UTF_8)).startsWith("{");
            return JSON.readTree(first);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }
}

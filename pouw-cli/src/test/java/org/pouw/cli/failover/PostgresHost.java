package org.pouw.cli.failover;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.pouw.cli.CliProcess;

/**
 * One PostgreSQL server of a replicated pair, run from Debian's PostgreSQL binaries (initdb, pg_ctl,
 * pg_basebackup, pg_rewind — the embedded test server carries none of the replication tools) as the
 * {@code postgres} user when the test runs as root (PostgreSQL refuses root). It plays a host: started as a primary
 * or as a streaming standby of another host, killed (SIGKILL of every process, a crash), frozen (SIGSTOP, a hung
 * host), promoted, and rewound to rejoin after a failover.
 *
 * <p>Settings common to both hosts live in {@code postgresql.conf} (copied by pg_basebackup and pg_rewind); what is
 * this host's own — its port, its name as a standby, whom it streams from, whom it waits for — is written to
 * {@code postgresql.auto.conf} before every start, since a rewind copies the other host's.
 */
final class PostgresHost implements AutoCloseable {
    private static final String RUN_AS = "postgres";

    private final String name;
    private final Path dataDir;
    private final Path log;
    private final int port;

    private PostgresHost(String name, Path dataDir, int port) {
        this(name, dataDir, dataDir.resolveSibling(name + ".log"), port);
    }

    private PostgresHost(String name, Path dataDir, Path log, int port) {
        this.name = name;
        this.dataDir = dataDir;
        this.log = log;
        this.port = port;
    }

    /**
     * A folder for the hosts' data, outside the test's own temporary folder (which only root may enter), owned by
     * the user the servers run as.
     */
    static Path hostsFolder() {
        try {
            Path folder = Files.createTempDirectory("pouw-pg-hosts");
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
            if (runningAsRoot()) {
                UserPrincipal owner = folder.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName(RUN_AS);
                Files.setOwner(folder, owner);
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new folder {@code name} in {@code folder} that the servers' user owns (a WAL archive). */
    static Path serverFolder(Path folder, String name) {
        try {
            Path created = Files.createDirectory(folder.resolve(name));
            if (runningAsRoot()) {
                Files.setOwner(created, created.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName(RUN_AS));
            }
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh cluster (initdb) with the pair's common settings, not yet started. */
    static PostgresHost init(Path folder, String name) {
        PostgresHost host = new PostgresHost(name, folder.resolve(name), CliProcess.freePort());
        host.tool("initdb", "-D", host.dataDir.toString(), "-U", "postgres", "--auth=trust", "--no-locale",
                "-E", "UTF8", "--no-instructions");
        host.appendCommonSettings();
        return host;
    }

    /**
     * A fresh cluster (initdb) whose data lives on {@code dataDisk} and whose WAL lives on {@code walDisk} (initdb's
     * {@code --waldir}), each a file system of the test's own, so either can be filled alone; its log stays in
     * {@code folder}, off both. Not yet started.
     */
    static PostgresHost initOnDisks(Path folder, String name, Path dataDisk, Path walDisk) {
        PostgresHost host = new PostgresHost(name, dataDisk.resolve(name), folder.resolve(name + ".log"),
                CliProcess.freePort());
        host.tool("initdb", "-D", host.dataDir.toString(), "--waldir", walDisk.resolve(name + "-wal").toString(),
                "-U", "postgres", "--auth=trust", "--no-locale", "-E", "UTF8", "--no-instructions");
        host.appendCommonSettings();
        return host;
    }

    /** The server's log so far (where a PANIC says why the server stopped). */
    String serverLog() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the server's postmaster process is alive. */
    boolean running() {
        long pid = postmasterPid();
        return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** A standby's data, copied from the running {@code primary} by pg_basebackup; not yet started. */
    static PostgresHost copyOf(Path folder, String name, PostgresHost primary) {
        PostgresHost host = new PostgresHost(name, folder.resolve(name), CliProcess.freePort());
        host.tool("pg_basebackup", "-h", "127.0.0.1", "-p", String.valueOf(primary.port), "-U", "postgres",
                "-D", host.dataDir.toString(), "-X", "stream", "-c", "fast");
        return host;
    }

    /**
     * A base backup of the running {@code primary} taken by pg_basebackup into a new host's data folder — with the
     * WAL it needs streamed beside it and a backup manifest of SHA-256 digests for pg_verifybackup — not started.
     * The new host takes the primary's port: it is what replaces the primary once that is lost, at the address the
     * nodes know (the nodes' {@code storage.url} is part of their redemption store's id, so a restore at another
     * address would change the id by accident). {@link #baseBackupMillis()} says how long the copy took.
     */
    static PostgresHost baseBackupOf(Path folder, String name, PostgresHost primary) {
        PostgresHost host = new PostgresHost(name, folder.resolve(name), primary.port);
        long started = System.nanoTime();
        host.tool("pg_basebackup", "-h", "127.0.0.1", "-p", String.valueOf(primary.port), "-U", "postgres",
                "-D", host.dataDir.toString(), "-X", "stream", "-c", "fast", "--manifest-checksums=SHA256");
        host.baseBackupMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        return host;
    }

    private long baseBackupMillis = -1;

    long baseBackupMillis() {
        return baseBackupMillis;
    }

    /** pg_verifybackup of this (not yet started) host's data against its backup manifest; throws if it fails. */
    void verifyBackup() {
        tool("pg_verifybackup", dataDir.toString());
    }

    /** This host's data folder (for a test that damages a copy of a backup). */
    Path dataDir() {
        return dataDir;
    }

    /**
     * Turns WAL archiving on (before the first start): every finished WAL segment is copied into {@code archive},
     * never over a file already there — the archive that point-in-time recovery replays.
     */
    void archiveTo(Path archive) {
        append(dataDir.resolve("postgresql.conf"), String.join("\n", "",
                "# WAL archiving for point-in-time recovery (docs/production-checklist.md)",
                "archive_mode = on",
                "archive_command = 'test ! -f " + archive + "/%f && cp %p " + archive + "/%f'",
                ""));
    }

    /**
     * Starts this host — a base backup's data — in targeted recovery: it replays WAL from {@code archive} by
     * {@code restore_command} up to the restore point {@code target}, then ends recovery and takes writes
     * ({@code recovery_target_action = 'promote'}). Returns once it answers; recovery may still be running.
     */
    void startRecoveringTo(Path archive, String target) {
        writeOwnSettings(null, null);
        append(dataDir.resolve("postgresql.auto.conf"), String.join("\n",
                "restore_command = 'cp " + archive + "/%f %p'",
                "recovery_target_name = '" + target + "'",
                "recovery_target_action = 'promote'",
                // this host must not archive into the lost primary's archive: it is another history
                "archive_mode = off",
                ""));
        write(dataDir.resolve("recovery.signal"), "");
        pgCtl("start");
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    /**
     * Starts as a primary; {@code syncStandby} names the standby every commit waits for
     * ({@code synchronous_standby_names = 'FIRST 1 (name)'}), or null for asynchronous replication.
     */
    void startPrimary(String syncStandby) {
        deleteStandbySignal();
        writeOwnSettings(syncStandby, null);
        pgCtl("start");
    }

    /** Starts as a hot standby streaming from {@code primary}, known to it by this host's name. */
    void startStandbyOf(PostgresHost primary, String syncStandby) {
        writeOwnSettings(syncStandby, primary);
        write(dataDir.resolve("standby.signal"), "");
        pgCtl("start");
    }

    /** Ends recovery: this standby becomes a writable primary (the failover manager's step). */
    void promote() {
        tool("pg_ctl", "-D", dataDir.toString(), "-w", "-t", "60", "promote");
    }

    /**
     * Rewinds this host's data to the point where it parted from {@code source}'s timeline (pg_rewind, which runs
     * crash recovery first when the host was killed), throwing away what this host committed that {@code source}
     * never had. This host must be stopped.
     */
    void rewindFrom(PostgresHost source) {
        // The fence's standby.signal goes first: pg_rewind's crash recovery runs a single-user server, which
        // refuses standby mode. The host is down and in the manager's hands, so nothing can start it meanwhile.
        deleteStandbySignal();
        // A promoted server's control file names its new timeline only after a checkpoint; without one pg_rewind
        // sees both on the old timeline, says no rewind is needed, and the host can not follow the new one.
        try (Connection admin = source.connect("postgres"); java.sql.Statement statement = admin.createStatement()) {
            statement.execute("CHECKPOINT");
        } catch (SQLException e) {
            throw new IllegalStateException("CHECKPOINT on " + source.name + " before the rewind failed", e);
        }
        tool("pg_rewind", "-D", dataDir.toString(), "--source-server",
                "host=127.0.0.1 port=" + source.port + " user=postgres dbname=postgres");
    }

    /**
     * The failover manager's fence on a host it took down: its data says "standby" from now on, so whatever starts
     * it again (a reboot, an init system) brings it back read-only — never as a second writable primary.
     */
    void fenceAsStandby() {
        write(dataDir.resolve("standby.signal"), "");
    }

    /** SIGSTOPs this primary's walsender to {@code standby}: the replication link frozen, the primary running. */
    void freezeWalSenderTo(String standby) throws SQLException {
        try (Connection admin = connect("postgres"); java.sql.Statement statement = admin.createStatement();
             java.sql.ResultSet row = statement.executeQuery("SELECT pid FROM pg_stat_replication"
                     + " WHERE application_name = '" + standby + "'")) {
            if (!row.next()) {
                throw new IllegalStateException(name + " has no walsender to " + standby);
            }
            signal("STOP", List.of(row.getLong(1)));
        }
    }

    /** Creates {@code database} on this (running, writable) host. */
    void createDatabase(String database) throws SQLException {
        try (Connection admin = connect("postgres"); java.sql.Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
    }

    /** A plain JDBC connection (auto-commit) to this host's {@code database}. */
    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database
                + "?connectTimeout=5&socketTimeout=10", "postgres", "");
    }

    /** SIGKILL of the server and every backend: a crash, nothing flushed or closed on the way out. */
    /**
     * Makes {@code standby} this primary's synchronous standby ({@code synchronous_standby_names = 'FIRST 1 (...)'})
     * and waits until it streams with {@code sync_state = 'sync'}.
     */
    void requireSyncStandby(PostgresHost standby) {
        setSyncStandby(standby.name());
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> "sync".equals(syncState(standby.name())));
        if (!"sync".equals(syncState(standby.name()))) {
            throw new AssertionError(standby.name() + " is not a synchronous standby of " + name);
        }
    }

    /** Names this primary's one synchronous standby ({@code null}: none, commits wait for no standby). */
    void setSyncStandby(String standby) {
        try (Connection admin = connect("postgres"); java.sql.Statement statement = admin.createStatement()) {
            statement.execute("ALTER SYSTEM SET synchronous_standby_names = '"
                    + (standby == null ? "" : "FIRST 1 (" + standby + ")") + "'");
            statement.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private String syncState(String standby) {
        try (Connection admin = connect("postgres"); java.sql.Statement statement = admin.createStatement();
             java.sql.ResultSet row = statement.executeQuery("SELECT sync_state FROM pg_stat_replication"
                     + " WHERE application_name = '" + standby + "' AND state = 'streaming'")) {
            return row.next() ? row.getString(1) : "none";
        } catch (SQLException e) {
            return "unreachable: " + e.getMessage();
        }
    }

    /** How often {@code entryKey} is in this host's ledger table ({@link PostgresScenario#DATABASE}). */
    long ledgerEntries(String entryKey) throws SQLException {
        try (Connection connection = connect(PostgresScenario.DATABASE);
             java.sql.Statement statement = connection.createStatement();
             java.sql.ResultSet row = statement.executeQuery("SELECT count(*) FROM ledger_entries WHERE entry_key = '"
                     + entryKey + "'")) {
            row.next();
            return row.getLong(1);
        }
    }

    void kill() {
        signalAll("KILL");
    }

    /** SIGSTOP of the server and every backend: a hung host, whose port still accepts connections. */
    void freeze() {
        signalAll("STOP");
    }

    /** SIGCONT after {@link #freeze()}. */
    void thaw() {
        signalAll("CONT");
    }

    /** A fast shutdown: clients are disconnected, everything is flushed. */
    void stop() {
        if (postmasterPid() > 0) {
            tool("pg_ctl", "-D", dataDir.toString(), "-w", "-t", "60", "-m", "fast", "stop");
        }
    }

    @Override
    public void close() {
        long pid = postmasterPid();
        if (pid > 0 && ProcessHandle.of(pid).isPresent()) {
            thaw();
            kill();
        }
    }

    /** Removes the hosts' folder once every host in it is closed. */
    static void deleteFolder(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException ignored) {
            // a leftover temporary folder is harmless
        }
    }

    private void signalAll(String signal) {
        long pid = postmasterPid();
        if (pid <= 0) {
            throw new IllegalStateException("PostgreSQL host " + name + " is not running");
        }
        List<Long> pids = new ArrayList<>();
        pids.add(pid);
        ProcessHandle.of(pid).ifPresent(postmaster -> postmaster.descendants()
                .forEach(child -> pids.add(child.pid())));
        signal(signal, pids);
        if (signal.equals("KILL")) {
            for (long each : pids) {
                ProcessHandle.of(each).ifPresent(process -> process.onExit().orTimeout(30, TimeUnit.SECONDS)
                        .join());
            }
        }
    }

    /**
     * Sends {@code signal} to every pid. A backend may end between the listing and the signal (a session closing, or
     * a server that just PANICked taking its children down): that pid is gone, which is what every signal here
     * wants, so only a pid still alive after a failed {@code kill} is an error.
     */
    private static void signal(String signal, List<Long> pids) {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        pids.forEach(pid -> command.add(Long.toString(pid)));
        try {
            run(command, Duration.ofSeconds(10));
        } catch (IllegalStateException failed) {
            if (pids.stream().anyMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    && !failed.getMessage().contains("No such process")) {
                throw failed;
            }
        }
    }

    /** The postmaster's pid from {@code postmaster.pid}, or -1 when the file is not there. */
    long postmasterPid() {
        Path pidFile = dataDir.resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return -1;
            }
            return Long.parseLong(Files.readAllLines(pidFile).getFirst().strip());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private void appendCommonSettings() {
        append(dataDir.resolve("postgresql.conf"), String.join("\n",
                "",
                "# the failover scenario's pair (PostgresHost)",
                "listen_addresses = '127.0.0.1'",
                "unix_socket_directories = ''",
                "wal_level = replica",
                "max_wal_senders = 10",
                "wal_keep_size = '128MB'",
                "hot_standby = on",
                // pg_rewind needs hint-bit changes WAL-logged (the cluster has no data checksums)
                "wal_log_hints = on",
                "synchronous_commit = on",
                "max_connections = 100",
                ""));
    }

    private void writeOwnSettings(String syncStandby, PostgresHost streamFrom) {
        List<String> lines = new ArrayList<>(List.of("# this host's own settings, written before each start",
                "port = " + port, "cluster_name = '" + name + "'",
                "synchronous_standby_names = '" + (syncStandby == null ? "" : "FIRST 1 (" + syncStandby + ")")
                        + "'"));
        if (streamFrom != null) {
            lines.add("primary_conninfo = 'host=127.0.0.1 port=" + streamFrom.port + " user=postgres application_name="
                    + name + "'");
        }
        write(dataDir.resolve("postgresql.auto.conf"), String.join("\n", lines) + "\n");
    }

    private void deleteStandbySignal() {
        try {
            Files.deleteIfExists(dataDir.resolve("standby.signal"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void pgCtl(String action) {
        tool("pg_ctl", "-D", dataDir.toString(), "-l", log.toString(), "-w", "-t", "60", action);
    }

    /** Runs one of Debian's PostgreSQL programs as the server's user; throws with its output when it fails. */
    private void tool(String program, String... args) {
        List<String> command = new ArrayList<>();
        if (runningAsRoot()) {
            command.addAll(List.of("runuser", "-u", RUN_AS, "--"));
        }
        command.add(binary(program).toString());
        command.addAll(List.of(args));
        run(command, Duration.ofSeconds(120));
    }

    private static void run(List<String> command, Duration limit) {
        try {
            Path output = Files.createTempFile("pouw-pg-tool", ".out");
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(output.toFile()).start();
                if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " did not finish in " + limit);
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " exited with "
                            + process.exitValue() + ": " + Files.readString(output, StandardCharsets.UTF_8));
                }
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Debian's PostgreSQL binaries (package postgresql, which scripts/install-test-tools.sh installs), newest major
     * version first; a missing installation fails the test saying how to get one.
     */
    static Path binary(String program) {
        Path versions = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(versions)) {
            try (Stream<Path> majors = Files.list(versions)) {
                for (Path major : majors.sorted(Comparator.comparing(PostgresHost::majorOf).reversed()).toList()) {
                    Path binary = major.resolve("bin").resolve(program);
                    if (Files.isExecutable(binary)) {
                        return binary;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no " + program + " under " + versions + ": install Debian's PostgreSQL"
                + " (apt-get install postgresql; ./run-tests does it through scripts/install-test-tools.sh)");
    }

    private static int majorOf(Path folder) {
        try {
            return Integer.parseInt(folder.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private void append(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
            if (runningAsRoot()) {
                Files.setOwner(file, file.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName(RUN_AS));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.pouw.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pouw.client.NodeException;
import org.pouw.client.PouwClient;
import org.pouw.client.system.HealthProbe;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.node.config.NodeConfig;
import org.pouw.store.SchemaMigrations;
import org.pouw.store.StorageConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code pouw doctor}: checks what a node needs before it starts or while it runs — the JDK, its data folder and the
 * free space there, its database and migrations, its port, and the clock against a node that answers — and says what
 * to fix. Reads only; exit 5 when any check fails.
 */
@Command(name = "doctor", description = "Check the JDK, data folder, disk space, database and migrations, port and"
        + " clock of a node (from its config) and print what to fix. Exit 5 when a check fails.")
final class DoctorCommand implements Callable<Integer> {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final int MIN_JDK = 21;
    /** Beyond this a lease or a token's expiry is judged on a clock that disagrees with the node's. */
    static final Duration SKEW_WARN = Duration.ofSeconds(2);
    static final Duration SKEW_FAIL = Duration.ofSeconds(30);

    @Mixin
    NodeOptions options;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
        NodeConfig config = options.load();
        List<DoctorCheck> checks = new ArrayList<>();
        checks.add(jdk(Runtime.version().feature()));
        checks.add(DataFolderChecks.folder(config.dataDir()));
        checks.add(DataFolderChecks.space(config.dataDir(), config.uploadFreeSpaceReserveMb()));
        checks.add(database(config));
        checks.addAll(node(config.httpHost(), config.httpPort()));
        print(checks);
        return checks.stream().anyMatch(c -> c.status() == DoctorCheck.Status.FAIL)
                ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
    }

    static DoctorCheck jdk(int feature) {
        return feature >= MIN_JDK
                ? DoctorCheck.ok("jdk", "Java " + feature + " (" + MIN_JDK + " or newer needed)")
                : DoctorCheck.fail("jdk", "Java " + feature, "install a JDK " + MIN_JDK + " or newer and set"
                        + " JAVA_HOME to it");
    }

    static DoctorCheck database(NodeConfig config) {
        StorageConfig storage = config.storageBackend().equals(StorageConfig.POSTGRESQL)
                ? StorageConfig.postgresql(config.storageUrl(), config.storageUser(), config.storagePassword(), 1)
                : StorageConfig.sqlite(config.dataDir());
        String where = storage.backend().equals(StorageConfig.SQLITE) ? "SQLite in " + config.dataDir()
                : "PostgreSQL at " + config.storageUrl();
        try {
            SchemaMigrations schema = SchemaMigrations.of(storage);
            if (!schema.exists()) {
                return DoctorCheck.ok("database", where + ": no database yet; the node creates it at its first start");
            }
            String detail = where + ": schema " + schema.current().map(v -> "V" + v).orElse("empty") + ", "
                    + schema.applied() + " migrations applied, " + schema.pending() + " pending";
            return schema.pending() == 0 ? DoctorCheck.ok("database", detail)
                    : DoctorCheck.warn("database", detail, "the node applies pending migrations when it starts;"
                            + " take a backup first ('pouw backup')");
        } catch (RuntimeException e) {
            return DoctorCheck.fail("database", where + ": cannot read it (" + firstLine(e) + ")",
                    "check storage.url, storage.user and the password, and that the database server is up");
        }
    }

    /** The port, and when a node answers on it, the clock against the node's Date header (RFC 9110 §6.6.1). */
    static List<DoctorCheck> node(String host, int port) {
        if (port == 0) {
            return List.of(DoctorCheck.ok("port", "http.port = 0: the node picks a free port"));
        }
        String connectHost = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        if (!listening(connectHost, port)) {
            return List.of(DoctorCheck.ok("port", connectHost + ":" + port + " is free (no node running)"),
                    DoctorCheck.ok("clock", "not compared: no node answers on " + connectHost + ":" + port));
        }
        URI health = URI.create("http://" + (connectHost.contains(":") ? "[" + connectHost + "]" : connectHost) + ":"
                + port);
        try (PouwClient client = new PouwClient(health, Ed25519.KeyPair.generate(), Duration.ofSeconds(5),
                Clock.system())) {
            Instant sent = Instant.now();
            HealthProbe probe = client.system().probe(false);
            Instant received = Instant.now();
            if (!probe.ok()) {
                return List.of(DoctorCheck.fail("port", connectHost + ":" + port + " answers /healthz with HTTP "
                        + probe.httpStatus(), "another program may hold the port: stop it or set http.port"));
            }
            DoctorCheck port200 = DoctorCheck.ok("port", "a node answers on " + connectHost + ":" + port);
            return List.of(port200, clock(probe.date().orElse(null), sent, received));
        } catch (NodeException e) {
            return List.of(DoctorCheck.fail("port", connectHost + ":" + port + " is taken but does not answer"
                    + " HTTP (" + firstLine(e) + ")", "another program holds the port: stop it or set http.port"));
        }
    }

    /** The node's Date has whole seconds; anything within the request's round trip plus a second is no skew. */
    static DoctorCheck clock(String dateHeader, Instant sent, Instant received) {
        if (dateHeader == null) {
            return DoctorCheck.warn("clock", "the node sent no Date header", "");
        }
        Instant nodeTime = ZonedDateTime.parse(dateHeader, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration slack = Duration.between(sent, received).plusSeconds(1);
        Duration skew = Duration.ZERO;
        if (nodeTime.isBefore(sent.minus(slack))) {
            skew = Duration.between(nodeTime, sent);
        } else if (nodeTime.isAfter(received)) {
            skew = Duration.between(received, nodeTime);
        }
        String detail = String.format(Locale.ROOT, "this machine and the node differ by %d s", skew.toSeconds());
        String fix = "run an NTP client (chrony, systemd-timesyncd) on both machines: leases and token expiry"
                + " depend on clocks that agree";
        if (skew.compareTo(SKEW_FAIL) > 0) {
            return DoctorCheck.fail("clock", detail, fix);
        }
        return skew.compareTo(SKEW_WARN) > 0 ? DoctorCheck.warn("clock", detail, fix)
                : DoctorCheck.ok("clock", detail);
    }

    private static boolean listening(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
            return true;
        } catch (IOException refusedOrUnreachable) {
            return false;
        }
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private void print(List<DoctorCheck> checks) {
        ObjectNode data = JSON.createObjectNode();
        ArrayNode list = data.putArray("checks");
        StringBuilder text = new StringBuilder();
        for (DoctorCheck check : checks) {
            String status = check.status().name().toLowerCase(Locale.ROOT);
            list.addObject().put("name", check.name()).put("status", status).put("detail", check.detail())
                    .put("fix", check.fix());
            text.append(String.format(Locale.ROOT, "%-4s  %-9s %s%n", status, check.name(), check.detail()));
            if (!check.fix().isEmpty()) {
                text.append("                fix: ").append(check.fix()).append('\n');
            }
        }
        data.put("ok", checks.stream().noneMatch(c -> c.status() == DoctorCheck.Status.FAIL));
        new Printer(json).print(data, text.toString().stripTrailing());
    }
}

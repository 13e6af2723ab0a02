package org.pouw.cli.failover;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pouw.cli.CliProcess;
import org.pouw.crypto.Ed25519;
import org.pouw.node.auth.Tokens;

/**
 * What every failure scenario on real PostgreSQL hosts sets up and tears down, so each IT reads as its scenario: a
 * folder for the hosts (kept with the servers' logs when the scenario failed, deleted when it passed), the hosts and
 * node processes it started (all stopped at the end), a token secret, a payer funded at genesis and a payee, and the
 * settings that point a node at a host's database.
 */
final class PostgresScenario implements AutoCloseable {
    /** The database every scenario's nodes use. */
    static final String DATABASE = "pouw";

    private final String name;
    private final Path dir;
    private final Path hostsFolder = PostgresHost.hostsFolder();
    private final Path secret;
    private final Ed25519.KeyPair payer = Ed25519.KeyPair.generate();
    private final String payee = Ed25519.KeyPair.generate().did().toString();
    private final List<PostgresHost> hosts = new ArrayList<>();
    private final List<ScenarioNode> nodes = new ArrayList<>();
    private final List<Runnable> beforeFolderDeleted = new ArrayList<>();
    private boolean passed;

    /** {@code name} says whose folder is kept when it fails; the nodes' folders and the secret go in {@code dir}. */
    PostgresScenario(String name, Path dir) throws IOException {
        this.name = name;
        this.dir = dir;
        this.secret = dir.resolve("token.secret");
        Tokens.createSecret(secret);
    }

    Path hostsFolder() {
        return hostsFolder;
    }

    Ed25519.KeyPair payer() {
        return payer;
    }

    String payee() {
        return payee;
    }

    /** {@code host} is stopped (killed) when the scenario ends; returned for chaining. */
    PostgresHost add(PostgresHost host) {
        hosts.add(host);
        return host;
    }

    /** A primary and its synchronous standby. */
    record SyncPair(PostgresHost primary, PostgresHost standby) {
    }

    /**
     * Two hosts the scenario stops at its end: "pg1", a primary holding {@link #DATABASE}, and "pg2", copied from it
     * and streaming as its synchronous standby ({@code sync_state = 'sync'} before this returns).
     */
    SyncPair primaryWithSyncStandby() throws SQLException {
        PostgresHost primary = add(PostgresHost.init(hostsFolder, "pg1"));
        primary.startPrimary(null);
        primary.createDatabase(DATABASE);
        PostgresHost standby = add(PostgresHost.copyOf(hostsFolder, "pg2", primary));
        standby.startStandbyOf(primary, null);
        primary.requireSyncStandby(standby);
        return new SyncPair(primary, standby);
    }

    /** Runs at the end after every host is stopped and before the hosts' folder is deleted (an unmount). */
    void beforeFolderDeleted(Runnable step) {
        beforeFolderDeleted.add(step);
    }

    /** {@code host}'s {@link #DATABASE} as a node reaches it: short connect and login waits, 10 s socket reads. */
    static String url(PostgresHost host) {
        return url(host, 10);
    }

    /** {@link #url(PostgresHost)} with reads that give up after {@code socketTimeoutSeconds}. */
    static String url(PostgresHost host, int socketTimeoutSeconds) {
        return "jdbc:postgresql://127.0.0.1:" + host.port() + "/" + DATABASE + "?connectTimeout=2&socketTimeout="
                + socketTimeoutSeconds + "&loginTimeout=5";
    }

    /**
     * A node's settings on the database at {@code storageUrl}: the scenario's secret and genesis, and no rate limits
     * (one client pays in a loop through each fault; the limits are not what these scenarios test). {@code extra}
     * name → value pairs are added or override.
     */
    Map<String, String> nodeSettings(String storageUrl, String... extra) {
        Map<String, String> settings = new HashMap<>(Map.of("storage.backend", "postgresql",
                "storage.url", storageUrl, "storage.user", "postgres", "auth.token_secret_file", secret.toString(),
                "genesis", payer.did() + "=100000000", "rate_limits.enabled", "false"));
        for (int i = 0; i + 1 < extra.length; i += 2) {
            settings.put(extra[i], extra[i + 1]);
        }
        return settings;
    }

    /** Starts node {@code nodeName} (its data folder {@code dir/nodeName}) with {@code settings}; waits for it. */
    ScenarioNode startNode(String nodeName, Map<String, String> settings) {
        ScenarioNode node = ScenarioNode.start(dir, nodeName, settings);
        nodes.add(node);
        return node;
    }

    /** Starts one node per name at once, each on its database URL with {@link #nodeSettings}; waits for all. */
    List<ScenarioNode> startNodes(Map<String, String> storageUrlByName) {
        Map<String, Map<String, String>> settings = new LinkedHashMap<>();
        storageUrlByName.forEach((nodeName, storageUrl) -> settings.put(nodeName, nodeSettings(storageUrl)));
        List<ScenarioNode> started = ScenarioNode.startEach(dir, settings);
        nodes.addAll(started);
        return started;
    }

    /** A graceful stop of {@code node}, which the scenario no longer stops at the end. */
    void stopNode(ScenarioNode node) {
        node.close();
        nodes.remove(node);
    }

    /** {@code pouw ledger verify} of the database at {@code storageUrl}, as node a's operator runs it. */
    CliProcess.Result verifyLedger(String storageUrl) {
        return operatorCommand(storageUrl, "ledger", "verify");
    }

    /** A {@code pouw} command run as node a's operator (its data folder and secret) on the database at the URL. */
    CliProcess.Result operatorCommand(String storageUrl, String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of("--data-dir", "a", "--set", "storage.backend=postgresql", "--set",
                "storage.url=" + storageUrl, "--set", "storage.user=postgres",
                "--set", "auth.token_secret_file=" + secret));
        return InJvmCommand.run(dir, args.toArray(String[]::new));
    }

    /** The scenario's assertions all held: its hosts' folder is deleted at the end. */
    void passed() {
        passed = true;
    }

    @Override
    public void close() {
        nodes.forEach(ScenarioNode::close);
        hosts.forEach(PostgresHost::close);
        beforeFolderDeleted.forEach(Runnable::run);
        if (passed) {
            PostgresHost.deleteFolder(hostsFolder);
        } else {
            System.out.println("FAILOVER " + name + ": the hosts' data and logs are kept in " + hostsFolder);
        }
    }
}

package org.pouw.cli.failover;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pouw.cli.CliProcess;

/**
 * The database under a commit-then-halt scenario ({@link CommitThenHaltFailoverIT}): a SQLite file in the node's data
 * folder, or a real PostgreSQL server (Debian's 15, run as a non-root user, {@link PostgresScenario}) that outlives
 * every halt of the node. The node is always named {@code a}, so {@code pouw ledger verify} reads its data either way.
 */
final class CommitThenHaltStore implements AutoCloseable {
    /** The backends the halts run on. */
    enum Backend {
        SQLITE, POSTGRESQL
    }

    static final String NODE = "a";

    private final Path dir;
    private final PostgresScenario scenario;
    private final String storageUrl;

    private CommitThenHaltStore(Path dir, PostgresScenario scenario, String storageUrl) {
        this.dir = dir;
        this.scenario = scenario;
        this.storageUrl = storageUrl;
    }

    /** The store for {@code backend}; a PostgreSQL server is initialised, started and given its database. */
    static CommitThenHaltStore open(Backend backend, String name, Path dir) throws Exception {
        if (backend == Backend.SQLITE) {
            return new CommitThenHaltStore(dir, null, null);
        }
        PostgresScenario scenario = new PostgresScenario(name, dir);
        try {
            PostgresHost host = scenario.add(PostgresHost.init(scenario.hostsFolder(), "pg1"));
            host.startPrimary(null);
            host.createDatabase(PostgresScenario.DATABASE);
            return new CommitThenHaltStore(dir, scenario, PostgresScenario.url(host));
        } catch (RuntimeException | SQLException e) {
            scenario.close();
            throw e;
        }
    }

    /** The node's settings: {@code routeSettings} (genesis, rewards, …) on this store. */
    Map<String, String> settings(Map<String, String> routeSettings) {
        if (scenario == null) {
            return routeSettings;
        }
        List<String> extra = new ArrayList<>();
        routeSettings.forEach((setting, value) -> {
            extra.add(setting);
            extra.add(value);
        });
        return scenario.nodeSettings(storageUrl, extra.toArray(String[]::new));
    }

    /** {@code pouw ledger verify} of node {@value #NODE}'s ledger, as its operator runs it. */
    CliProcess.Result verifyLedger() {
        return scenario == null ? CliProcess.run(dir, "ledger", "verify", "--data-dir", NODE)
                : scenario.verifyLedger(storageUrl);
    }

    /** The scenario's assertions held: a PostgreSQL server's folder is deleted at the end, not kept for a look. */
    void passed() {
        if (scenario != null) {
            scenario.passed();
        }
    }

    @Override
    public void close() {
        if (scenario != null) {
            scenario.close();
        }
    }
}

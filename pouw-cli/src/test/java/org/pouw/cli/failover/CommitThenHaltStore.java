package org.pouw.cli.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pouw.cli.CliProcess;

/**
 * The database under a commit-then-halt scenario ({@link CommitThenHaltFailoverIT}): a SQLite file in the node's data
 * folder, or a real PostgreSQL server (Debian's 15, run as a non-root user, {@link PostgresScenario}) that outlives
 * every halt of the node; and the run of a scenario's halts on it ({@link #haltEachRoute}), so each IT reads as its
 * routes. The node is always named {@code a}, the data folder {@code pouw ledger verify} reads on either backend.
 *
 * @param dir the test's folder: the node's data folder and log are in it
 * @param scenario the PostgreSQL server's scenario, null on SQLite
 * @param storageUrl the server's database URL, null on SQLite
 */
record CommitThenHaltStore(Path dir, PostgresScenario scenario, String storageUrl) implements AutoCloseable {
    /** The backends the halts run on. */
    enum Backend {
        SQLITE, POSTGRESQL
    }

    private static final String NODE = "a";

    /** One route's halt settled: takes the node armed for it, returns the node started again after its halt. */
    interface Step {
        ScenarioNode settle(ScenarioNode armed) throws Exception;
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
    private Map<String, String> settings(Map<String, String> routeSettings) {
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

    /**
     * Starts node {@value #NODE} on this store with {@code routeSettings}, armed for {@code firstRoute}; runs each step
     * (each arms the next route when it restarts the node), stops the last node, and asserts {@code pouw ledger
     * verify} passes.
     */
    void haltEachRoute(Map<String, String> routeSettings, String firstRoute, List<Step> steps) throws Exception {
        ScenarioNode node = ScenarioNode.startHaltingAfterCommit(dir, NODE, settings(routeSettings), firstRoute);
        try {
            for (Step step : steps) {
                node = step.settle(node);
            }
        } finally {
            node.close();
        }
        CliProcess.Result verify = verifyLedger();
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        passed();
    }

    /** {@code pouw ledger verify} of node {@value #NODE}'s ledger, as its operator runs it. */
    private CliProcess.Result verifyLedger() {
        return scenario == null ? CliProcess.run(dir, "ledger", "verify", "--data-dir", NODE)
                : scenario.verifyLedger(storageUrl);
    }

    /** The scenario's assertions held: a PostgreSQL server's folder is deleted at the end, not kept for a look. */
    private void passed() {
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

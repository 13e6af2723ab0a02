package org.pouw.store.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.pouw.store.contract.JobListPlansContract;
import org.pouw.store.jdbc.JobListStatement;
import org.pouw.store.support.PostgresTestDatabase;
import org.pouw.store.support.TestDatabase;

class PostgresJobListPlansIT extends JobListPlansContract {
    private PostgresTestDatabase postgres;

    @Override
    protected TestDatabase newDatabase() {
        postgres = PostgresTestDatabase.forTestClass(getClass());
        return postgres;
    }

    /**
     * The plan for the values written in (a custom plan, what the first executions of a statement get) and the
     * generic plan of the prepared statement, which PostgreSQL may settle on once a statement is reused: it cannot
     * see the values, so it must find the index from the statement's shape alone.
     */
    @Override
    protected List<List<String>> plans(JobListStatement statement) {
        StringBuilder numbered = new StringBuilder();
        int n = 0;
        for (char c : statement.sql().toCharArray()) {
            numbered.append(c == '?' ? "$" + ++n : String.valueOf(c));
        }
        List<String> literals = new ArrayList<>();
        for (Object value : statement.params()) {
            literals.add(value instanceof Number ? value.toString() : "'" + value + "'");
        }
        try (Connection connection = connection(); Statement sql = connection.createStatement()) {
            List<String> custom = lines(sql, "EXPLAIN " + statement.withLiterals());
            sql.execute("PREPARE page AS " + numbered);
            sql.execute("SET plan_cache_mode = force_generic_plan");
            List<String> generic = lines(sql, "EXPLAIN EXECUTE page(" + String.join(", ", literals) + ")");
            return List.of(custom, generic);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected List<String> plan(String sql) {
        try (Connection connection = connection(); Statement statement = connection.createStatement()) {
            return lines(statement, "EXPLAIN " + sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A sequential scan. A sort is allowed here: the contract checks that the rows come from a filter's own index, and
     * the planner sorts what that index found only when it expects a handful (the four dead letters, two sparse
     * filters together), which costs less than walking an index in order.
     */
    @Override
    protected boolean walksOrSorts(List<String> plan) {
        return plan.stream().anyMatch(line -> line.contains("Seq Scan"));
    }

    @Override
    protected void analyze() {
        postgres.execute("ANALYZE");
    }

    private Connection connection() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), PostgresTestDatabase.USER, "postgres");
    }

    private static List<String> lines(Statement statement, String sql) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                lines.add(rows.getString(1));
            }
        }
        return lines;
    }
}

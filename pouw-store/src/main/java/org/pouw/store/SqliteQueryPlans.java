package org.pouw.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SQLite's plan ({@code EXPLAIN QUERY PLAN}) for query shapes a benchmark names, read on a connection of its own to a
 * database file a node may be using: whether a list is served by an index or reads every row is a plan's question,
 * and only the store speaks SQL (the architecture test's rule), so a benchmark asks here.
 */
public final class SqliteQueryPlans {
    private SqliteQueryPlans() {
    }

    /** Each shape's plan steps, in the order given; the failure names the file. */
    public static Map<String, List<String>> explain(Path database, Map<String, String> shapes) {
        Map<String, List<String>> plans = new LinkedHashMap<>();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement statement = db.createStatement()) {
            for (Map.Entry<String, String> shape : shapes.entrySet()) {
                List<String> steps = new ArrayList<>();
                try (ResultSet plan = statement.executeQuery("EXPLAIN QUERY PLAN " + shape.getValue())) {
                    while (plan.next()) {
                        steps.add(plan.getString("detail"));
                    }
                }
                plans.put(shape.getKey(), steps);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("EXPLAIN QUERY PLAN on " + database + " failed: " + e.getMessage(), e);
        }
        return plans;
    }
}

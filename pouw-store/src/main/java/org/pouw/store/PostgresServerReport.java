package org.pouw.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a PostgreSQL server says about itself, read from {@code pg_settings}: its version and the settings a
 * throughput or latency figure depends on. A figure measured with {@code fsync = off} is not a durable one, and the
 * embedded test server passes {@code -F} (fsync off) unless told otherwise, so a benchmark prints this beside every
 * figure instead of stating the durability from memory.
 */
public record PostgresServerReport(String version, Map<String, Setting> settings) {
    /** The settings printed, in this order; {@link #isDurable} reads the first three. */
    public static final List<String> NAMES = List.of("fsync", "synchronous_commit", "full_page_writes",
            "wal_sync_method", "shared_buffers", "max_connections");

    /** One setting as the server reports it: its value with unit, and where the value came from. */
    public record Setting(String value, String source) {
    }

    private static final String SETTINGS = """
            SELECT name, CASE WHEN unit = '8kB' THEN pg_size_pretty(setting::bigint * 8192)
                              ELSE setting || coalesce(unit, '') END, source
            FROM pg_settings WHERE name = ANY(?)""";

    /** Connects once and reads the report; the failure names the URL. */
    public static PostgresServerReport read(String jdbcUrl, String user, String password) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
            String version;
            try (PreparedStatement statement = connection.prepareStatement("SHOW server_version");
                 ResultSet row = statement.executeQuery()) {
                row.next();
                version = row.getString(1);
            }
            Map<String, Setting> found = new LinkedHashMap<>();
            try (PreparedStatement statement = connection.prepareStatement(SETTINGS)) {
                statement.setArray(1, connection.createArrayOf("text", NAMES.toArray()));
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        found.put(rows.getString(1), new Setting(rows.getString(2), rows.getString(3)));
                    }
                }
            }
            Map<String, Setting> ordered = new LinkedHashMap<>();
            for (String name : NAMES) {
                ordered.put(name, found.getOrDefault(name, new Setting("?", "not reported")));
            }
            return new PostgresServerReport(version, Map.copyOf(ordered));
        } catch (SQLException e) {
            throw new StorageException("cannot read the server settings of " + jdbcUrl, e);
        }
    }

    /**
     * A commit survives a crash of the server and of the machine only with all three on: fsync (WAL reaches the
     * disk), synchronous_commit (the commit waits for it) and full_page_writes (a torn page can be repaired).
     */
    public boolean isDurable() {
        return "on".equals(value("fsync")) && "on".equals(value("synchronous_commit"))
                && "on".equals(value("full_page_writes"));
    }

    /** The value of a setting in {@link #NAMES}. */
    public String value(String name) {
        Setting setting = settings.get(name);
        if (setting == null) {
            throw new IllegalArgumentException("setting " + name + " is not one of " + NAMES);
        }
        return setting.value();
    }

    /** One line: "PostgreSQL 15.8: fsync=on (default), … — durable". */
    public String describe() {
        List<String> parts = new ArrayList<>();
        for (String name : NAMES) {
            Setting setting = settings.get(name);
            parts.add(name + "=" + setting.value() + " (" + setting.source() + ")");
        }
        return String.format(Locale.ROOT, "PostgreSQL %s: %s; %s", version, String.join(", ", parts),
                isDurable() ? "DURABLE (a committed job survives a crash)"
                        : "NOT DURABLE (commits can be lost in a crash: not a production figure)");
    }
}

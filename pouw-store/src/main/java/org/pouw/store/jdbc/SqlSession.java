package org.pouw.store.jdbc;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pouw.core.id.Did;
import org.pouw.core.id.Hash32;
import org.pouw.core.id.IntentId;
import org.pouw.core.id.JobId;
import org.pouw.store.StorageException;

/**
 * One connection with its prepared statements kept by SQL text. Preparing is a large share of a short statement's
 * cost (SQLite compiles the SQL to bytecode each time), and a completion runs a dozen statements, so reusing them is
 * what lets the embedded store settle thousands of jobs a second. Not thread-safe: one session serves one
 * transaction at a time. {@link SQLException}s leave as {@link StorageException}s naming the statement.
 */
public final class SqlSession implements AutoCloseable {
    private final Connection connection;
    private final Map<String, PreparedStatement> statements;
    private final int maxStatements;

    public SqlSession(Connection connection, int maxStatements) {
        this.connection = connection;
        // Access-ordered, so the statement used longest ago is closed first once the cache is full.
        this.statements = new LinkedHashMap<>(64, 0.75f, true);
        this.maxStatements = maxStatements;
    }

    public Connection connection() {
        return connection;
    }

    /** Runs an INSERT, UPDATE, DELETE or control statement and returns the number of rows it changed. */
    public int update(String sql, Object... params) {
        try {
            PreparedStatement statement = prepared(sql);
            bind(statement, params);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    /** Runs a query (or a statement with RETURNING) and maps every row. */
    public <T> List<T> list(String sql, RowMapper<T> mapper, Object... params) {
        try {
            PreparedStatement statement = prepared(sql);
            bind(statement, params);
            try (ResultSet rows = statement.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rows.next()) {
                    out.add(mapper.map(rows));
                }
                return out;
            }
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    /** The first row mapped, or empty; the rest (if any) are discarded. */
    public <T> Optional<T> first(String sql, RowMapper<T> mapper, Object... params) {
        try {
            PreparedStatement statement = prepared(sql);
            bind(statement, params);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(mapper.map(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    /** The first column of the first row as a long, or {@code orElse} when there is no row or it is NULL. */
    public long longValue(String sql, long orElse, Object... params) {
        return first(sql, row -> {
            long value = row.getLong(1);
            return row.wasNull() ? orElse : value;
        }, params).orElse(orElse);
    }

    /** A PostgreSQL {@code text[]} parameter. */
    public Array textArray(List<String> values) {
        try {
            return connection.createArrayOf("text", values.toArray(String[]::new));
        } catch (SQLException e) {
            throw failure("createArrayOf(text)", e);
        }
    }

    /** A PostgreSQL {@code bigint[]} parameter. */
    public Array longArray(List<Long> values) {
        try {
            return connection.createArrayOf("bigint", values.toArray(Long[]::new));
        } catch (SQLException e) {
            throw failure("createArrayOf(bigint)", e);
        }
    }

    /** A PostgreSQL {@code bytea[]} parameter. */
    public Array byteaArray(List<byte[]> values) {
        try {
            return connection.createArrayOf("bytea", values.toArray(byte[][]::new));
        } catch (SQLException e) {
            throw failure("createArrayOf(bytea)", e);
        }
    }

    /** A PostgreSQL {@code int[]} parameter. */
    public Array intArray(List<Integer> values) {
        try {
            return connection.createArrayOf("integer", values.toArray(Integer[]::new));
        } catch (SQLException e) {
            throw failure("createArrayOf(integer)", e);
        }
    }

    @Override
    public void close() {
        for (PreparedStatement statement : statements.values()) {
            closeQuietly(statement);
        }
        statements.clear();
    }

    private PreparedStatement prepared(String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement != null && statement.isClosed()) {
            statements.remove(sql); // closed under us by the driver after an error on the connection
            statement = null;
        }
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
            if (statements.size() > maxStatements) {
                Iterator<PreparedStatement> eldest = statements.values().iterator();
                closeQuietly(eldest.next());
                eldest.remove();
            }
        }
        return statement;
    }

    private static void bind(PreparedStatement statement, Object[] params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            int index = i + 1;
            switch (params[i]) {
                case null -> statement.setNull(index, Types.VARCHAR);
                case Long value -> statement.setLong(index, value);
                case Integer value -> statement.setInt(index, value);
                case String value -> statement.setString(index, value);
                // Ids and hashes are stored as their canonical text, the column format they always had.
                case JobId value -> statement.setString(index, value.hex());
                case IntentId value -> statement.setString(index, value.hex());
                case Hash32 value -> statement.setString(index, value.hex());
                case Did value -> statement.setString(index, value.text());
                case byte[] value -> statement.setBytes(index, value);
                case Array value -> statement.setArray(index, value);
                default -> throw new IllegalArgumentException("cannot bind a " + params[i].getClass().getName());
            }
        }
    }

    private StorageException failure(String sql, SQLException e) {
        // A statement that failed can be left unusable by the driver: after SQLITE_FULL, sqlite-jdbc answered every
        // later COMMIT and ROLLBACK with "statement is not executing", so the writer never ended its transaction
        // and every write after it failed (issue 24, scenario 5). It is prepared afresh on its next use.
        PreparedStatement failed = statements.remove(sql);
        if (failed != null) {
            closeQuietly(failed);
        }
        String shortSql = sql.length() > 120 ? sql.substring(0, 120) + "…" : sql;
        return new StorageException("statement failed [" + shortSql.replaceAll("\\s+", " ") + "]", e);
    }

    private static void closeQuietly(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException ignored) {
            // Closing a statement on a connection that is going away; nothing is lost.
        }
    }
}

package org.pouw.store.jdbc;

/**
 * Named counters: job and intent numbers (and, on PostgreSQL, event numbers, see {@code PostgresEventLog}). The
 * upsert takes the counter's row lock, which PostgreSQL holds until the transaction ends, so a number is never
 * handed out twice and numbers drawn by transactions that roll back are drawn again: no gaps.
 */
public final class CounterTable {
    private static final String ADVANCE = """
            INSERT INTO counters (name, value) VALUES (?, ?)
            ON CONFLICT (name) DO UPDATE SET value = counters.value + excluded.value
            RETURNING value""";

    private final SqlSession sql;

    public CounterTable(SqlSession sql) {
        this.sql = sql;
    }

    /** Takes {@code count} consecutive numbers and returns the first. */
    public long next(String counter, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, got " + count);
        }
        long last = sql.longValue(ADVANCE, 0, counter, (long) count);
        return last - count + 1;
    }

}

package org.pouw.store.jdbc;

/**
 * Named counters (job and intent numbers, ledger and event sequence numbers). The upsert takes the counter's row
 * lock; in PostgreSQL it is held until the transaction ends, so whoever draws the next event or ledger number
 * commits before anyone can draw the one after it: numbers are dense and follow commit order (§6), which a
 * database sequence cannot promise.
 */
public final class CounterTable {
    private static final String ADVANCE = """
            INSERT INTO counters (name, value) VALUES (?, ?)
            ON CONFLICT (name) DO UPDATE SET value = counters.value + excluded.value
            RETURNING value""";
    private static final String GIVE_BACK = "UPDATE counters SET value = value - ? WHERE name = ?";

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

    /**
     * Returns the last {@code count} numbers just taken, so they are drawn again. Only safe while this transaction
     * still holds the counter's row lock, which it does from {@link #next} until it ends.
     */
    public void giveBack(String counter, int count) {
        sql.update(GIVE_BACK, (long) count, counter);
    }
}

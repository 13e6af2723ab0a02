package org.pouw.store;

import java.security.SecureRandom;
import org.pouw.core.port.Storage;
import org.pouw.store.jdbc.SqlSession;
import org.pouw.store.jdbc.SqlTransactions;

/**
 * The database's restore epoch: a random number that {@code pouw restore} sets afresh in every database it restores
 * (issue 24, scenario 6), kept in the {@code counters} table so it travels with the data and every node sharing the
 * database reads the same one. Zero for a database never restored.
 *
 * <p>A restored database has forgotten what happened after its backup: challenges redeemed since then look unused.
 * The node folds the epoch into the SQL redemption store's id, so every challenge issued before the restore names a
 * store that no longer exists and is refused; and it publishes the epoch beside the event stream, so a client whose
 * saved event number came from the lost history sees that it must read again from the start.
 *
 * <p>Random, not counted up: two restores of one backup must not reach the same epoch, or challenges redeemed in the
 * first restored history could be redeemed again in the second.
 */
public final class RestoreEpoch {
    static final String COUNTER = "restore_epoch";
    private static final String READ = "SELECT value FROM counters WHERE name = ?";
    private static final String SET = """
            INSERT INTO counters (name, value) VALUES (?, ?)
            ON CONFLICT (name) DO UPDATE SET value = excluded.value""";
    private static final SecureRandom RANDOM = new SecureRandom();

    private RestoreEpoch() {
    }

    /** The epoch of the open database, 0 if it was never restored (or the storage is not SQL). */
    public static long of(Storage storage) {
        if (storage instanceof SqlTransactions database) {
            return database.readSql(RestoreEpoch::read);
        }
        return 0;
    }

    /** The epoch of the database {@code sql} is connected to, 0 if it was never restored. */
    static long read(SqlSession sql) {
        return sql.longValue(READ, 0, COUNTER);
    }

    /** Gives the database a new epoch, different from its current one, and returns it. */
    public static long rotate(SqlSession sql) {
        long current = read(sql);
        long next;
        do {
            next = RANDOM.nextLong() & Long.MAX_VALUE;
        } while (next == 0 || next == current);
        sql.update(SET, COUNTER, next);
        return next;
    }

    /** The epoch as it is shown to clients and folded into ids: 16 hex digits, or "0" if never restored. */
    public static String text(long epoch) {
        return epoch == 0 ? "0" : String.format("%016x", epoch);
    }
}

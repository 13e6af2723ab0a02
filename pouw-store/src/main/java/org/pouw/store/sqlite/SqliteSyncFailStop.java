package org.pouw.store.sqlite;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicReference;
import org.pouw.store.WritesStoppedException;

/**
 * Stops every write for good once an fsync of the SQLite files failed: PostgreSQL's "fsyncgate" lesson. After a
 * failed fsync the kernel may have dropped the pages it could not write back and marked them clean, so the next
 * fsync can answer success for data that never reached the disk. Retrying the sync and carrying on would then
 * acknowledge writes on top of a database whose earlier pages may be gone. So the node refuses writes from the
 * first failure until an operator, having looked at the disk, restarts it (the restart opens the database afresh:
 * SQLite replays its log from the file). Reads go on. Nothing lifts the stop in this process, not even a sync that
 * succeeds later.
 */
final class SqliteSyncFailStop {
    private static final Logger LOG = System.getLogger(SqliteSyncFailStop.class.getName());

    private final String file;
    private final AtomicReference<String> cause = new AtomicReference<>();

    SqliteSyncFailStop(String file) {
        this.file = file;
    }

    /** Records the first failed sync and logs it once; later ones change nothing. */
    void trip(String why) {
        if (cause.compareAndSet(null, why)) {
            LOG.log(Level.ERROR, "an fsync of the SQLite database {0} failed ({1}): the node refuses every write"
                    + " from now on (503 storage_sync_failed) and stays so until it is restarted; check the disk"
                    + " (kernel log) before restarting", file, why);
        }
    }

    /** The failure that stopped writes, or null while writes go on. */
    String cause() {
        return cause.get();
    }

    /** Refuses a write before it starts once writes are stopped. */
    void checkWritable() {
        String why = cause.get();
        if (why != null) {
            throw new WritesStoppedException("writes are stopped since an fsync of the database failed (" + why
                    + "); nothing of this call was applied. Reads still work; the operator must restart the node");
        }
    }
}

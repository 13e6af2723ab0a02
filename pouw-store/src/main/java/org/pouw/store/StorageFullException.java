package org.pouw.store;

import org.pouw.core.PouwException;
import org.pouw.core.Problem;

/**
 * A write the database refused because its disk is full (issue 24, scenario 5): SQLite's {@code SQLITE_FULL},
 * PostgreSQL's {@code 53100 disk_full}. The transaction rolled back whole, so the caller's call is refused, not in
 * doubt; the database itself is fine and goes on answering reads, so the node's health is not turned down.
 */
public final class StorageFullException extends PouwException {
    /** Retry-After: freeing space is an operator's job, so a client need not come back at once. */
    private static final long RETRY_AFTER_MS = 10_000;

    public StorageFullException(String message) {
        super(Problem.STORAGE_FULL, null, message, RETRY_AFTER_MS);
    }
}

package org.pouw.store;

import org.pouw.core.PouwException;
import org.pouw.core.Problem;

/**
 * A COMMIT that PostgreSQL answered with success and the warning "canceling wait for synchronous replication": the
 * transaction is committed on the primary but the synchronous standby may not have it, so a failover now could lose
 * it (issue 24's ground rules). The node never cancels that wait itself (no timeout is put on COMMIT); an operator's
 * {@code pg_cancel_backend} or a pooler can. The call is reported in doubt with its own code, never as done: the
 * client sends it again with its idempotency key once the standby is back, and it is applied once.
 */
public final class CommitInDoubtException extends PouwException {
    /** A failover manager's detection time, roughly: the standby or the new primary should answer by then. */
    private static final long RETRY_AFTER_MS = 5_000;

    public CommitInDoubtException(String warning) {
        super(Problem.COMMIT_IN_DOUBT, null, "the write was committed on the database primary but its wait for the"
                + " synchronous standby was cancelled (" + warning + "), so it could still be lost in a failover: send"
                + " it again with the same Idempotency-Key, which applies it once", RETRY_AFTER_MS);
    }
}

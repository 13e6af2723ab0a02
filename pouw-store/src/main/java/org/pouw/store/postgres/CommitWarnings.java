package org.pouw.store.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import org.pouw.store.CommitInDoubtException;

/**
 * What a COMMIT's warnings mean. The one that matters is PostgreSQL's "canceling wait for synchronous replication"
 * (with "The transaction has already committed locally, but might not have been replicated to the standby"): the
 * COMMIT succeeded, yet a failover could still lose the transaction. Any warning on a COMMIT is taken that way, not
 * only that text: the server's messages follow its {@code lc_messages}, and a COMMIT of a transaction the node began
 * has no other reason to warn, so a spurious one costs only a retry with the same idempotency key.
 */
final class CommitWarnings {
    private CommitWarnings() {
    }

    /**
     * Throws {@link CommitInDoubtException} when the COMMIT just run came back with a warning (the caller cleared the
     * connection's warnings before it).
     */
    static void check(Connection connection) throws SQLException {
        SQLWarning warning = connection.getWarnings();
        if (warning != null) {
            throw new CommitInDoubtException(warning.getMessage());
        }
    }
}

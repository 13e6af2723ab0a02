package org.pouw.node.claims;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.port.Storage;
import org.pouw.store.support.SqliteTestDatabase;

/** {@link ClaimCoalescerContract} on a real SQLite file. */
class SqliteClaimCoalescerTest extends ClaimCoalescerContract {
    @TempDir
    Path folder;

    @Override
    protected Storage openStorage() {
        return new SqliteTestDatabase(folder).open();
    }
}

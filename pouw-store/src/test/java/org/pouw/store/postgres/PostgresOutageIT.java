package org.pouw.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.event.EventDraft;
import org.pouw.core.port.StoreTx;
import org.pouw.store.DatabaseUnreachableException;
import org.pouw.store.support.ReachabilityWait;

/**
 * Issue 18 defect 8 on PostgreSQL: the server stops under a running storage (a real embedded server of this test's
 * own, stopped and started again on the same data folder and port). Before, every call waited out the pool's five
 * seconds for a connection before failing; now, once the storage knows the server is gone, calls fail at once as
 * unreachable, readiness says so without waiting, and when the server is back the probe sees it and calls work.
 */
class PostgresOutageIT {
    @TempDir
    Path data;

    @Test
    void calls_fail_fast_while_the_server_is_down_and_work_again_once_it_is_back() throws Exception {
        EmbeddedPostgres server = start(0);
        int port = server.getPort();
        String url = server.getJdbcUrl("postgres", "postgres");
        try (PostgresStorage storage = PostgresStorage.open(url, "postgres", "postgres", 2)) {
            storage.write((StoreTx tx) -> tx.events().append(new EventDraft("before", "", "", "{}"), 1));

            server.close();
            ReachabilityWait.until(storage::isReachable, false);
            for (int i = 0; i < 3; i++) {
                long started = System.nanoTime();
                assertThatThrownBy(() -> storage.write((StoreTx tx) -> tx.events().lastSeq()))
                        .isInstanceOf(DatabaseUnreachableException.class);
                assertThatThrownBy(() -> storage.read((StoreTx tx) -> tx.events().lastSeq()))
                        .isInstanceOf(DatabaseUnreachableException.class);
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
                        .as("failed without waiting out the pool's 5 s connection timeout").isLessThan(3_000);
            }

            server = start(port);
            ReachabilityWait.until(storage::isReachable, true);
            storage.write((StoreTx tx) -> tx.events().append(new EventDraft("after", "", "", "{}"), 2));
            assertThat(storage.read((StoreTx tx) -> tx.events().lastSeq())).isEqualTo(2);
        } finally {
            server.close();
        }
    }

    /** A server on this test's data folder (kept across restarts), on {@code port} or any free one when 0. */
    private EmbeddedPostgres start(int port) throws java.io.IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(data)
                .setCleanDataDirectory(false).setServerConfig("fsync", "off");
        if (port != 0) {
            builder.setPort(port);
        }
        return builder.start();
    }
}

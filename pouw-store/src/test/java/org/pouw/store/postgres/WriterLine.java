package org.pouw.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.concurrent.TimeUnit;
import org.pouw.core.port.Storage;
import org.pouw.store.ConnectionGate;

/**
 * The line of callers at a PostgreSQL storage's writer connections, for tests that must know their callers are in it
 * before they act (a fixed pause is not enough on a loaded machine). The gate is private to the storage; it is read
 * here rather than widened for a test (SqliteStorage has a package-private {@code inLine()} for the same purpose).
 */
final class WriterLine {
    private WriterLine() {
    }

    /** Waits (30 s at most, ending as soon as it holds) until {@code length} callers hold or wait for a writer. */
    static void awaitLength(Storage storage, int length) throws Exception {
        Field field = PostgresStorage.class.getDeclaredField("writerGate");
        field.setAccessible(true);
        ConnectionGate writers = (ConnectionGate) field.get(storage);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (writers.inLine() < length) {
            assertThat(System.nanoTime()).as("%d callers at the writers within 30 s", length).isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}

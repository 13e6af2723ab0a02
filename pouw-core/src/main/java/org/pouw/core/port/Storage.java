package org.pouw.core.port;

import java.util.function.Function;

/**
 * The node's storage: jobs, ledger and events change together in one transaction (ARCHITECTURE.md §6), blobs live
 * beside them. Adapters: SQLite (embedded default) and PostgreSQL, both in {@code pouw-store}.
 */
public interface Storage extends AutoCloseable {
    /**
     * Runs {@code work} in one read-write transaction and commits it; any exception rolls everything back and is
     * rethrown. Adapters retry transient serialization failures, so {@code work} must not have side effects outside
     * the transaction.
     */
    <T> T write(Function<StoreTx, T> work);

    /**
     * {@link #write}, but returns at the commit, before the transaction's events are readable; the caller runs
     * {@link Committed#publish} when it is ready to wait for that. A claim group does so after it has handed its
     * place to the next group, so one group's publication no longer holds up the next group's statements
     * (issue 26). Adapters whose events are readable at the commit (SQLite) publish nothing.
     */
    default <T> Committed<T> writeUnpublished(Function<StoreTx, T> work) {
        return Committed.published(write(work));
    }

    /**
     * {@link #write} for the node's own upkeep (the lease reaper). Adapters that turn callers away when their line
     * for connections is full keep a place in it for this, so a flood of requests can not starve the work that gives
     * lapsed leases back to the queue.
     */
    default <T> T writeUpkeep(Function<StoreTx, T> work) {
        return write(work);
    }

    /** Runs {@code work} against a consistent snapshot; it must not write. */
    <T> T read(Function<StoreTx, T> work);

    BlobStore blobs();

    /**
     * True while the database answers; {@code /readyz} reports it. Adapters answer from a health state kept by a
     * background probe, without waiting on the database.
     */
    boolean isReachable();

    /** Calls turned away as busy since the storage opened (its line for connections was full). */
    default long busyRefusals() {
        return 0;
    }

    /** Writes refused because the disk holding the database was full, since the storage opened. */
    default long storageFullRefusals() {
        return 0;
    }

    /**
     * Why the node stopped taking writes for good, when it did: an fsync of the database failed (SQLite; a
     * PostgreSQL server stops itself). Empty while writes go on. Only a restart clears it.
     */
    default java.util.Optional<String> writesStopped() {
        return java.util.Optional.empty();
    }

    /** "sqlite" or "postgresql", for status pages. */
    String backend();

    @Override
    void close();
}

package org.pouw.core.work;

/**
 * A kind of useful work the market trades (ARCHITECTURE.md §2): {@code reexec}, {@code stark}, {@code ml-train}.
 * The node verifies every submission through {@link #verify}; there is no kind that accepts a result unchecked.
 */
public interface WorkKind {
    /** The name jobs carry in their {@code kind} field. */
    String name();

    /**
     * Checks a submitted proof against the job. Any malformed or wrong proof is a rejecting verdict, never an
     * exception: the bytes come from an untrusted worker.
     */
    Verdict verify(WorkItem item, byte[] proof);
}

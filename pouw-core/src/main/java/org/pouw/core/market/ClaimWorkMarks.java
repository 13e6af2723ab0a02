package org.pouw.core.market;

/**
 * Told when a claim group's transaction work starts (it holds a connection) and ends (its commit follows): a
 * benchmark's phase timers (issue 26) read the clock here, outside the domain code, which reads none.
 */
public interface ClaimWorkMarks {
    /** The transaction's work starts; a retried transaction tells again. */
    void workStarted();

    /** The transaction's statements ended. */
    void workEnded();
}

package org.pouw.core.port;

/** The views of one transaction. */
public interface StoreTx {
    JobStore jobs();

    LedgerStore ledger();

    EventLog events();
}

package org.pouw.core.port;

/** The views of one transaction. */
public interface StoreTx {
    JobStore jobs();

    LedgerStore ledger();

    EventLog events();

    /** Blobs written in this transaction (a proof stored with the settlement that accepts it). */
    BlobStore blobs();

    /** Provers' strikes and quarantines. */
    StandingStore standing();

    /** Sign-in challenges already exchanged for a token. */
    UsedLoginChallenges loginChallenges();

    /** Who uploaded which blob. */
    BlobOwners blobOwners();

    /** The base prices per kind and interval, and the queue they follow. */
    MarketPrices marketPrices();

    /** The operator's claiming pause and prover bans, and handed-back leases. */
    OperatorStore operator();

    /** What changes about a hyperparameter sweep after it is posted. */
    SweepStore sweeps();
}

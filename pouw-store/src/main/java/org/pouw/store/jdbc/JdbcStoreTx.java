package org.pouw.store.jdbc;

import org.pouw.core.port.BlobOwners;
import org.pouw.core.port.BlobStore;
import org.pouw.core.port.EventLog;
import org.pouw.core.port.JobStore;
import org.pouw.core.port.LedgerStore;
import org.pouw.core.port.MarketPrices;
import org.pouw.core.port.OperatorStore;
import org.pouw.core.port.StandingStore;
import org.pouw.core.port.StoreTx;
import org.pouw.core.port.SweepStore;
import org.pouw.core.port.UsedLoginChallenges;

/** The views of one transaction, all on the same connection. */
public record JdbcStoreTx(JobStore jobs, LedgerStore ledger, EventLog events, BlobStore blobs,
                          StandingStore standing, UsedLoginChallenges loginChallenges,
                          BlobOwners blobOwners, MarketPrices marketPrices,
                          OperatorStore operator, SweepStore sweeps) implements StoreTx {
}

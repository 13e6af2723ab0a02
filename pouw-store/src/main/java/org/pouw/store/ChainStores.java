package org.pouw.store;

import org.pouw.chain.port.ChainStore;
import org.pouw.chain.port.ReportedOffenders;
import org.pouw.chain.port.WatchedHeaders;
import org.pouw.core.port.Storage;
import org.pouw.store.jdbc.JdbcChainStore;
import org.pouw.store.jdbc.SqlChainDatasets;
import org.pouw.store.jdbc.SqlReportedOffenders;
import org.pouw.store.jdbc.SqlTransactions;
import org.pouw.store.jdbc.SqlWatchedHeaders;

/** The chain store on the same database as an open market storage, so one backup holds both. */
public final class ChainStores {
    private ChainStores() {
    }

    public static ChainStore on(Storage storage) {
        if (storage instanceof SqlTransactions database) {
            return new JdbcChainStore(database);
        }
        throw new IllegalArgumentException("no chain store for a " + storage.backend() + " storage");
    }

    /** The datasets the node serves to miners, indexed by chain dataset id, their records in the blob store. */
    public static SqlChainDatasets datasets(Storage storage) {
        if (storage instanceof SqlTransactions database) {
            return new SqlChainDatasets(database, storage.blobs());
        }
        throw new IllegalArgumentException("no chain dataset index for a " + storage.backend() + " storage");
    }

    /** The equivocation watch's memory, at most {@code capacity} headers, kept across restarts. */
    public static WatchedHeaders watchedHeaders(Storage storage, int capacity) {
        if (storage instanceof SqlTransactions database) {
            return new SqlWatchedHeaders(database, capacity);
        }
        throw new IllegalArgumentException("no equivocation watch store for a " + storage.backend() + " storage");
    }

    /** The evidence reporter's offenders reported and not yet slashed, kept across restarts. */
    public static ReportedOffenders reportedOffenders(Storage storage) {
        if (storage instanceof SqlTransactions database) {
            return new SqlReportedOffenders(database);
        }
        throw new IllegalArgumentException("no reported-offenders store for a " + storage.backend() + " storage");
    }
}

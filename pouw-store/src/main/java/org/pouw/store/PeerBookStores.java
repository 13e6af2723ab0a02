package org.pouw.store;

import org.pouw.core.port.Storage;
import org.pouw.store.jdbc.SqlPeerBook;
import org.pouw.store.jdbc.SqlTransactions;

/** pouw-p2p's {@link org.pouw.p2p.peers.PeerBook} on an open storage: the node's own database, either backend. */
public final class PeerBookStores {
    private PeerBookStores() {
    }

    public static SqlPeerBook on(Storage storage) {
        if (storage instanceof SqlTransactions database) {
            return new SqlPeerBook(database);
        }
        throw new IllegalArgumentException("the peer book needs an SQL storage, not " + storage.backend());
    }
}

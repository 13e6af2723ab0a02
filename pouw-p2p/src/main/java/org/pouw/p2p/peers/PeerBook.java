package org.pouw.p2p.peers;

import java.util.List;

/**
 * The port through which bans and known addresses outlive a restart (issue 20: "the address manager, anchors and
 * bans survive a restart"). {@link InMemoryPeerBook} serves tests and nodes without a database; the SQL adapter
 * belongs in pouw-store (ARCHITECTURE.md §3: no SQL here) and must pass {@code PeerBookContract} too.
 */
public interface PeerBook {
    /** Stores a ban, replacing any earlier ban of the same subject. */
    void saveBan(Ban ban);

    /** Lifts the ban of a subject; nothing happens if there is none. */
    void removeBan(String subject);

    /** Every stored ban, expired or not, ordered by subject. */
    List<Ban> bans();

    /** Stores an address, replacing the entry of the same host and port. */
    void saveAddress(KnownAddress address);

    /** Every stored address, ordered by host then port. */
    List<KnownAddress> addresses();
}

package org.pouw.p2p.peers;

import java.util.List;
import java.util.Optional;

/**
 * The port through which bans, known addresses, the address manager's tables and the anchors outlive a restart
 * (issue 20: "the address manager, anchors and bans survive a restart"). {@link InMemoryPeerBook} serves tests and
 * nodes without a database; the SQL adapter lives in pouw-store (ARCHITECTURE.md §3: no SQL here); both pass
 * {@code PeerBookContract}.
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

    /**
     * The address manager's secret bucket key, once saved. It must outlive a restart, or every entry would land in
     * other buckets than the ones it was admitted to and the per-source bounds would no longer hold.
     */
    Optional<byte[]> bucketKey();

    /** Saves the bucket key; a second call with another key is refused ({@link IllegalStateException}). */
    void saveBucketKey(byte[] key);

    /**
     * Writes the address manager's changes at once: {@code saved} replace the entries of their host and port,
     * {@code removed} are deleted (by host and port).
     */
    void updateAddressTable(List<AddressRecord> saved, List<AddressRecord> removed);

    /** Every entry of the address manager, ordered by host then port. */
    List<AddressRecord> addressTable();

    /** Replaces the anchors: the block-relay-only peers to dial first after a restart. */
    void saveAnchors(List<KnownAddress> anchors);

    /** The anchors, in the order saved. */
    List<KnownAddress> anchors();
}

package org.pouw.p2p.discovery;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.DidKey;
import org.pouw.crypto.Hex;
import org.pouw.p2p.peers.AddressRecord;
import org.pouw.p2p.peers.PeerBook;

/**
 * The address manager, in the manner of Bitcoin's addrman (docs/p2p.md §10). Addresses heard of live in the "new"
 * table, addresses this node once reached in the "tried" table; both are fixed arrays of buckets of 64 slots, and
 * where an address may go is a keyed hash only this node knows:
 *
 * <ul>
 *   <li>new bucket = H(k, source group, H(k, address group, source group) mod 64) mod 1024: every address one
 *       source group tells of lands in at most 64 of the 1,024 new buckets, so a flood from one network displaces
 *       at most that share of the table, however many addresses it sends;
 *   <li>tried bucket = H(k, address group, H(k, address) mod 8) mod 256: one address group holds at most 8 of the
 *       256 tried buckets;
 *   <li>the slot in a bucket = H(k, table, bucket, address) mod 64.
 * </ul>
 *
 * A new address whose slot is taken by a good entry is dropped (the incumbent stays), except an address this node
 * was configured with: it takes the next free slot of its bucket, since losing an operator's bootstrap peer to a
 * one-in-4,096 hash collision would leave the node short of the peers it was told to start from (ten bootstrap
 * addresses collided about one start in a hundred). One that reaches the tried
 * table when its slot there is taken waits as a <em>collision</em> until a feeler connection has tested the
 * incumbent: an incumbent that answers stays (test-before-evict), one that fails makes way. The key is made once
 * and kept in the {@link PeerBook}, with every entry, so a restart rebuilds the same tables. Thread-safe.
 */
public final class AddressBook {
    public static final int NEW_BUCKETS = 1024;
    public static final int TRIED_BUCKETS = 256;
    public static final int BUCKET_SIZE = 64;
    /** How many new buckets one source group can reach. */
    public static final int NEW_BUCKETS_PER_SOURCE_GROUP = 64;
    /** How many tried buckets one address group can reach. */
    public static final int TRIED_BUCKETS_PER_GROUP = 8;
    /** Most addresses in one {@code addr} message, and in one answer to {@code get_addr}. */
    public static final int MAX_GOSSIP = 1_000;
    /** Collisions waiting for a feeler, at most (Bitcoin's ADDRMAN_SET_TRIED_COLLISION_SIZE). */
    static final int MAX_COLLISIONS = 10;
    /** A signed timestamp further ahead of the local clock than this is refused: peers never move our time. */
    public static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(10);
    static final Duration RECENT_SUCCESS = Duration.ofHours(4);
    static final Duration COLLISION_PATIENCE = Duration.ofMinutes(40);
    /** The source group of addresses this node was configured with (bootstrap peers), not told of. */
    public static final AddressGroup CONFIGURED = new AddressGroup("configured");

    private final byte[] key;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final PeerBook book;
    private final AddressEntry[][] newTable = new AddressEntry[NEW_BUCKETS][BUCKET_SIZE];
    private final AddressEntry[][] triedTable = new AddressEntry[TRIED_BUCKETS][BUCKET_SIZE];
    private final Map<String, AddressEntry> entries = new HashMap<>();
    private final Set<String> collisions = new LinkedHashSet<>();
    private final Set<String> dirty = new LinkedHashSet<>();
    private final Map<String, AddressRecord> removed = new LinkedHashMap<>();
    private int newCount;
    private int triedCount;

    /** The manager of {@code book}'s entries, under its key (made and saved on first start). */
    public AddressBook(PeerBook book, InstantSource clock, RandomGenerator random) {
        this.book = book;
        this.clock = clock;
        this.random = random;
        this.key = book.bucketKey().orElseGet(() -> {
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            book.saveBucketKey(fresh);
            return fresh;
        });
        for (AddressRecord record : book.addressTable()) {
            restore(record);
        }
    }

    // ----------------------------------------------------------------------------------------------- learning

    /**
     * Takes a signed address told by a peer at {@code sourceHost}. Returns false (and keeps nothing) when the
     * signature fails, the timestamp lies more than {@link #FUTURE_TOLERANCE} ahead of the local clock or older than
     * 30 days, or its slot holds a good entry. The signature is the caller's to have checked as well (a relayer
     * of a bad one is at fault); this check is what keeps the table clean whoever calls.
     */
    public synchronized boolean add(SignedAddress address, String sourceHost) {
        Instant now = clock.instant();
        if (!address.verifies() || address.instant().isAfter(now.plus(FUTURE_TOLERANCE))
                || address.instant().isBefore(now.minus(AddressEntry.HORIZON))) {
            return false;
        }
        Instant seen = address.instant().isAfter(now) ? now : address.instant();
        AddressEntry known = entries.get(AddressEntry.key(address.host(), address.port()));
        if (known != null) {
            // A key that once answered here keeps the entry; a record naming another key is someone's claim only.
            if (known.lastSuccess.equals(Instant.EPOCH) || known.peerId.equals(address.peerId().toString())) {
                if (known.signed == null || address.timestamp() > known.signed.timestamp()) {
                    known.signed = address;
                    known.peerId = address.peerId().toString();
                }
            }
            if (seen.isAfter(known.lastSeen)) {
                known.lastSeen = seen;
            }
            dirty.add(known.key());
            return false;
        }
        AddressEntry entry = new AddressEntry(address.host(), address.port(), AddressGroup.of(sourceHost),
                address.peerId().toString(), seen);
        entry.signed = address;
        return placeNew(entry);
    }

    /** Takes an address this node was configured with (a bootstrap peer); its peer id is learned on connecting. */
    public synchronized boolean addConfigured(String host, int port) {
        String canonical = IpLiteral.canonical(host);
        if (entries.containsKey(AddressEntry.key(canonical, port))) {
            return false;
        }
        return placeNew(new AddressEntry(canonical, port, CONFIGURED, "", clock.instant()));
    }

    // ------------------------------------------------------------------------------------------------ dialing

    /** A connection attempt starts: counted against the entry until it succeeds. */
    public synchronized void attempt(String host, int port) {
        AddressEntry entry = entries.get(AddressEntry.key(IpLiteral.canonical(host), port));
        if (entry != null) {
            entry.lastTry = clock.instant();
            entry.attempts++;
            dirty.add(entry.key());
        }
    }

    /**
     * An outbound handshake succeeded: the entry (added if unknown) moves to the tried table, or waits as a
     * collision when its tried slot holds another entry that has not yet been tested.
     */
    public synchronized void good(String host, int port, DidKey peer) {
        String canonical = IpLiteral.canonical(host);
        AddressEntry entry = entries.get(AddressEntry.key(canonical, port));
        Instant now = clock.instant();
        if (entry == null) {
            entry = new AddressEntry(canonical, port, AddressGroup.of(canonical), peer.toString(), now);
            if (!placeNew(entry)) {
                return;
            }
        }
        entry.peerId = peer.toString();
        if (entry.signed != null && !entry.signed.peerId().equals(peer)) {
            entry.signed = null;        // the record named a key that is not the one answering here
        }
        entry.lastSeen = now;
        entry.lastTry = now;
        entry.lastSuccess = now;
        entry.attempts = 0;
        dirty.add(entry.key());
        if (entry.tried) {
            return;
        }
        int bucket = triedBucket(entry);
        int slot = slot(true, bucket, entry);
        AddressEntry incumbent = triedTable[bucket][slot];
        if (incumbent == null) {
            moveToTried(entry, bucket, slot);
        } else if (collisions.size() < MAX_COLLISIONS) {
            collisions.add(entry.key());
        }
    }

    /**
     * Settles the collisions whose incumbents were tested (or waited too long): an incumbent that succeeded in the
     * last four hours keeps its slot; one tried since the candidate's last success without succeeding (the feeler's
     * test failed), or not tested within 40 minutes of that success, makes way.
     */
    public synchronized void resolveCollisions() {
        Instant now = clock.instant();
        for (var it = collisions.iterator(); it.hasNext();) {
            AddressEntry candidate = entries.get(it.next());
            if (candidate == null || candidate.tried) {
                it.remove();
                continue;
            }
            int bucket = triedBucket(candidate);
            int slot = slot(true, bucket, candidate);
            AddressEntry incumbent = triedTable[bucket][slot];
            if (incumbent == null) {
                moveToTried(candidate, bucket, slot);
                it.remove();
            } else if (incumbent.lastSuccess.isAfter(now.minus(RECENT_SUCCESS))) {
                it.remove();                            // the incumbent answers: it stays
            } else if (incumbent.lastTry.isAfter(candidate.lastSuccess)
                    || candidate.lastSuccess.isBefore(now.minus(COLLISION_PATIENCE))) {
                moveToTried(candidate, bucket, slot);   // tested and failed, or never tested in time
                it.remove();
            }
        }
    }

    /** The incumbent a feeler should test for a waiting collision, if any. */
    public synchronized Optional<Candidate> collisionToTest() {
        for (String key : collisions) {
            AddressEntry candidate = entries.get(key);
            if (candidate == null || candidate.tried) {
                continue;
            }
            int bucket = triedBucket(candidate);
            AddressEntry incumbent = triedTable[bucket][slot(true, bucket, candidate)];
            if (incumbent != null) {
                return Optional.of(candidate(incumbent));
            }
        }
        return Optional.empty();
    }

    /**
     * An address to dial, chosen at random from the tried or the new table (even odds while both have entries;
     * only new ones when {@code newOnly}, as feelers use), preferring entries not tried lately nor failing often.
     */
    public synchronized Optional<Candidate> select(boolean newOnly) {
        if (newCount == 0 && (newOnly || triedCount == 0)) {
            return Optional.empty();
        }
        boolean fromTried = !newOnly && triedCount > 0 && (newCount == 0 || random.nextBoolean());
        AddressEntry[][] table = fromTried ? triedTable : newTable;
        Instant now = clock.instant();
        double factor = 1.0;
        for (int round = 0; round < 1_000_000; round++) {
            AddressEntry[] bucket = table[random.nextInt(table.length)];
            int start = random.nextInt(BUCKET_SIZE);
            AddressEntry entry = null;
            for (int i = 0; i < BUCKET_SIZE && entry == null; i++) {
                entry = bucket[(start + i) % BUCKET_SIZE];
            }
            if (entry == null) {
                continue;
            }
            if (random.nextDouble() < Math.min(1.0, factor * entry.chance(now))) {
                return Optional.of(candidate(entry));
            }
            factor *= 1.2;
        }
        return Optional.empty();
    }

    /**
     * Addresses to answer a {@code get_addr} with: signed ones only (an unsigned bootstrap entry is no one's
     * statement), none terrible, a random sample of at most {@link #MAX_GOSSIP} and at most 23 % of the table once
     * it is large, so one peer cannot copy this node's whole view.
     */
    public synchronized List<SignedAddress> sample() {
        Instant now = clock.instant();
        List<SignedAddress> signed = new ArrayList<>();
        for (AddressEntry entry : entries.values()) {
            if (entry.signed != null && !entry.isTerrible(now)) {
                signed.add(entry.signed);
            }
        }
        signed.sort(java.util.Comparator.comparing(SignedAddress::hostAndPort));
        Collections.shuffle(signed, random);
        int limit = Math.min(MAX_GOSSIP, Math.max(entries.size() * 23 / 100, Math.min(entries.size(), 100)));
        return List.copyOf(signed.subList(0, Math.min(limit, signed.size())));
    }

    // --------------------------------------------------------------------------------------------- inspection

    public synchronized int newCount() {
        return newCount;
    }

    public synchronized int triedCount() {
        return triedCount;
    }

    public synchronized int collisionCount() {
        return collisions.size();
    }

    /** Where an address is held: "new", "tried" or empty when unknown. */
    public synchronized Optional<String> tableOf(String host, int port) {
        AddressEntry entry = entries.get(AddressEntry.key(IpLiteral.canonical(host), port));
        return entry == null ? Optional.empty() : Optional.of(entry.tried ? "tried" : "new");
    }

    /** The new buckets that hold an entry told by {@code sourceHost}'s group (for the attack tests). */
    public synchronized Set<Integer> newBucketsOfSource(String sourceHost) {
        AddressGroup source = AddressGroup.of(sourceHost);
        Set<Integer> buckets = new java.util.TreeSet<>();
        for (AddressEntry entry : entries.values()) {
            if (!entry.tried && entry.source.equals(source)) {
                buckets.add(entry.bucket);
            }
        }
        return buckets;
    }

    /** Every entry as stored, ordered by host then port. */
    public synchronized List<AddressRecord> records() {
        return entries.values().stream().map(AddressEntry::record)
                .sorted(java.util.Comparator.comparing(AddressRecord::host).thenComparingInt(AddressRecord::port))
                .toList();
    }

    /** Writes what changed since the last flush to the {@link PeerBook}, in one call. */
    public void flush() {
        List<AddressRecord> saved;
        List<AddressRecord> gone;
        synchronized (this) {
            saved = new ArrayList<>();
            for (String changed : dirty) {
                AddressEntry entry = entries.get(changed);
                if (entry != null) {
                    saved.add(entry.record());
                }
            }
            gone = List.copyOf(removed.values());
            dirty.clear();
            removed.clear();
        }
        if (!saved.isEmpty() || !gone.isEmpty()) {
            book.updateAddressTable(saved, gone);
        }
    }

    /** An address to dial, with the key last known there (empty if none yet). */
    public record Candidate(String host, int port, String peerId, AddressGroup group, boolean tried) {
        public String hostAndPort() {
            return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
        }
    }

    // ------------------------------------------------------------------------------------------------- tables

    private boolean placeNew(AddressEntry entry) {
        int bucket = newBucket(entry.group, entry.source);
        int slot = newSlot(bucket, entry);
        AddressEntry incumbent = newTable[bucket][slot];
        if (incumbent != null) {
            if (!incumbent.isTerrible(clock.instant())) {
                return false;
            }
            forget(incumbent);
        }
        newTable[bucket][slot] = entry;
        entry.bucket = bucket;
        entry.slot = slot;
        entry.tried = false;
        entries.put(entry.key(), entry);
        removed.remove(entry.key());
        dirty.add(entry.key());
        newCount++;
        return true;
    }

    /** Moves an entry from new to tried; the incumbent of its tried slot, if any, goes back to the new table. */
    private void moveToTried(AddressEntry entry, int bucket, int slot) {
        newTable[entry.bucket][entry.slot] = null;
        newCount--;
        AddressEntry incumbent = triedTable[bucket][slot];
        if (incumbent != null) {
            triedTable[bucket][slot] = null;
            triedCount--;
            entries.remove(incumbent.key());
            incumbent.tried = false;
            int newBucket = newBucket(incumbent.group, incumbent.source);
            int newSlot = newSlot(newBucket, incumbent);
            AddressEntry occupant = newTable[newBucket][newSlot];
            if (occupant != null) {
                forget(occupant);
            }
            newTable[newBucket][newSlot] = incumbent;
            incumbent.bucket = newBucket;
            incumbent.slot = newSlot;
            entries.put(incumbent.key(), incumbent);
            dirty.add(incumbent.key());
            newCount++;
        }
        triedTable[bucket][slot] = entry;
        entry.bucket = bucket;
        entry.slot = slot;
        entry.tried = true;
        triedCount++;
        dirty.add(entry.key());
    }

    private void forget(AddressEntry entry) {
        AddressEntry[][] table = entry.tried ? triedTable : newTable;
        table[entry.bucket][entry.slot] = null;
        if (entry.tried) {
            triedCount--;
        } else {
            newCount--;
        }
        entries.remove(entry.key());
        collisions.remove(entry.key());
        dirty.remove(entry.key());
        removed.put(entry.key(), entry.record());
    }

    private void restore(AddressRecord record) {
        AddressEntry entry = new AddressEntry(record.host(), record.port(), new AddressGroup(record.sourceGroup()),
                record.peerId(), record.lastSeen());
        entry.lastTry = record.lastTry();
        entry.lastSuccess = record.lastSuccess();
        entry.attempts = record.attempts();
        if (!record.signature().isEmpty() && !record.peerId().isEmpty()) {
            try {
                SignedAddress signed = new SignedAddress(DidKey.parse(record.peerId()), record.host(), record.port(),
                        record.signedAt(), Hex.decode(record.signature()));
                entry.signed = signed.verifies() ? signed : null;
            } catch (IllegalArgumentException unreadable) {
                entry.signed = null;
            }
        }
        if (record.tried()) {
            int bucket = triedBucket(entry);
            int slot = slot(true, bucket, entry);
            if (triedTable[bucket][slot] == null) {
                triedTable[bucket][slot] = entry;
                entry.bucket = bucket;
                entry.slot = slot;
                entry.tried = true;
                entries.put(entry.key(), entry);
                triedCount++;
                return;
            }
        }
        int bucket = newBucket(entry.group, entry.source);
        int slot = newSlot(bucket, entry);
        if (newTable[bucket][slot] == null) {
            newTable[bucket][slot] = entry;
            entry.bucket = bucket;
            entry.slot = slot;
            entries.put(entry.key(), entry);
            newCount++;
        } else {
            removed.put(entry.key(), record);       // a stored entry that no longer fits: dropped from the book too
        }
    }

    int newBucket(AddressGroup group, AddressGroup source) {
        long inner = Long.remainderUnsigned(hash("new-inner", group.name(), source.name()),
                NEW_BUCKETS_PER_SOURCE_GROUP);
        return (int) Long.remainderUnsigned(hash("new-outer", source.name(), Long.toString(inner)), NEW_BUCKETS);
    }

    private int triedBucket(AddressEntry entry) {
        long inner = Long.remainderUnsigned(hash("tried-inner", entry.key()), TRIED_BUCKETS_PER_GROUP);
        return (int) Long.remainderUnsigned(hash("tried-outer", entry.group.name(), Long.toString(inner)),
                TRIED_BUCKETS);
    }

    /**
     * An entry's slot in new bucket {@code bucket}: its hashed slot, or for a configured address whose hashed slot
     * is taken, the first free one after it (wrapping), so a bucket holds every configured address it has room for.
     * Gossip never takes this path: a told address still competes for its one slot.
     */
    private int newSlot(int bucket, AddressEntry entry) {
        int hashed = slot(false, bucket, entry);
        if (!entry.source.equals(CONFIGURED) || newTable[bucket][hashed] == null) {
            return hashed;
        }
        for (int i = 1; i < BUCKET_SIZE; i++) {
            int probe = (hashed + i) % BUCKET_SIZE;
            if (newTable[bucket][probe] == null) {
                return probe;
            }
        }
        return hashed;
    }

    private int slot(boolean tried, int bucket, AddressEntry entry) {
        return (int) Long.remainderUnsigned(hash(tried ? "tried-slot" : "new-slot", Integer.toString(bucket),
                entry.key()), BUCKET_SIZE);
    }

    /** The first eight bytes of BLAKE3(key ‖ each part length-prefixed), as an unsigned number. */
    private long hash(String... parts) {
        Blake3.Incremental hasher = Blake3.incremental().update(key);
        for (String part : parts) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            hasher.update(new byte[] {(byte) (bytes.length >>> 8), (byte) bytes.length}).update(bytes);
        }
        byte[] digest = hasher.digest();
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (digest[i] & 0xff);
        }
        return value;
    }

    private static Candidate candidate(AddressEntry entry) {
        return new Candidate(entry.host, entry.port, entry.peerId, entry.group, entry.tried);
    }
}

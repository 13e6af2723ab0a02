package org.pouw.p2p.peers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@link PeerBook} in memory: for tests, and for a node that keeps no data folder. */
public final class InMemoryPeerBook implements PeerBook {
    private final Map<String, Ban> bans = new TreeMap<>();
    private final Map<String, KnownAddress> addresses = new TreeMap<>();
    private final Map<String, AddressRecord> table = new TreeMap<>();
    private List<KnownAddress> anchors = List.of();
    private byte[] bucketKey;

    @Override
    public synchronized void saveBan(Ban ban) {
        bans.put(ban.subject(), ban);
    }

    @Override
    public synchronized void removeBan(String subject) {
        bans.remove(subject);
    }

    @Override
    public synchronized List<Ban> bans() {
        return List.copyOf(bans.values());
    }

    @Override
    public synchronized void saveAddress(KnownAddress address) {
        addresses.put(address.host() + "\u0000" + address.port(), address);
    }

    @Override
    public synchronized List<KnownAddress> addresses() {
        List<KnownAddress> all = new ArrayList<>(addresses.values());
        all.sort(Comparator.comparing(KnownAddress::host).thenComparingInt(KnownAddress::port));
        return all;
    }

    @Override
    public synchronized Optional<byte[]> bucketKey() {
        return Optional.ofNullable(bucketKey).map(byte[]::clone);
    }

    @Override
    public synchronized void saveBucketKey(byte[] key) {
        if (bucketKey != null && !Arrays.equals(bucketKey, key)) {
            throw new IllegalStateException("the bucket key is saved once and never replaced");
        }
        bucketKey = key.clone();
    }

    @Override
    public synchronized void updateAddressTable(List<AddressRecord> saved, List<AddressRecord> removed) {
        removed.forEach(record -> table.remove(key(record)));
        saved.forEach(record -> table.put(key(record), record));
    }

    @Override
    public synchronized List<AddressRecord> addressTable() {
        List<AddressRecord> all = new ArrayList<>(table.values());
        all.sort(Comparator.comparing(AddressRecord::host).thenComparingInt(AddressRecord::port));
        return all;
    }

    @Override
    public synchronized void saveAnchors(List<KnownAddress> newAnchors) {
        anchors = List.copyOf(newAnchors);
    }

    @Override
    public synchronized List<KnownAddress> anchors() {
        return anchors;
    }

    private static String key(AddressRecord record) {
        return record.host() + "\u0000" + record.port();
    }
}

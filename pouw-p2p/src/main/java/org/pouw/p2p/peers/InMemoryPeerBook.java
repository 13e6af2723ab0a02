package org.pouw.p2p.peers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@link PeerBook} in memory: for tests, and for a node that keeps no data folder. */
public final class InMemoryPeerBook implements PeerBook {
    private final Map<String, Ban> bans = new TreeMap<>();
    private final Map<String, KnownAddress> addresses = new TreeMap<>();

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
}

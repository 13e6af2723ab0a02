package org.pouw.node.net;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pouw.crypto.DidKey;
import org.pouw.node.config.P2pSettings;
import org.pouw.p2p.PeerNode;

/**
 * Keeps this node dialed to its bootstrap peers (the {@code p2p.bootstrap} setting): each address is dialed at start
 * and again whenever the peer last reached there is no longer connected, so a bootstrap node that restarts is
 * joined again. Discovery and the outbound slots of issue 20 §4 are the address manager's, not this. Called from
 * the network's one thread.
 */
final class BootstrapDialer {
    private final PeerNode node;
    private final List<P2pSettings.Address> addresses;
    private final Map<P2pSettings.Address, DidKey> reached = new HashMap<>();
    private final Set<P2pSettings.Address> dialing = java.util.concurrent.ConcurrentHashMap.newKeySet();

    BootstrapDialer(PeerNode node, List<P2pSettings.Address> addresses) {
        this.node = node;
        this.addresses = List.copyOf(addresses);
    }

    void redial() {
        Set<P2pSettings.Address> due = new HashSet<>();
        synchronized (reached) {
            for (P2pSettings.Address address : addresses) {
                DidKey last = reached.get(address);
                if (!dialing.contains(address) && (last == null || !node.isConnected(last))) {
                    due.add(address);
                }
            }
        }
        for (P2pSettings.Address address : due) {
            dialing.add(address);
            node.connect(address.host(), address.port()).whenComplete((peer, failure) -> {
                if (peer != null) {
                    synchronized (reached) {
                        reached.put(address, peer);
                    }
                }
                dialing.remove(address);
            });
        }
    }
}

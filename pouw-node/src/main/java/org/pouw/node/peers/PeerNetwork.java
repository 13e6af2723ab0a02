package org.pouw.node.peers;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.pouw.core.port.Storage;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.DidKey;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.Hex;
import org.pouw.node.chain.ChainService;
import org.pouw.node.config.P2pSettings;
import org.pouw.p2p.ChainIdentity;
import org.pouw.p2p.ConnectionKeeper;
import org.pouw.p2p.P2pConfig;
import org.pouw.p2p.PeerNode;
import org.pouw.p2p.peers.PeerBook;
import org.pouw.p2p.policy.PeerPolicy;
import org.pouw.store.PeerBookStores;

/**
 * The node's place in the peer-to-peer network when {@code p2p.enabled}: the transport ({@link PeerNode}) on
 * {@code p2p.listen_host:listen_port}, its connections kept by a {@link ConnectionKeeper}, and its bans, addresses
 * and anchors in the node's own database ({@link PeerBookStores}). The node's identity on the network is its
 * admin key's did:key. Chain sync and block and transaction relay are not here: they use {@link #node()} and
 * {@link #keeper()} (stale-tip, useful relay and stalls are the keeper's hooks for them).
 */
public final class PeerNetwork implements AutoCloseable {
    /** The network a node without the chain joins: peers only, no blocks. */
    static final String NO_CHAIN = "pouw-no-chain";

    private final PeerNode node;
    private final ConnectionKeeper keeper;
    private final PeerEventLog events;

    private PeerNetwork(PeerNode node, ConnectionKeeper keeper, PeerEventLog events) {
        this.node = node;
        this.keeper = keeper;
        this.events = events;
    }

    /** Starts the transport and the keeper; {@code chain} (or null) says which network to join. */
    public static PeerNetwork open(P2pSettings settings, Storage storage, Ed25519.KeyPair key, ChainService chain,
            MeterRegistry registry) {
        P2pConfig config = P2pConfig.defaults(key, identity(chain), settings.listenHost(), settings.listenPort())
                .withLimits(settings.maxLinks(), Duration.ofSeconds(10), 64L << 20)
                .withClock(InstantSource.system())
                .withCapabilities(chain == null ? List.of() : List.of("chain-sync/1"));
        PeerPolicy policy = PeerPolicy.defaults()
                .withSlots(settings.fullRelayOutbound(), settings.blockRelayOutbound())
                .withMaxLinksPerIp(settings.maxLinksPerIp())
                .withLocalAddresses(settings.allowLocal(), settings.advertisedHost())
                .withBootstrap(settings.bootstrap())
                .withTimes(PeerPolicy.defaults().stallTimeout(), Duration.ofMillis(settings.staleTipAfterMs()));
        PeerBook book = PeerBookStores.on(storage);
        PeerNode node;
        try {
            node = PeerNode.start(config, book);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + settings.listenHost() + ":" + settings.listenPort()
                    + " (p2p.listen_host, p2p.listen_port)", e);
        }
        PeerEventLog events = new PeerEventLog(config.clock());
        node.observe(events);
        ConnectionKeeper keeper = ConnectionKeeper.start(node, book, policy);
        new NetMetrics(registry, node, keeper);
        return new PeerNetwork(node, keeper, events);
    }

    private static ChainIdentity identity(ChainService chain) {
        if (chain == null) {
            byte[] name = NO_CHAIN.getBytes(StandardCharsets.UTF_8);
            return new ChainIdentity(name, Blake3.hash(name));
        }
        return chain.read(view -> new ChainIdentity(Hex.decode(view.chainId().hex()),
                Hex.decode(view.followedAt(0).orElseThrow().hash().hex())));
    }

    public PeerNode node() {
        return node;
    }

    /** The port the p2p server listens on. */
    public int port() {
        return node.port();
    }

    /** Whether a link to {@code peer} is up. */
    public boolean isConnected(DidKey peer) {
        return node.isConnected(peer);
    }

    /** Peers connecting, leaving and banned, for the operator's {@code GET /v1/net/events}. */
    public PeerEventLog events() {
        return events;
    }

    public ConnectionKeeper keeper() {
        return keeper;
    }

    @Override
    public void close() {
        keeper.close();
        node.close();
    }
}

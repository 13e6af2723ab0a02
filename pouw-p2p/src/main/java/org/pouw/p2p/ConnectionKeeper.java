package org.pouw.p2p;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.pouw.crypto.DidKey;
import org.pouw.p2p.discovery.AddressBook;
import org.pouw.p2p.discovery.AddressGroup;
import org.pouw.p2p.discovery.IpLiteral;
import org.pouw.p2p.identity.HandshakeTranscript.Role;
import org.pouw.p2p.peers.KnownAddress;
import org.pouw.p2p.peers.PeerBook;
import org.pouw.p2p.policy.EvictionCandidate;
import org.pouw.p2p.policy.InboundEviction;
import org.pouw.p2p.policy.LinkPurpose;
import org.pouw.p2p.policy.PeerPolicy;
import org.pouw.p2p.policy.StaleTipWatch;
import org.pouw.p2p.wire.Frame;

/**
 * Keeps a {@link PeerNode}'s connections as issue 20 §4 asks (docs/p2p.md §11): 8 full-relay and 2 block-relay-only
 * outbound links to peers of distinct address groups, chosen by the {@link AddressBook}; anchors (the block-relay
 * peers) dialed first after a restart; a feeler now and then to test an address; inbound links capped per IP and,
 * when inbound slots are full, {@link InboundEviction} choosing who makes way; pings, and links that stop answering
 * replaced; one extra outbound link while the tip is stale. Time is the node's own clock only.
 *
 * <p>The chain side tells it what only the chain knows: {@link #blockArrived()} when its validated tip moves,
 * {@link #usefulBlock}/{@link #usefulTransaction} when a peer relayed something new and valid (eviction protects
 * such peers), {@link #stalled} when a peer holds sync up.
 */
public final class ConnectionKeeper implements LinkEvents, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ConnectionKeeper.class.getName());
    /** Candidates looked at per tick before giving up for this round. */
    private static final int SELECTIONS_PER_TICK = 100;

    private final PeerNode node;
    private final PeerPolicy policy;
    private final PeerBook book;
    private final InstantSource clock;
    private final AddressBook addresses;
    private final AddressGossip gossip;
    private final InboundEviction eviction;
    private final StaleTipWatch staleTip;
    private final Map<PeerLink, KeptLink> kept = new ConcurrentHashMap<>();
    /** Dials in flight, by {@code ip:port}, with the purpose the link will have once up. */
    private final Map<String, Dial> dialing = new ConcurrentHashMap<>();
    private final Deque<KnownAddress> anchorsToDial = new ArrayDeque<>();
    private final ScheduledExecutorService ticker;
    private volatile Instant nextFeeler;
    private volatile boolean closed;

    private record Dial(LinkPurpose purpose, AddressGroup group) {
    }

    private ConnectionKeeper(PeerNode node, PeerBook book, PeerPolicy policy, RandomGenerator tableRandom,
            RandomGenerator gossipRandom, boolean schedule) {
        if (node.config().maxLinks() <= policy.outboundReserve()) {
            throw new IllegalArgumentException("max_links (" + node.config().maxLinks()
                    + ") must exceed the outbound slots and the feeler (" + policy.outboundReserve() + ")");
        }
        this.node = node;
        this.policy = policy;
        this.book = book;
        this.clock = node.config().clock();
        this.addresses = new AddressBook(book, clock, tableRandom);
        this.gossip = new AddressGossip(node, addresses, policy, gossipRandom);
        this.eviction = new InboundEviction(book.bucketKey().orElseThrow());
        this.staleTip = new StaleTipWatch(clock, policy.staleTipAfter());
        this.anchorsToDial.addAll(book.anchors());
        this.nextFeeler = clock.instant().plus(policy.feelerInterval());
        for (String bootstrap : policy.bootstrap()) {
            KnownAddress.parse(bootstrap, "", clock.instant())
                    .ifPresent(address -> addresses.addConfigured(address.host(), address.port()));
        }
        node.attach(this);
        if (schedule) {
            this.ticker = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "pouw-p2p-keeper");
                thread.setDaemon(true);
                return thread;
            });
            long every = policy.tickInterval().toMillis();
            ticker.scheduleWithFixedDelay(this::tickQuietly, 0, every, TimeUnit.MILLISECONDS);
        } else {
            this.ticker = null;
        }
    }

    /** Keeps {@code node}'s connections from now on, ticking every {@code tick_interval}. */
    public static ConnectionKeeper start(PeerNode node, PeerBook book, PeerPolicy policy) {
        return new ConnectionKeeper(node, book, policy, tableRandom(), new SecureRandom(), true);
    }

    /**
     * The address manager's draws: a fast generator seeded from {@link SecureRandom}, used under the manager's lock
     * only. Choosing whom to dial probes random buckets until it meets an entry, hundreds of draws a pick while the
     * table is sparse, up to a hundred picks a round while slots stay open; drawn from {@code SecureRandom} (a
     * locked read of the system's source each) that was a quarter of a five-node network's CPU in
     * {@code TxGossipBenchmark}. Peers see only whom the node dials, never the draws; Bitcoin's addrman likewise
     * draws from a fast generator seeded once.
     */
    private static RandomGenerator tableRandom() {
        byte[] seed = new byte[16];
        new SecureRandom().nextBytes(seed);
        return RandomGeneratorFactory.<RandomGenerator>of("L64X128MixRandom").create(seed);
    }

    /** A keeper that acts only when {@link #tick()} is called, with the randomness given: for tests. */
    public static ConnectionKeeper manual(PeerNode node, PeerBook book, PeerPolicy policy, RandomGenerator random) {
        return new ConnectionKeeper(node, book, policy, random, random, false);
    }

    // ------------------------------------------------------------------------------------------ for the chain

    /** The validated tip moved: the tip is not stale, and an extra outbound link is no longer needed. */
    public void blockArrived() {
        staleTip.blockArrived();
    }

    /** A peer relayed a block that was new and valid: eviction protects the peers that do. */
    public void usefulBlock(DidKey peer) {
        keptOf(peer).ifPresent(link -> link.lastBlockAt = clock.instant());
    }

    public void usefulTransaction(DidKey peer) {
        keptOf(peer).ifPresent(link -> link.lastTxAt = clock.instant());
    }

    /** A peer holds sync up (asked for blocks it does not deliver): its link ends and the slot is filled again. */
    public void stalled(DidKey peer, String why) {
        node.openLink(peer).ifPresent(link -> link.refuse(RejectReason.STALLED, why));
    }

    /** True for a block-relay-only peer: the chain sends it no transactions. */
    public boolean isBlockRelayOnly(DidKey peer) {
        return keptOf(peer).map(link -> link.purpose == LinkPurpose.BLOCK_RELAY).orElse(false);
    }

    public boolean isTipStale() {
        return staleTip.isStale();
    }

    // ------------------------------------------------------------------------------------------ for operators

    public AddressBook addresses() {
        return addresses;
    }

    /** Connected peers, ordered by peer id. */
    public List<KeptPeer> peers() {
        List<KeptPeer> peers = new ArrayList<>();
        for (KeptLink link : kept.values()) {
            DidKey peer = link.link.peerId();
            if (peer == null || !link.link.isUp()) {
                continue;
            }
            var hello = link.link.peerHello();
            peers.add(new KeptPeer(peer, link.link.address(), link.purpose, link.group.name(), link.connectedAt,
                    link.minRtt, link.lastBlockAt, link.lastTxAt, hello.getBestHeight(), hello.getListenAddress()));
        }
        peers.sort(Comparator.comparing(p -> p.peerId().toString()));
        return peers;
    }

    /** Up links by purpose. */
    public Map<LinkPurpose, Integer> linkCounts() {
        Map<LinkPurpose, Integer> counts = new java.util.EnumMap<>(LinkPurpose.class);
        for (LinkPurpose purpose : LinkPurpose.values()) {
            counts.put(purpose, 0);
        }
        for (KeptLink link : kept.values()) {
            if (link.link.isUp()) {
                counts.merge(link.purpose, 1, Integer::sum);
            }
        }
        return counts;
    }

    /** Address records dropped unread because their sender was over its token bucket. */
    public long addressesDropped() {
        return gossip.dropped.sum();
    }

    /** Dials an address an operator gave, outside the slots ({@code pouw peers add}). */
    public java.util.concurrent.CompletableFuture<DidKey> addManual(String host, int port) {
        addresses.addConfigured(host, port);
        return dial(IpLiteral.canonical(host), port, LinkPurpose.MANUAL, AddressGroup.of(host));
    }

    // ---------------------------------------------------------------------------------------------- the loop

    /** One round: settle collisions, ping and replace stalled links, fill the outbound slots, maybe a feeler. */
    public void tick() {
        if (closed) {
            return;
        }
        addresses.resolveCollisions();
        pingAndDropStalled();
        fillOutbound();
        maybeFeeler();
        addresses.flush();
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the connection keeper's round failed", e);
        }
    }

    private void pingAndDropStalled() {
        Instant now = clock.instant();
        for (KeptLink link : kept.values()) {
            DidKey peer = link.link.peerId();
            if (peer == null || !link.link.isUp()) {
                continue;
            }
            Instant sent = link.pingSentAt;
            if (sent != null) {
                if (now.isAfter(sent.plus(policy.stallTimeout()))) {
                    link.link.refuse(RejectReason.STALLED, "no pong within " + policy.stallTimeout());
                }
                continue;
            }
            if (!now.isBefore(link.lastPingAt.plus(policy.pingInterval()))) {
                link.pingSentAt = now;
                link.lastPingAt = now;
                node.ping(peer).whenComplete((rtt, failure) -> {
                    if (failure == null) {
                        link.pingSentAt = null;
                        Duration best = link.minRtt;
                        link.minRtt = best == null || rtt.compareTo(best) < 0 ? rtt : best;
                    }
                });
            }
        }
    }

    private void fillOutbound() {
        int fullTarget = policy.fullRelayOutbound() + (staleTip.isStale() ? 1 : 0);
        int full = count(LinkPurpose.FULL_RELAY);
        int block = count(LinkPurpose.BLOCK_RELAY);
        if (full > fullTarget) {
            dropExtraFullRelay();
        }
        Set<AddressGroup> used = outboundGroups();
        while (block < policy.blockRelayOutbound() && !anchorsToDial.isEmpty()) {
            KnownAddress anchor = anchorsToDial.poll();
            AddressGroup group = AddressGroup.of(anchor.host());
            if (!used.contains(group) && !node.discipline().isBanned(anchor.host())) {
                dial(anchor.host(), anchor.port(), LinkPurpose.BLOCK_RELAY, group);
                used.add(group);
                block++;
            }
        }
        // A small book can not fill the slots: a few draws per address find every one of them that is dialable, and
        // each draw from a nearly empty table probes many empty buckets (an eighth of a five-node network's CPU
        // samples were here in TxGossipBenchmark)
        int selections = (int) Math.min(SELECTIONS_PER_TICK,
                4L * ((long) addresses.newCount() + addresses.triedCount()));
        for (int i = 0; i < selections && (full < fullTarget || block < policy.blockRelayOutbound()); i++) {
            Optional<AddressBook.Candidate> candidate = addresses.select(false);
            if (candidate.isEmpty()) {
                return;
            }
            AddressBook.Candidate c = candidate.get();
            if (used.contains(c.group()) || !dialable(c)) {
                continue;
            }
            LinkPurpose purpose = full < fullTarget ? LinkPurpose.FULL_RELAY : LinkPurpose.BLOCK_RELAY;
            dial(c.host(), c.port(), purpose, c.group());
            used.add(c.group());
            if (purpose == LinkPurpose.FULL_RELAY) {
                full++;
            } else {
                block++;
            }
        }
    }

    /** The tip is no longer stale: the extra full-relay link that relayed a block least recently goes. */
    private void dropExtraFullRelay() {
        kept.values().stream().filter(link -> link.purpose == LinkPurpose.FULL_RELAY && link.link.isUp())
                .min(Comparator.comparing((KeptLink link) -> link.lastBlockAt)
                        .thenComparing(link -> link.connectedAt, Comparator.reverseOrder()))
                .ifPresent(link -> link.link.close(new LinkClosedException(
                        "an extra link for a stale tip, no longer needed")));
    }

    private void maybeFeeler() {
        Instant now = clock.instant();
        if (now.isBefore(nextFeeler) || dialing.values().stream().anyMatch(d -> d.purpose == LinkPurpose.FEELER)) {
            return;
        }
        nextFeeler = now.plus(policy.feelerInterval());
        Optional<AddressBook.Candidate> candidate = addresses.collisionToTest();
        if (candidate.isEmpty() || !dialable(candidate.get())) {
            candidate = addresses.select(true).filter(this::dialable);
        }
        candidate.ifPresent(c -> dial(c.host(), c.port(), LinkPurpose.FEELER, c.group()));
    }

    private boolean dialable(AddressBook.Candidate c) {
        String key = key(c.host(), c.port());
        if (dialing.containsKey(key) || node.discipline().isBanned(c.host())) {
            return false;
        }
        if (!c.peerId().isEmpty()) {
            DidKey peer = DidKey.parse(c.peerId());
            if (peer.equals(node.self()) || node.isConnected(peer) || node.discipline().isBanned(c.peerId())) {
                return false;
            }
        }
        for (KeptLink link : kept.values()) {
            if (key.equals(link.dialed)) {
                return false;
            }
        }
        return !(c.port() == node.port() && c.host().equals(IpLiteral.canonical(node.config().listenHost())));
    }

    private java.util.concurrent.CompletableFuture<DidKey> dial(String host, int port, LinkPurpose purpose,
            AddressGroup group) {
        String key = key(host, port);
        dialing.put(key, new Dial(purpose, group));
        addresses.attempt(host, port);
        return node.connect(host, port).whenComplete((peer, failure) -> {
            dialing.remove(key);
            if (failure != null) {
                LOG.log(System.Logger.Level.DEBUG, "dialing {0} ({1}) failed: {2}", key, purpose.label(), failure);
                return;
            }
            addresses.good(host, port, peer);
            if (purpose == LinkPurpose.FEELER) {
                node.disconnect(peer);
            }
        });
    }

    private int count(LinkPurpose purpose) {
        int n = 0;
        Set<String> up = new HashSet<>();
        for (KeptLink link : kept.values()) {
            if (link.purpose == purpose) {
                n++;
                up.add(link.dialed);
            }
        }
        for (Map.Entry<String, Dial> d : dialing.entrySet()) {
            if (d.getValue().purpose == purpose && !up.contains(d.getKey())) {
                n++;
            }
        }
        return n;
    }

    private Set<AddressGroup> outboundGroups() {
        Set<AddressGroup> groups = new HashSet<>();
        for (KeptLink link : kept.values()) {
            if (link.purpose == LinkPurpose.FULL_RELAY || link.purpose == LinkPurpose.BLOCK_RELAY) {
                groups.add(link.group);
            }
        }
        for (Dial d : dialing.values()) {
            if (d.purpose == LinkPurpose.FULL_RELAY || d.purpose == LinkPurpose.BLOCK_RELAY) {
                groups.add(d.group);
            }
        }
        return groups;
    }

    private void saveAnchors() {
        List<KnownAddress> anchors = new ArrayList<>();
        for (KeptLink link : kept.values()) {
            if (link.purpose == LinkPurpose.BLOCK_RELAY && link.link.isUp() && link.link.peerId() != null) {
                KnownAddress.parse(link.dialed, link.link.peerId().toString(), clock.instant())
                        .ifPresent(anchors::add);
            }
        }
        anchors.sort(Comparator.comparing(KnownAddress::hostAndPort));
        book.saveAnchors(anchors);
    }

    // ---------------------------------------------------------------------------------------- the node's events

    @Override
    public Optional<Refusal> admitInbound(PeerLink link) {
        String ip = link.address();
        List<PeerLink> inbound = new ArrayList<>();
        int sameIp = 0;
        for (PeerLink other : node.links()) {
            if (other.role() == Role.LISTENER) {
                inbound.add(other);
                if (!ip.isEmpty() && ip.equals(other.address())) {
                    sameIp++;
                }
            }
        }
        if (sameIp >= policy.maxLinksPerIp()) {
            return Optional.of(new Refusal(RejectReason.TOO_MANY_PEERS, null,
                    "already " + sameIp + " links from " + ip + " (max_links_per_ip)"));
        }
        int maxInbound = node.config().maxLinks() - policy.outboundReserve();
        if (inbound.size() >= maxInbound) {
            List<EvictionCandidate<PeerLink>> candidates = new ArrayList<>();
            for (PeerLink other : inbound) {
                KeptLink state = kept.get(other);
                if (state != null && other.isUp()) {
                    candidates.add(new EvictionCandidate<>(other, state.group, state.connectedAt, state.minRtt,
                            state.lastBlockAt, state.lastTxAt));
                }
            }
            Optional<PeerLink> victim = eviction.victim(candidates);
            if (victim.isEmpty()) {
                return Optional.of(new Refusal(RejectReason.TOO_MANY_PEERS, null,
                        "inbound slots are full and every inbound peer is protected"));
            }
            victim.get().refuse(RejectReason.EVICTED, "evicted to make room for another inbound peer");
        }
        kept.put(link, new KeptLink(link, LinkPurpose.INBOUND, groupOf(ip), clock.instant(), ""));
        return Optional.empty();
    }

    @Override
    public void up(PeerLink link) {
        KeptLink state = kept.get(link);
        if (state == null) {
            String dialed = dialedKey(link.stream().remoteAddress());
            Dial dial = dialing.get(dialed);
            LinkPurpose purpose = dial == null ? LinkPurpose.MANUAL : dial.purpose;
            AddressGroup group = dial == null ? groupOf(link.address()) : dial.group;
            state = new KeptLink(link, purpose, group, clock.instant(), dialed);
            kept.put(link, state);
        }
        if (closed) {
            return;
        }
        switch (state.purpose) {
            case FULL_RELAY, MANUAL -> {
                gossip.ask(state);
                gossip.advertise(state);
            }
            case INBOUND -> gossip.advertise(state);
            case BLOCK_RELAY -> saveAnchors();
            case FEELER -> {
            }
        }
    }

    @Override
    public void closed(PeerLink link) {
        kept.remove(link);
    }

    @Override
    public void addressFrame(PeerLink link, Frame frame) {
        KeptLink state = kept.get(link);
        if (state != null && !closed) {
            gossip.onFrame(state, frame, List.copyOf(kept.values()));
        }
    }

    private Optional<KeptLink> keptOf(DidKey peer) {
        return node.openLink(peer).map(kept::get);
    }

    private static AddressGroup groupOf(String ip) {
        return ip.isEmpty() ? new AddressGroup("unknown") : AddressGroup.of(ip);
    }

    private static String dialedKey(SocketAddress remote) {
        if (remote instanceof InetSocketAddress inet) {
            String host = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
            return key(host, inet.getPort());
        }
        return "";
    }

    private static String key(String host, int port) {
        String canonical = IpLiteral.canonical(host);
        return canonical.contains(":") ? "[" + canonical + "]:" + port : canonical + ":" + port;
    }

    /** Stops keeping: writes the address table (the anchors are written as block-relay links come up). */
    @Override
    public void close() {
        closed = true;
        if (ticker != null) {
            ticker.shutdownNow();
        }
        addresses.flush();
    }
}

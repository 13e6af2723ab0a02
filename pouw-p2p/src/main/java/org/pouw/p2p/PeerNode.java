package org.pouw.p2p;

import com.google.protobuf.ByteString;
import io.grpc.Attributes;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.pouw.crypto.DidKey;
import org.pouw.p2p.identity.HandshakeTranscript.Role;
import org.pouw.p2p.identity.NodeCertificate;
import org.pouw.p2p.identity.TlsContexts;
import org.pouw.p2p.peers.BanList;
import org.pouw.p2p.peers.KnownAddress;
import org.pouw.p2p.peers.Offence;
import org.pouw.p2p.peers.PeerBook;
import org.pouw.p2p.peers.PeerDiscipline;
import org.pouw.p2p.wire.Frame;
import org.pouw.p2p.wire.Hello;

/**
 * One node of the peer-to-peer network: a TLS 1.3 gRPC server that peers dial ({@link LinkAcceptor}), the links it
 * dials itself ({@link LinkDialer}), and what both share: the registry of links, the handlers of the layers above,
 * and the discipline of misbehaving peers (docs/p2p.md). It carries opaque typed messages and knows nothing of
 * blocks or jobs; its peer ids are did:keys, proven by TLS and again by the signed handshake.
 */
public final class PeerNode implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PeerNode.class.getName());

    private final P2pConfig config;
    private final NodeCertificate certificate;
    private final HelloRules helloRules;
    private final PeerBook book;
    private final PeerDiscipline discipline;
    private final Map<DidKey, PeerLink> links = new ConcurrentHashMap<>();
    private final Set<PeerLink> allLinks = ConcurrentHashMap.newKeySet();
    private final Map<PeerLink, ManagedChannel> channels = new ConcurrentHashMap<>();
    private final Map<Integer, PayloadHandler> payloadHandlers = new ConcurrentHashMap<>();
    private final Map<Integer, InvHandler> invHandlers = new ConcurrentHashMap<>();
    private final Map<Integer, BulkSource> bulkSources = new ConcurrentHashMap<>();
    /** Inv types whose ids wait on each link to leave together ({@link #trickle}), and for how long at most. */
    private final Map<Integer, Duration> trickled = new ConcurrentHashMap<>();
    private final ScheduledExecutorService deadlines;
    private final LinkDialer dialer;
    private final Server server;
    private final TrafficCounters traffic = new TrafficCounters();
    private volatile LinkEvents events = LinkEvents.NONE;
    private final List<PeerObserver> observers = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Peers whose connection observers were told of and not yet of its end (a tie-break swaps links silently). */
    private final Set<DidKey> reported = ConcurrentHashMap.newKeySet();
    /**
     * Held while a peer's reported state changes and observers hear of it, so they hear in the order it changed: a
     * link's end and the next link's start come on different threads, and heard the other way round they would leave
     * a connected peer looking disconnected.
     */
    private final Object reporting = new Object();
    private volatile long bestHeight;
    private volatile byte[] bestHash = new byte[0];

    private PeerNode(P2pConfig config, PeerBook book) throws IOException {
        this.config = config;
        this.certificate = NodeCertificate.of(config.keys());
        this.helloRules = new HelloRules(config.chain(), certificate.peerId());
        this.book = book;
        this.discipline = new PeerDiscipline(book, config.clock(), config.bytesPerSecond(), config.burstBytes(),
                config.banDuration());
        this.deadlines = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "pouw-p2p-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        this.dialer = new LinkDialer(this, TlsContexts.client(certificate));
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress(config.listenHost(), config.listenPort()))
                .sslContext(TlsContexts.server(certificate))
                .maxInboundMessageSize(config.transportLimit())
                .maxInboundMetadataSize(8 * 1024)
                .maxConnectionIdle(60, TimeUnit.SECONDS)
                .addStreamTracerFactory(new OversizeTracer(this))
                .addService(new LinkAcceptor(this, deadlines).service())
                .build()
                .start();
    }

    /** Starts the server on the configured address; bans and addresses come from (and go to) {@code book}. */
    public static PeerNode start(P2pConfig config, PeerBook book) throws IOException {
        return new PeerNode(config, book);
    }

    public DidKey self() {
        return certificate.peerId();
    }

    /** The port the server listens on (the configured one, or the one picked for port 0). */
    public int port() {
        return ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
    }

    /** What later {@code hello} frames say of this node's chain: opaque to this layer, advisory to peers. */
    public void setBest(long height, byte[] hash) {
        if (height < 0 || hash.length > HelloRules.MAX_HASH_LENGTH) {
            throw new IllegalArgumentException("best height must be >= 0 and best hash at most 64 bytes");
        }
        bestHash = hash.clone();
        bestHeight = height;
    }

    public void onPayload(int type, PayloadHandler handler) {
        payloadHandlers.put(type, handler);
    }

    public void onAnnounced(int type, InvHandler handler) {
        invHandlers.put(type, handler);
    }

    public void serve(int type, BulkSource source) {
        bulkSources.put(type, source);
    }

    /**
     * Ids of {@code type} announced from now on wait on each link until {@code wait} after the first of them queued,
     * then leave together in one {@code inv} (Bitcoin's trickle of transaction announcements). Each id announced
     * alone costs an {@code inv}, a fetch request and an answer, each a gRPC message and a TLS record at both ends;
     * batched by the wait, those costs are shared by every id of the batch (docs/p2p.md, "Batching"). For objects
     * that can wait (transactions), never for blocks.
     */
    public void trickle(int type, Duration wait) {
        if (wait.isNegative() || wait.isZero() || wait.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException("a trickle's wait must be above 0 and at most 10 s, got " + wait);
        }
        trickled.put(type, wait);
    }

    /** How long ids of {@code type} wait on a link before they are announced; null when they leave at once. */
    Duration trickleOf(int type) {
        return trickled.get(type);
    }

    /** Runs {@code task} after {@code wait} on the transport's timer; false when the node is closing. */
    boolean later(Runnable task, Duration wait) {
        try {
            deadlines.schedule(task, wait.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            return false;
        }
    }

    /**
     * Dials a peer and runs the handshake; completes with the peer's id once the link is up, or fails with
     * {@link PeerRefusedException} (naming the reason either side gave) or {@link LinkClosedException}.
     */
    public CompletableFuture<DidKey> connect(String host, int port) {
        return dialer.connect(host, port);
    }

    /** Sends a payload to one connected peer; false if it is not connected. */
    public boolean send(DidKey peer, int type, byte[] body) {
        Optional<PeerLink> link = openLink(peer);
        link.ifPresent(l -> l.sendPayload(type, body));
        return link.isPresent();
    }

    /** Sends a payload to every connected peer; returns how many. */
    public int broadcast(int type, byte[] body) {
        List<PeerLink> up = upLinks();
        up.forEach(link -> link.sendPayload(type, body));
        return up.size();
    }

    /** Announces an id to every connected peer not known to have it; returns how many were told. */
    public int announce(int type, byte[] id) {
        return announce(type, id, peer -> true);
    }

    /**
     * Announces an id to the connected peers {@code to} accepts and not known to have it (transactions are not told
     * to block-relay-only peers); returns how many were told.
     */
    public int announce(int type, byte[] id, java.util.function.Predicate<DidKey> to) {
        checkId(id);
        int told = 0;
        for (PeerLink link : upLinks()) {
            if (to.test(link.peerId()) && link.announce(type, id)) {
                told++;
            }
        }
        return told;
    }

    /** Round trip of a ping to a connected peer. */
    public CompletableFuture<Duration> ping(DidKey peer) {
        return openLink(peer).map(PeerLink::ping)
                .orElseGet(() -> CompletableFuture.failedFuture(new LinkClosedException(peer + " is not connected")));
    }

    /** Fetches one object over the bulk stream of a connected peer. */
    public CompletableFuture<byte[]> fetch(DidKey peer, int type, byte[] id) {
        return fetch(peer, type, id, FetchProgress.NONE);
    }

    /**
     * Fetches one object, telling {@code progress} as its chunks arrive. Cancelling the returned future drops the
     * transfer: the rest of its chunks are counted against its declared size and discarded, at no cost to the peer.
     */
    public CompletableFuture<byte[]> fetch(DidKey peer, int type, byte[] id, FetchProgress progress) {
        checkId(id);
        return openLink(peer).map(link -> link.bulk().fetch(type, id, progress))
                .orElseGet(() -> CompletableFuture.failedFuture(new LinkClosedException(peer + " is not connected")));
    }

    public List<PeerInfo> peers() {
        List<PeerInfo> peers = new ArrayList<>();
        for (PeerLink link : upLinks()) {
            peers.add(info(link));
        }
        peers.sort(Comparator.comparing(p -> p.peerId().toString()));
        return peers;
    }

    private static PeerInfo info(PeerLink link) {
        Hello hello = link.peerHello();
        return new PeerInfo(link.peerId(), link.address(), link.role() == Role.DIALER, hello.getListenAddress(),
                hello.getBestHeight(), hello.getBestHash().toByteArray(), hello.getCapabilitiesList(),
                link.lastRtt());
    }

    /**
     * Tells {@code observer} when a peer's connection comes up or ends and when a ban is placed (the node's own or
     * the operator's). Called on the transport's threads: an observer must return quickly.
     */
    public void observe(PeerObserver observer) {
        observers.add(observer);
        discipline.bans().onBan(ban -> notify(o -> o.banned(ban)));
    }

    private void notify(java.util.function.Consumer<PeerObserver> call) {
        for (PeerObserver observer : observers) {
            try {
                call.accept(observer);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a peer observer failed", e);
            }
        }
    }

    public boolean isConnected(DidKey peer) {
        return openLink(peer).isPresent();
    }

    public void disconnect(DidKey peer) {
        PeerLink link = links.get(peer);
        if (link != null) {
            link.close(new LinkClosedException("disconnected by this node"));
        }
    }

    /** For the layers above: a peer sent something they found wrong (an invalid object of theirs, say). */
    public void report(DidKey peer, Offence offence, String why) {
        PeerLink link = links.get(peer);
        if (discipline.charge(peer.toString(), offence)) {
            banNow(peer, link == null ? "" : link.address(), offence, why);
        }
    }

    public BanList bans() {
        return discipline.bans();
    }

    public int score(DidKey peer) {
        return discipline.score(peer.toString());
    }

    // ---------------------------------------------------------------- for the links, the dialer and the acceptor

    P2pConfig config() {
        return config;
    }

    PeerDiscipline discipline() {
        return discipline;
    }

    /** Counts a new link against {@code max_links}; false (and nothing registered) when the node is full. */
    boolean register(PeerLink link, ManagedChannel channel) {
        synchronized (allLinks) {
            if (link.role() == Role.LISTENER) {
                Optional<Refusal> refusal = events.admitInbound(link);
                if (refusal.isPresent()) {
                    traffic.refused(refusal.get().reason());
                    link.refuse(refusal.get().reason(), refusal.get().message());
                    return false;
                }
            }
            if (allLinks.size() >= config.maxLinks()) {
                return false;
            }
            allLinks.add(link);
        }
        if (channel != null) {
            channels.put(link, channel);
        }
        return true;
    }

    Optional<PeerLink> openLink(DidKey peer) {
        PeerLink link = links.get(peer);
        return link != null && link.isUp() ? Optional.of(link) : Optional.empty();
    }

    void remember(String hostAndPort, DidKey peer) {
        KnownAddress.parse(hostAndPort, peer.toString(), config.clock().instant()).ifPresent(book::saveAddress);
    }

    byte[] helloFrame(byte[] nonce) {
        Hello hello = Hello.newBuilder()
                .setVersion(HelloRules.VERSION)
                .setChainId(ByteString.copyFrom(config.chain().chainId()))
                .setGenesisHash(ByteString.copyFrom(config.chain().genesisHash()))
                .setBestHeight(bestHeight)
                .setBestHash(ByteString.copyFrom(bestHash))
                .setListenAddress(config.listenHost() + ":" + port())
                .addAllCapabilities(config.capabilities())
                .setPeerId(self().toString())
                .setNonce(ByteString.copyFrom(nonce))
                .build();
        return Frame.newBuilder().setHello(hello).build().toByteArray();
    }

    Optional<Refusal> checkHello(Hello hello, DidKey tlsPeer, String address) {
        if (discipline.isBanned(tlsPeer.toString()) || (!address.isEmpty() && discipline.isBanned(address))) {
            return Optional.of(new Refusal(RejectReason.BANNED, null, "banned until later"));
        }
        return helloRules.check(hello, tlsPeer);
    }

    /**
     * Makes a link whose handshake passed the peer's one link. A second link of the same peer is refused, unless the
     * two nodes dialed each other at once and this one was dialed by the lower peer id ({@link DialTieBreak}): then
     * it replaces the first, on both sides alike.
     */
    Optional<Refusal> admit(PeerLink link) {
        PeerLink[] displaced = new PeerLink[1];
        PeerLink kept = links.compute(link.peerId(), (peer, incumbent) -> {
            if (incumbent == null) {
                return link;
            }
            if (DialTieBreak.replaces(self(), link, incumbent)) {
                displaced[0] = incumbent;
                return link;
            }
            return incumbent;
        });
        if (kept != link) {
            return Optional.of(new Refusal(RejectReason.DUPLICATE, null, "already connected to this peer"));
        }
        if (displaced[0] != null) {
            // Not under this link's lock: ending the other link takes that link's lock.
            PeerLink loser = displaced[0];
            try {
                deadlines.execute(() -> loser.refuse(RejectReason.DUPLICATE,
                        "both nodes dialed; the link dialed by the lower peer id stays"));
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                // the node is closing: every link is being refused already
            }
        }
        if (link.role() == Role.LISTENER) {
            remember(link.peerHello().getListenAddress(), link.peerId());
        }
        link.whenUp().thenRun(() -> {
            events.up(link);
            synchronized (reporting) {
                if (reported.add(link.peerId())) {
                    PeerInfo info = info(link);
                    notify(o -> o.connected(info));
                }
            }
        });
        return Optional.empty();
    }

    /** Attaches the one who keeps this node's connections (at most one). */
    void attach(LinkEvents keeper) {
        if (events != LinkEvents.NONE) {
            throw new IllegalStateException("a connection keeper is attached already");
        }
        events = keeper;
    }

    /** Every link, up or in its handshake: the registry as the keeper sees it. */
    List<PeerLink> links() {
        return List.copyOf(allLinks);
    }

    void addressFrame(PeerLink link, Frame frame) {
        events.addressFrame(link, frame);
    }

    /** Message counts and bytes by frame type, rejects by reason, bans: for the node's metrics. */
    public TrafficCounters traffic() {
        return traffic;
    }

    void closed(PeerLink link) {
        allLinks.remove(link);
        events.closed(link);
        DidKey peer = link.peerId();
        if (peer != null) {
            synchronized (reporting) {
                if (links.remove(peer, link) && reported.remove(peer)) {
                    boolean outbound = link.role() == Role.DIALER;
                    notify(o -> o.disconnected(peer, link.address(), outbound, link.closeReason()));
                }
            }
        }
        ManagedChannel channel = channels.remove(link);
        if (channel != null) {
            channel.shutdownNow();
        }
    }

    /**
     * A peer did something wrong on a link: refuse the handshake, or (on an open link) charge the offence and end
     * the link when it reaches the ban threshold.
     */
    void punish(PeerLink link, Refusal refusal) {
        DidKey peer = link.peerId() != null ? link.peerId() : tlsPeer(link.stream().session()).orElse(null);
        if (refusal.offence() != null && peer != null) {
            LOG.log(System.Logger.Level.DEBUG, "{0} from {1}: {2}", refusal.offence(), peer, refusal.message());
        }
        boolean ban = refusal.offence() != null && peer != null
                && discipline.charge(peer.toString(), refusal.offence());
        if (refusal.offence() != null) {
            traffic.refused(refusal.reason());
        }
        if (ban || !link.isUp()) {
            link.refuse(refusal.reason(), refusal.message());     // the peer hears the real reason first
        }
        if (ban) {
            banNow(peer, link.address(), refusal.offence(), refusal.message());
        }
    }

    private void banNow(DidKey peer, String address, Offence offence, String why) {
        discipline.ban(peer.toString(), address, offence, why);
        traffic.banned();
        for (PeerLink link : allLinks) {
            if (peer.equals(link.peerId())) {
                link.refuse(RejectReason.BANNED, offence + ": " + why);
            }
        }
    }

    void oversizedAtTransport(Attributes attributes, String description) {
        SocketAddress remote = attributes.get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        String address = remote instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : "";
        tlsPeer(attributes.get(Grpc.TRANSPORT_ATTR_SSL_SESSION)).ifPresent(peer -> {
            String why = "gRPC refused a message: " + description;
            if (discipline.charge(peer.toString(), Offence.OVERSIZED)) {
                banNow(peer, address, Offence.OVERSIZED, why);
            }
        });
    }

    void deliver(DidKey from, int type, byte[] body) {
        PayloadHandler handler = payloadHandlers.get(type);
        if (handler == null) {
            return;     // a type this node does not speak: skipped, as a newer peer's message may be
        }
        try {
            handler.onPayload(from, body);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the handler of payload type " + type + " failed", e);
        }
    }

    void announced(DidKey from, int type, List<byte[]> ids) {
        InvHandler handler = invHandlers.get(type);
        if (handler == null) {
            return;
        }
        try {
            handler.onAnnounced(from, ids);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the handler of inv type " + type + " failed", e);
        }
    }

    Optional<byte[]> find(DidKey askedBy, int type, byte[] id) {
        BulkSource source = bulkSources.get(type);
        if (source == null) {
            return Optional.empty();
        }
        try {
            return source.find(askedBy, id);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the source of bulk type " + type + " failed", e);
            return Optional.empty();
        }
    }

    private static void checkId(byte[] id) {
        if (id.length == 0 || id.length > PeerLink.MAX_ID_LENGTH) {
            throw new IllegalArgumentException("an object id has 1 to " + PeerLink.MAX_ID_LENGTH + " bytes, got "
                    + id.length);
        }
    }

    private List<PeerLink> upLinks() {
        return links.values().stream().filter(PeerLink::isUp).toList();
    }

    /** The peer id a TLS session proved: the key of its one self-signed Ed25519 certificate. */
    static Optional<DidKey> tlsPeer(SSLSession session) {
        if (session == null) {
            return Optional.empty();
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            if (chain.length == 1 && chain[0] instanceof X509Certificate x509) {
                return Optional.of(NodeCertificate.peerIdOf(x509));
            }
            return Optional.empty();
        } catch (SSLPeerUnverifiedException | CertificateException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        for (PeerLink link : List.copyOf(allLinks)) {
            link.refuse(RejectReason.SHUTTING_DOWN, "the node is stopping");
        }
        server.shutdown();
        try {
            if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        // After the server: a link stream still arriving while it stops schedules its handshake deadline here.
        deadlines.shutdownNow();
    }
}

package org.pouw.p2p;

import com.google.protobuf.ByteString;
import io.grpc.Attributes;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
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
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.pouw.crypto.DidKey;
import org.pouw.p2p.identity.HandshakeTranscript.Role;
import org.pouw.p2p.identity.NodeCertificate;
import org.pouw.p2p.identity.TlsContexts;
import org.pouw.p2p.peers.BanList;
import org.pouw.p2p.peers.ByteBudgets;
import org.pouw.p2p.peers.KnownAddress;
import org.pouw.p2p.peers.Offence;
import org.pouw.p2p.peers.PeerBook;
import org.pouw.p2p.peers.PeerScores;
import org.pouw.p2p.wire.Frame;
import org.pouw.p2p.wire.Hello;

/**
 * One node of the peer-to-peer network: a TLS 1.3 gRPC server that peers dial, the links it dials itself, and the
 * rules both share (docs/p2p.md). It carries opaque typed messages for the layers above and knows nothing of blocks
 * or jobs; its peer ids are did:keys, proven by TLS and again by the signed handshake.
 */
public final class PeerNode implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PeerNode.class.getName());

    private final P2pConfig config;
    private final NodeCertificate certificate;
    private final SslContext clientTls;
    private final HelloRules helloRules;
    private final PeerBook book;
    private final BanList bans;
    private final PeerScores scores = new PeerScores();
    private final ByteBudgets budgets;
    private final Map<DidKey, PeerLink> links = new ConcurrentHashMap<>();
    private final Set<PeerLink> allLinks = ConcurrentHashMap.newKeySet();
    private final Map<PeerLink, ManagedChannel> channels = new ConcurrentHashMap<>();
    private final Map<Integer, PayloadHandler> payloadHandlers = new ConcurrentHashMap<>();
    private final Map<Integer, InvHandler> invHandlers = new ConcurrentHashMap<>();
    private final Map<Integer, BulkSource> bulkSources = new ConcurrentHashMap<>();
    private final Server server;
    private volatile long bestHeight;
    private volatile byte[] bestHash = new byte[0];

    private PeerNode(P2pConfig config, PeerBook book) throws IOException {
        this.config = config;
        this.certificate = NodeCertificate.of(config.keys());
        this.clientTls = TlsContexts.client(certificate);
        this.helloRules = new HelloRules(config.chain(), certificate.peerId());
        this.book = book;
        this.bans = new BanList(book, config.clock());
        this.budgets = new ByteBudgets(config.bytesPerSecond(), config.burstBytes(), config.clock());
        ServerServiceDefinition service = ServerServiceDefinition.builder(PeerMethods.SERVICE)
                .addMethod(PeerMethods.LINK, this::acceptLink)
                .addMethod(PeerMethods.BULK, this::acceptBulk)
                .build();
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress(config.listenHost(), config.listenPort()))
                .sslContext(TlsContexts.server(certificate))
                .maxInboundMessageSize(config.transportLimit())
                .maxInboundMetadataSize(8 * 1024)
                .maxConnectionIdle(60, TimeUnit.SECONDS)
                .addStreamTracerFactory(new OversizeTracer(this))
                .addService(service)
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

    // ---------------------------------------------------------------- dialing

    /**
     * Dials a peer and runs the handshake; completes with the peer's id once the link is up, or fails with
     * {@link PeerRefusedException} (naming the reason either side gave) or {@link LinkClosedException}.
     */
    public CompletableFuture<DidKey> connect(String host, int port) {
        InetSocketAddress target = new InetSocketAddress(host, port);
        if (target.getAddress() != null && bans.isBanned(target.getAddress().getHostAddress())) {
            return CompletableFuture.failedFuture(new PeerRefusedException(RejectReason.BANNED,
                    target + " is banned"));
        }
        ManagedChannel channel = NettyChannelBuilder.forAddress(target)
                .sslContext(clientTls)
                .maxInboundMessageSize(config.transportLimit())
                .build();
        ClientCall<byte[], byte[]> call = channel.newCall(PeerMethods.LINK, CallOptions.DEFAULT);
        PeerLink link = new PeerLink(this, Role.DIALER, new ClientFrameStream(call, target));
        allLinks.add(link);
        channels.put(link, channel);
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onMessage(byte[] message) {
                link.onBytes(message);
                call.request(1);
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
                if (status.getCode() == Status.Code.RESOURCE_EXHAUSTED) {
                    punish(link, new Refusal(RejectReason.OVERSIZED, Offence.OVERSIZED,
                            String.valueOf(status.getDescription())));
                }
                link.close(new LinkClosedException("link to " + target + " closed: " + status.getCode() + " "
                        + status.getDescription()));
            }
        }, new Metadata());
        call.request(1);
        link.start();
        return link.whenUp()
                .orTimeout(config.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(up -> {
                    openBulk(up, channel, target);
                    KnownAddress.parse(host + ":" + port, up.peerId().toString(), config.clock().instant())
                            .ifPresent(book::saveAddress);
                    return up.peerId();
                })
                .whenComplete((peer, failure) -> {
                    if (failure != null) {
                        link.close(new LinkClosedException("handshake with " + target + " failed: " + failure));
                    }
                });
    }

    private void openBulk(PeerLink link, ManagedChannel channel, SocketAddress target) {
        ClientCall<byte[], byte[]> call = channel.newCall(PeerMethods.BULK, CallOptions.DEFAULT);
        ClientFrameStream stream = new ClientFrameStream(call, target);
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onMessage(byte[] message) {
                link.bulk().onBytes(message);
                call.request(1);
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
                if (status.getCode() == Status.Code.RESOURCE_EXHAUSTED) {
                    punish(link, new Refusal(RejectReason.OVERSIZED, Offence.OVERSIZED,
                            String.valueOf(status.getDescription())));
                }
            }
        }, new Metadata());
        call.request(1);
        link.bulk().attach(stream);
    }

    // ---------------------------------------------------------------- accepting

    private ServerCall.Listener<byte[]> acceptLink(ServerCall<byte[], byte[]> call, Metadata headers) {
        PeerLink link = new PeerLink(this, Role.LISTENER, new ServerFrameStream(call));
        allLinks.add(link);
        String address = link.address();
        if (!address.isEmpty() && bans.isBanned(address)) {
            link.refuse(RejectReason.BANNED, "this address is banned");
            return new ServerCall.Listener<>() {
            };
        }
        call.request(1);
        return new ServerCall.Listener<>() {
            @Override
            public void onMessage(byte[] message) {
                link.onBytes(message);
                call.request(1);
            }

            @Override
            public void onHalfClose() {
                link.close(new LinkClosedException("the peer ended the link"));
            }

            @Override
            public void onCancel() {
                link.close(new LinkClosedException("the link was cancelled"));
            }
        };
    }

    private ServerCall.Listener<byte[]> acceptBulk(ServerCall<byte[], byte[]> call, Metadata headers) {
        ServerFrameStream stream = new ServerFrameStream(call);
        Optional<DidKey> peer = tlsPeer(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
        PeerLink link = peer.map(links::get).orElse(null);
        if (link == null || link.role() != Role.LISTENER || !link.isUp() || !link.bulk().attach(stream)) {
            stream.close("a bulk stream needs an open link of the same peer, and only one");
            return new ServerCall.Listener<>() {
            };
        }
        call.request(1);
        return new ServerCall.Listener<>() {
            @Override
            public void onMessage(byte[] message) {
                link.bulk().onBytes(message);
                call.request(1);
            }
        };
    }

    // ---------------------------------------------------------------- using links

    /** Sends a payload to one connected peer; false if it is not connected. */
    public boolean send(DidKey peer, int type, byte[] body) {
        PeerLink link = links.get(peer);
        if (link == null || !link.isUp()) {
            return false;
        }
        link.sendPayload(type, body);
        return true;
    }

    /** Sends a payload to every connected peer; returns how many. */
    public int broadcast(int type, byte[] body) {
        int sent = 0;
        for (PeerLink link : upLinks()) {
            link.sendPayload(type, body);
            sent++;
        }
        return sent;
    }

    /** Announces an id to every connected peer not known to have it; returns how many were told. */
    public int announce(int type, byte[] id) {
        checkId(id);
        int told = 0;
        for (PeerLink link : upLinks()) {
            if (link.announce(type, id)) {
                told++;
            }
        }
        return told;
    }

    /** Round trip of a ping to a connected peer. */
    public CompletableFuture<Duration> ping(DidKey peer) {
        PeerLink link = links.get(peer);
        if (link == null || !link.isUp()) {
            return CompletableFuture.failedFuture(new LinkClosedException(peer + " is not connected"));
        }
        return link.ping();
    }

    /** Fetches one object over the bulk stream of a connected peer. */
    public CompletableFuture<byte[]> fetch(DidKey peer, int type, byte[] id) {
        checkId(id);
        PeerLink link = links.get(peer);
        if (link == null || !link.isUp()) {
            return CompletableFuture.failedFuture(new LinkClosedException(peer + " is not connected"));
        }
        return link.bulk().fetch(type, id);
    }

    public List<PeerInfo> peers() {
        List<PeerInfo> peers = new ArrayList<>();
        for (PeerLink link : upLinks()) {
            Hello hello = link.peerHello();
            peers.add(new PeerInfo(link.peerId(), link.address(), link.role() == Role.DIALER,
                    hello.getListenAddress(), hello.getBestHeight(), hello.getBestHash().toByteArray(),
                    hello.getCapabilitiesList(), link.lastRtt()));
        }
        peers.sort(Comparator.comparing(p -> p.peerId().toString()));
        return peers;
    }

    public boolean isConnected(DidKey peer) {
        PeerLink link = links.get(peer);
        return link != null && link.isUp();
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
        penalize(peer, link == null ? "" : link.address(), offence, why);
    }

    public BanList bans() {
        return bans;
    }

    public int score(DidKey peer) {
        return scores.score(peer.toString());
    }

    // ---------------------------------------------------------------- callbacks from links

    P2pConfig config() {
        return config;
    }

    ByteBudgets budgets() {
        return budgets;
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
        if (bans.isBanned(tlsPeer.toString()) || (!address.isEmpty() && bans.isBanned(address))) {
            return Optional.of(new Refusal(RejectReason.BANNED, null, "banned until later"));
        }
        return helloRules.check(hello, tlsPeer);
    }

    /** Registers a link whose handshake passed; refuses a second link of the same peer. */
    Optional<Refusal> admit(PeerLink link) {
        if (links.putIfAbsent(link.peerId(), link) != null) {
            return Optional.of(new Refusal(RejectReason.DUPLICATE, null, "already connected to this peer"));
        }
        if (link.role() == Role.LISTENER) {
            KnownAddress.parse(link.peerHello().getListenAddress(), link.peerId().toString(),
                    config.clock().instant()).ifPresent(book::saveAddress);
        }
        return Optional.empty();
    }

    void closed(PeerLink link) {
        allLinks.remove(link);
        DidKey peer = link.peerId();
        if (peer != null) {
            links.remove(peer, link);
        }
        ManagedChannel channel = channels.remove(link);
        if (channel != null) {
            channel.shutdownNow();
        }
    }

    void drop(PeerLink link, String why) {
        link.close(new LinkClosedException(why));
    }

    /**
     * A peer did something wrong on a link: refuse the handshake, or (on an open link) charge the offence and end
     * the link when it reaches the ban threshold.
     */
    void punish(PeerLink link, Refusal refusal) {
        DidKey peer = link.peerId() != null ? link.peerId() : tlsPeer(link.stream().session()).orElse(null);
        boolean ban = refusal.offence() != null && peer != null
                && charge(peer, refusal.offence(), refusal.message());
        if (ban || !link.isUp()) {
            link.refuse(refusal.reason(), refusal.message());     // the peer hears the real reason first
        }
        if (ban) {
            banNow(peer, link.address(), refusal.offence(), refusal.message());
        }
    }

    /** Charges an offence; at the threshold bans the peer id and its address and ends its links. */
    private boolean penalize(DidKey peer, String address, Offence offence, String why) {
        if (!charge(peer, offence, why)) {
            return false;
        }
        banNow(peer, address, offence, why);
        return true;
    }

    /** Adds the offence's points; true when the peer has reached the ban threshold. */
    private boolean charge(DidKey peer, Offence offence, String why) {
        LOG.log(System.Logger.Level.DEBUG, "{0} from {1}: {2}", offence, peer, why);
        return scores.record(peer.toString(), offence);
    }

    private void banNow(DidKey peer, String address, Offence offence, String why) {
        scores.forget(peer.toString());
        budgets.forget(peer.toString());
        bans.ban(peer.toString(), config.banDuration(), offence + ": " + why);
        if (!address.isEmpty()) {
            bans.ban(address, config.banDuration(), offence + " by " + peer + ": " + why);
        }
        for (PeerLink link : allLinks) {
            if (peer.equals(link.peerId())) {
                link.refuse(RejectReason.BANNED, offence + ": " + why);
            }
        }
    }

    void oversizedAtTransport(Attributes attributes, String description) {
        Optional<DidKey> peer = tlsPeer(attributes.get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
        SocketAddress remote = attributes.get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        String address = remote instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : "";
        peer.ifPresent(p -> penalize(p, address, Offence.OVERSIZED, "gRPC refused a message: " + description));
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

    static Optional<DidKey> tlsPeer(SSLSession session) {
        if (session == null) {
            return Optional.empty();
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            if (chain.length == 1 && chain[0] instanceof X509Certificate x509) {
                return Optional.of(NodeCertificate.peerIdOf(x509));
            }
        } catch (SSLPeerUnverifiedException | CertificateException e) {
            return Optional.empty();
        }
        return Optional.empty();
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
    }
}

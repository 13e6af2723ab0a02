package org.pouw.p2p;

import com.google.protobuf.ByteString;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.pouw.crypto.DidKey;
import org.pouw.p2p.identity.HandshakeTranscript;
import org.pouw.p2p.identity.HandshakeTranscript.Role;
import org.pouw.p2p.peers.Offence;
import org.pouw.p2p.wire.Accept;
import org.pouw.p2p.wire.Auth;
import org.pouw.p2p.wire.Frame;
import org.pouw.p2p.wire.Hello;
import org.pouw.p2p.wire.Inv;
import org.pouw.p2p.wire.Payload;
import org.pouw.p2p.wire.Ping;
import org.pouw.p2p.wire.Pong;
import org.pouw.p2p.wire.Reject;

/**
 * One connection to one peer: the handshake (docs/p2p.md) and then the frames of the link stream. The dialer speaks
 * first: {@code hello} →, ← {@code hello} + {@code auth}, {@code auth} →, ← {@code accept}. A link is up when the
 * listener has verified the dialer's signature and the dialer has seen {@code accept}.
 */
final class PeerLink {
    enum State { AWAIT_HELLO, AWAIT_AUTH, AWAIT_ACCEPT, UP, CLOSED }

    static final int MAX_INV_IDS = 1_000;
    static final int MAX_ID_LENGTH = 64;
    private static final int SEEN_CAPACITY = 50_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PeerNode node;
    private final Role role;
    private final FrameStream stream;
    private final byte[] nonce = new byte[HelloRules.NONCE_LENGTH];
    private final SeenIds seen = new SeenIds(SEEN_CAPACITY);
    private final Map<Long, PendingPing> pings = new ConcurrentHashMap<>();
    private final CompletableFuture<PeerLink> up = new CompletableFuture<>();
    private final BulkChannel bulk;
    private final AnnouncementQueue announcements;
    private State state = State.AWAIT_HELLO;
    private DidKey peerId;
    private byte[] dialerHello;
    private byte[] listenerHello;
    private Hello peerHello;
    private volatile Duration lastRtt;
    private volatile String closeReason = "";

    private record PendingPing(long sentNanos, CompletableFuture<Duration> answer) {
    }

    PeerLink(PeerNode node, Role role, FrameStream stream) {
        this.node = node;
        this.role = role;
        this.stream = stream;
        this.bulk = new BulkChannel(node, this);
        this.announcements = new AnnouncementQueue(this::send);
        RANDOM.nextBytes(nonce);
    }

    /** The dialer opens with its hello; the listener waits for it. */
    synchronized void start() {
        if (role == Role.DIALER) {
            dialerHello = node.helloFrame(nonce);
            sendBytes(Frame.BodyCase.HELLO, dialerHello);
        }
    }

    void onBytes(byte[] bytes) {
        Frame frame;
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            if (bytes == RawBytes.INFLATED_PAST_LIMIT) {
                node.punish(this, new Refusal(RejectReason.OVERSIZED, Offence.OVERSIZED,
                        "a compressed frame inflated past " + node.config().transportLimit() + " bytes"));
                return;
            }
            if (bytes.length > node.config().maxFrameBytes()) {
                node.punish(this, new Refusal(RejectReason.OVERSIZED, Offence.OVERSIZED,
                        "frame of " + bytes.length + " bytes, limit " + node.config().maxFrameBytes()));
                return;
            }
            if (state == State.UP && !node.discipline().trySpend(peerId.toString(), bytes.length)) {
                node.punish(this, new Refusal(RejectReason.RATE_LIMITED, Offence.FLOODING,
                        "over " + node.config().bytesPerSecond() + " bytes/s"));
                return;
            }
            try {
                frame = FrameCodec.frame(bytes);
            } catch (MalformedFrameException e) {
                node.punish(this, new Refusal(RejectReason.MALFORMED, Offence.MALFORMED, e.getMessage()));
                return;
            }
            node.traffic().received(frame.getBodyCase(), bytes.length);
            if (state != State.UP) {
                handshake(frame, bytes);
                return;
            }
        }
        // what the handlers send while they handle this frame (fetches for its ids, announcements) leaves batched
        SendCoalescer.together(() -> onUpFrame(frame));
    }

    private void handshake(Frame frame, byte[] bytes) {
        if (frame.hasReject()) {
            RejectReason reason = RejectReason.ofCode(frame.getReject().getCode()).orElse(RejectReason.MALFORMED);
            close(new PeerRefusedException(reason, "the peer refused: " + frame.getReject().getMessage()));
            return;
        }
        switch (state) {
            case AWAIT_HELLO -> {
                if (!frame.hasHello()) {
                    violation("the first frame must be hello, got " + frame.getBodyCase());
                    return;
                }
                Optional<DidKey> tlsPeer = tlsPeer();
                if (tlsPeer.isEmpty()) {
                    node.punish(this, new Refusal(RejectReason.IDENTITY_MISMATCH, null, "no TLS peer certificate"));
                    return;
                }
                peerId = tlsPeer.get();
                Optional<Refusal> refusal = node.checkHello(frame.getHello(), peerId, address());
                if (refusal.isPresent()) {
                    node.punish(this, refusal.get());
                    return;
                }
                peerHello = frame.getHello();
                if (role == Role.LISTENER) {
                    dialerHello = bytes;
                    listenerHello = node.helloFrame(nonce);
                    sendBytes(Frame.BodyCase.HELLO, listenerHello);
                    sendBytes(Frame.BodyCase.AUTH, authFrame(Role.LISTENER));
                } else {
                    listenerHello = bytes;
                }
                state = State.AWAIT_AUTH;
            }
            case AWAIT_AUTH -> {
                if (!frame.hasAuth()) {
                    violation("expected auth, got " + frame.getBodyCase());
                    return;
                }
                Role signer = role == Role.LISTENER ? Role.DIALER : Role.LISTENER;
                if (!transcriptSignedBy(signer, frame.getAuth().getSignature().toByteArray())) {
                    node.punish(this, new Refusal(RejectReason.BAD_SIGNATURE, Offence.BAD_HANDSHAKE,
                            "the auth signature does not verify over this session's transcript"));
                    return;
                }
                if (role == Role.DIALER) {
                    sendBytes(Frame.BodyCase.AUTH, authFrame(Role.DIALER));
                    state = State.AWAIT_ACCEPT;
                    return;
                }
                Optional<Refusal> admission = node.admit(this);
                if (admission.isPresent()) {
                    node.punish(this, admission.get());
                    return;
                }
                sendBytes(Frame.BodyCase.ACCEPT,
                        Frame.newBuilder().setAccept(Accept.getDefaultInstance()).build().toByteArray());
                state = State.UP;
                up.complete(this);
            }
            case AWAIT_ACCEPT -> {
                if (!frame.hasAccept()) {
                    violation("expected accept, got " + frame.getBodyCase());
                    return;
                }
                Optional<Refusal> admission = node.admit(this);
                if (admission.isPresent()) {
                    node.punish(this, admission.get());
                    return;
                }
                state = State.UP;
                up.complete(this);
            }
            default -> violation("frame in state " + state);
        }
    }

    private void onUpFrame(Frame frame) {
        switch (frame.getBodyCase()) {
            case PING -> send(Frame.newBuilder().setPong(Pong.newBuilder().setNonce(frame.getPing().getNonce()))
                    .build());
            case PONG -> {
                PendingPing ping = pings.remove(frame.getPong().getNonce());
                if (ping == null) {
                    node.punish(this, new Refusal(RejectReason.PROTOCOL_VIOLATION, Offence.UNSOLICITED,
                            "pong for no ping"));
                    return;
                }
                Duration rtt = Duration.ofNanos(System.nanoTime() - ping.sentNanos());
                lastRtt = rtt;
                ping.answer().complete(rtt);
            }
            case INV -> onInv(frame.getInv());
            case PAYLOAD -> node.deliver(peerId, frame.getPayload().getType(),
                    frame.getPayload().getBody().toByteArray());
            case REJECT -> close(new LinkClosedException("the peer left: " + describe(frame.getReject())));
            case GET_ADDR, ADDR -> node.addressFrame(this, frame);
            case HELLO, AUTH, ACCEPT -> violation("handshake frame " + frame.getBodyCase() + " on an open link");
            // a body this version does not know: a newer peer's message, skipped like an unknown field
            case BODY_NOT_SET -> {
            }
        }
    }

    private static String describe(Reject reject) {
        return RejectReason.ofCode(reject.getCode()).map(Enum::name).orElse("code " + reject.getCode()) + " "
                + reject.getMessage();
    }

    private void onInv(Inv inv) {
        if (inv.getIdsCount() > MAX_INV_IDS) {
            node.punish(this, new Refusal(RejectReason.OVERSIZED, Offence.OVERSIZED,
                    "inv of " + inv.getIdsCount() + " ids, limit " + MAX_INV_IDS));
            return;
        }
        List<byte[]> fresh = new ArrayList<>();
        for (ByteString id : inv.getIdsList()) {
            if (id.isEmpty() || id.size() > MAX_ID_LENGTH) {
                node.punish(this, new Refusal(RejectReason.MALFORMED, Offence.MALFORMED,
                        "an announced id has " + id.size() + " bytes, allowed 1 to " + MAX_ID_LENGTH));
                return;
            }
            byte[] bytes = id.toByteArray();
            if (seen.add(inv.getType(), bytes)) {
                fresh.add(bytes);
            }
        }
        if (!fresh.isEmpty()) {
            node.announced(peerId, inv.getType(), fresh);
        }
    }

    /** Announces the id unless the peer is known to have it; true when an inv was sent. */
    boolean announce(int type, byte[] id) {
        if (!seen.add(type, id)) {
            return false;
        }
        Duration wait = node.trickleOf(type);
        if (wait == null) {
            announcements.add(type, id);
        } else {
            announcements.addLater(type, id, wait, node::later);
        }
        return true;
    }

    void sendPayload(int type, byte[] body) {
        send(Frame.newBuilder().setPayload(Payload.newBuilder().setType(type).setBody(ByteString.copyFrom(body)))
                .build());
    }

    CompletableFuture<Duration> ping() {
        long pingNonce = RANDOM.nextLong();
        CompletableFuture<Duration> answer = new CompletableFuture<>();
        pings.put(pingNonce, new PendingPing(System.nanoTime(), answer));
        send(Frame.newBuilder().setPing(Ping.newBuilder().setNonce(pingNonce)).build());
        return answer;
    }

    void send(Frame frame) {
        byte[] bytes = frame.toByteArray();
        if (bytes.length > node.config().maxFrameBytes()) {
            throw new IllegalArgumentException("a frame of " + bytes.length + " bytes exceeds max_frame_bytes "
                    + node.config().maxFrameBytes() + "; send large objects over the bulk stream (fetch)");
        }
        node.traffic().sent(frame.getBodyCase(), bytes.length);
        stream.send(bytes);
    }

    private void sendBytes(Frame.BodyCase type, byte[] bytes) {
        node.traffic().sent(type, bytes.length);
        stream.send(bytes);
    }

    /** Tells the peer why, then ends the link. */
    void refuse(RejectReason reason, String message) {
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            sendBytes(Frame.BodyCase.REJECT, Frame.newBuilder().setReject(Reject.newBuilder().setCode(reason.code())
                    .setMessage(message)).build().toByteArray());
        }
        close(new PeerRefusedException(reason, message));
    }

    /** Ends the link without a word (the stream already ended, or the node shuts down). */
    void close(RuntimeException why) {
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
        }
        closeReason = String.valueOf(why.getMessage());
        stream.close(why.getMessage());
        bulk.close(why);
        up.completeExceptionally(why);
        pings.values().forEach(p -> p.answer().completeExceptionally(why));
        pings.clear();
        node.closed(this);
    }

    private void violation(String message) {
        node.punish(this, new Refusal(RejectReason.PROTOCOL_VIOLATION, Offence.PROTOCOL_VIOLATION, message));
    }

    private byte[] authFrame(Role signer) {
        byte[] signature = node.config().keys().sign(transcript(signer));
        return Frame.newBuilder().setAuth(Auth.newBuilder().setSignature(ByteString.copyFrom(signature))).build()
                .toByteArray();
    }

    private boolean transcriptSignedBy(Role signer, byte[] signature) {
        byte[] expected = transcript(signer);
        return expected != null && peerId.verify(expected, signature);
    }

    /** The transcript as this side's TLS session shows it; null if the session lacks a certificate. */
    private byte[] transcript(Role signer) {
        SSLSession session = stream.session();
        try {
            byte[] local = session.getLocalCertificates()[0].getEncoded();
            byte[] peer = session.getPeerCertificates()[0].getEncoded();
            byte[] listenerCert = role == Role.LISTENER ? local : peer;
            byte[] dialerCert = role == Role.LISTENER ? peer : local;
            return HandshakeTranscript.of(signer, listenerCert, dialerCert, dialerHello, listenerHello);
        } catch (CertificateEncodingException | SSLPeerUnverifiedException | RuntimeException e) {
            return null;
        }
    }

    private Optional<DidKey> tlsPeer() {
        return PeerNode.tlsPeer(stream.session());
    }

    CompletableFuture<PeerLink> whenUp() {
        return up;
    }

    synchronized boolean isUp() {
        return state == State.UP;
    }

    Role role() {
        return role;
    }

    /** The peer's id once its hello was read (TLS-proven), else null. */
    synchronized DidKey peerId() {
        return peerId;
    }

    synchronized Hello peerHello() {
        return peerHello;
    }

    /** Why the link ended, once it has. */
    String closeReason() {
        return closeReason;
    }

    Duration lastRtt() {
        return lastRtt;
    }

    BulkChannel bulk() {
        return bulk;
    }

    FrameStream stream() {
        return stream;
    }

    /** The peer's IP address as text, for address bans; empty if the transport does not say. */
    String address() {
        SocketAddress remote = stream.remoteAddress();
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return "";
    }

    int seenCount() {
        return seen.size();
    }
}

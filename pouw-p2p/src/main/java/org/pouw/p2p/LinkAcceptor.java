package org.pouw.p2p;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerServiceDefinition;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.pouw.crypto.DidKey;
import org.pouw.p2p.identity.HandshakeTranscript.Role;

/**
 * The listener's side: the two methods peers call. A link stream becomes a {@link PeerLink} that must finish its
 * handshake within {@code handshake_timeout} (or be cut off, so idle half-open links cannot pile up) and counts
 * against {@code max_links} from its first moment; a bulk stream joins the open link of the same TLS key.
 */
final class LinkAcceptor {
    private static final ServerCall.Listener<byte[]> IGNORE = new ServerCall.Listener<>() {
    };

    private final PeerNode node;
    private final ScheduledExecutorService deadlines;

    LinkAcceptor(PeerNode node, ScheduledExecutorService deadlines) {
        this.node = node;
        this.deadlines = deadlines;
    }

    ServerServiceDefinition service() {
        return ServerServiceDefinition.builder(PeerMethods.SERVICE)
                .addMethod(PeerMethods.LINK, this::acceptLink)
                .addMethod(PeerMethods.BULK, this::acceptBulk)
                .build();
    }

    private ServerCall.Listener<byte[]> acceptLink(ServerCall<byte[], byte[]> call, Metadata headers) {
        PeerLink link = new PeerLink(node, Role.LISTENER, new ServerFrameStream(call));
        if (!node.register(link, null)) {
            link.refuse(RejectReason.TOO_MANY_PEERS, "this node has max_links links already");
            return IGNORE;
        }
        String address = link.address();
        if (!address.isEmpty() && node.discipline().isBanned(address)) {
            link.refuse(RejectReason.BANNED, "this address is banned");
            return IGNORE;
        }
        long timeout = node.config().handshakeTimeout().toMillis();
        deadlines.schedule(() -> {
            if (!link.isUp()) {
                link.refuse(RejectReason.HANDSHAKE_TIMEOUT, "no handshake within " + timeout + " ms");
            }
        }, timeout, TimeUnit.MILLISECONDS);
        call.request(PeerMethods.LINK_READ_AHEAD);
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
        Optional<DidKey> peer = PeerNode.tlsPeer(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
        PeerLink link = peer.flatMap(node::openLink).orElse(null);
        if (link == null || link.role() != Role.LISTENER || !link.bulk().attach(stream)) {
            stream.close("a bulk stream needs an open link of the same peer, and only one");
            return IGNORE;
        }
        call.request(PeerMethods.BULK_READ_AHEAD);
        return new ServerCall.Listener<>() {
            @Override
            public void onMessage(byte[] message) {
                link.bulk().onBytes(message);
                call.request(1);
            }
        };
    }
}

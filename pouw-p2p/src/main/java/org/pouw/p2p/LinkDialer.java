package org.pouw.p2p;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.pouw.crypto.DidKey;
import org.pouw.p2p.identity.HandshakeTranscript.Role;
import org.pouw.p2p.peers.Offence;

/** The dialer's side: one connection to a peer, its link stream, and once the link is up its bulk stream. */
final class LinkDialer {
    private final PeerNode node;
    private final SslContext tls;

    LinkDialer(PeerNode node, SslContext tls) {
        this.node = node;
        this.tls = tls;
    }

    CompletableFuture<DidKey> connect(String host, int port) {
        InetSocketAddress target = new InetSocketAddress(host, port);
        if (target.getAddress() != null && node.discipline().isBanned(target.getAddress().getHostAddress())) {
            return CompletableFuture.failedFuture(new PeerRefusedException(RejectReason.BANNED,
                    target + " is banned"));
        }
        ManagedChannel channel = NettyChannelBuilder.forAddress(target)
                .sslContext(tls)
                .maxInboundMessageSize(node.config().transportLimit())
                .build();
        ClientCall<byte[], byte[]> call = channel.newCall(PeerMethods.LINK, CallOptions.DEFAULT);
        PeerLink link = new PeerLink(node, Role.DIALER, new ClientFrameStream(call, target));
        if (!node.register(link, channel)) {
            channel.shutdownNow();
            return CompletableFuture.failedFuture(new PeerRefusedException(RejectReason.TOO_MANY_PEERS,
                    "this node has max_links links already"));
        }
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onMessage(byte[] message) {
                link.onBytes(message);
                call.request(1);
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
                chargeIfOversized(link, status);
                link.close(new LinkClosedException("link to " + target + " closed: " + status.getCode() + " "
                        + status.getDescription()));
            }
        }, new Metadata());
        call.request(PeerMethods.LINK_READ_AHEAD);
        link.start();
        return link.whenUp()
                .orTimeout(node.config().handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(up -> {
                    openBulk(up, channel, target);
                    node.remember(host + ":" + port, up.peerId());
                    return up.peerId();
                })
                .handle((peer, failure) -> {
                    if (failure == null) {
                        return CompletableFuture.completedFuture(peer);
                    }
                    link.close(new LinkClosedException("handshake with " + target + " failed: " + failure));
                    DidKey linked = alreadyLinked(link, failure);
                    return linked != null ? CompletableFuture.completedFuture(linked)
                            : CompletableFuture.<DidKey>failedFuture(failure);
                })
                .thenCompose(answer -> answer);
    }

    /**
     * The peer this dial reached, if it was refused only because the two nodes are linked already: a connect asks for
     * a link to that peer, and there is one (the peer dialed this node first, or both dialed at once and the other
     * link won the tie-break), so the caller — an operator's {@code peers add}, the keeper — is answered as if it had
     * made it.
     */
    private DidKey alreadyLinked(PeerLink link, Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        DidKey peer = link.peerId();
        boolean duplicate = cause instanceof PeerRefusedException refused
                && refused.reason() == RejectReason.DUPLICATE;
        return duplicate && peer != null && node.isConnected(peer) ? peer : null;
    }

    private void openBulk(PeerLink link, ManagedChannel channel, InetSocketAddress target) {
        ClientCall<byte[], byte[]> call = channel.newCall(PeerMethods.BULK, CallOptions.DEFAULT);
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onMessage(byte[] message) {
                link.bulk().onBytes(message);
                call.request(1);
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
                chargeIfOversized(link, status);
            }
        }, new Metadata());
        call.request(PeerMethods.BULK_READ_AHEAD);
        link.bulk().attach(new ClientFrameStream(call, target));
    }

    /** gRPC ended a stream because the listener sent a message past the transport limit. */
    private void chargeIfOversized(PeerLink link, Status status) {
        if (status.getCode() == Status.Code.RESOURCE_EXHAUSTED) {
            node.punish(link, new Refusal(RejectReason.OVERSIZED, Offence.OVERSIZED,
                    String.valueOf(status.getDescription())));
        }
    }
}

package org.pouw.p2p;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.pouw.crypto.DidKey;
import org.pouw.crypto.Ed25519;
import org.pouw.p2p.identity.NodeCertificate;
import org.pouw.p2p.identity.TlsContexts;

/**
 * A peer that speaks TLS with a key of its own but writes whatever bytes a test gives it on the link stream, from
 * a loopback address of its own (127.0.0.x) so that banning it leaves the honest peers on 127.0.0.1 alone.
 */
final class RawPeerClient implements AutoCloseable {
    private final Ed25519.KeyPair keys = Ed25519.KeyPair.generate();
    private final ManagedChannel channel;
    private final List<byte[]> received = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Status> closed = new CompletableFuture<>();
    private ClientCall<byte[], byte[]> call;

    RawPeerClient(String localAddress, int port) {
        this.channel = NettyChannelBuilder.forAddress("127.0.0.1", port)
                .sslContext(TlsContexts.client(NodeCertificate.of(keys)))
                .localSocketPicker(new NettyChannelBuilder.LocalSocketPicker() {
                    @Override
                    public InetSocketAddress createSocketAddress(java.net.SocketAddress remote,
                            io.grpc.Attributes attrs) {
                        return new InetSocketAddress(localAddress, 0);
                    }
                })
                .maxInboundMessageSize(4 << 20)
                .build();
    }

    DidKey peerId() {
        return keys.did();
    }

    Ed25519.KeyPair keys() {
        return keys;
    }

    /** Opens the link stream, gzip-compressing what it sends if asked. */
    RawPeerClient open(boolean gzip) {
        CallOptions options = gzip ? CallOptions.DEFAULT.withCompression("gzip") : CallOptions.DEFAULT;
        call = channel.newCall(PeerMethods.LINK, options);
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onMessage(byte[] message) {
                received.add(message);
                call.request(1);
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
                closed.complete(status);
            }
        }, new Metadata());
        call.setMessageCompression(gzip);
        call.request(1);
        return this;
    }

    void send(byte[] bytes) {
        call.sendMessage(bytes);
    }

    List<byte[]> received() {
        return received;
    }

    CompletableFuture<Status> closed() {
        return closed;
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}

package org.pouw.p2p;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.UnaryOperator;
import org.pouw.crypto.DidKey;
import org.pouw.crypto.Ed25519;
import org.pouw.p2p.identity.NodeCertificate;
import org.pouw.p2p.identity.TlsContexts;

/**
 * A man in the middle with a key of its own: it terminates TLS towards the dialer, dials the real listener from
 * 127.0.0.77, and passes every link frame across, rewritten by {@code rewrite} if the test asks. It holds neither
 * victim's key, which is the whole point.
 */
final class RelayingPeer implements AutoCloseable {
    private final Ed25519.KeyPair keys = Ed25519.KeyPair.generate();
    private final NodeCertificate certificate = NodeCertificate.of(keys);
    private final Server server;
    private final ManagedChannel upstream;

    RelayingPeer(int targetPort, UnaryOperator<byte[]> rewrite) throws IOException {
        this.upstream = NettyChannelBuilder.forAddress("127.0.0.1", targetPort)
                .sslContext(TlsContexts.client(certificate))
                .localSocketPicker(new NettyChannelBuilder.LocalSocketPicker() {
                    @Override
                    public InetSocketAddress createSocketAddress(java.net.SocketAddress remote,
                            io.grpc.Attributes attrs) {
                        return new InetSocketAddress("127.0.0.77", 0);
                    }
                })
                .build();
        ServerServiceDefinition service = ServerServiceDefinition.builder(PeerMethods.SERVICE)
                .addMethod(PeerMethods.LINK, (ServerCall<byte[], byte[]> down, Metadata headers) -> {
                    ClientCall<byte[], byte[]> up = upstream.newCall(PeerMethods.LINK, CallOptions.DEFAULT);
                    ServerFrameStream toDialer = new ServerFrameStream(down);
                    up.start(new ClientCall.Listener<>() {
                        @Override
                        public void onMessage(byte[] message) {
                            toDialer.send(rewrite.apply(message));
                            up.request(1);
                        }

                        @Override
                        public void onClose(Status status, Metadata trailers) {
                            toDialer.close("upstream closed: " + status);
                        }
                    }, new Metadata());
                    up.request(1);
                    down.request(1);
                    return new ServerCall.Listener<>() {
                        @Override
                        public void onMessage(byte[] message) {
                            synchronized (up) {
                                up.sendMessage(rewrite.apply(message));
                            }
                            down.request(1);
                        }

                        @Override
                        public void onCancel() {
                            up.cancel("dialer left", null);
                        }
                    };
                })
                .build();
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .sslContext(TlsContexts.server(certificate))
                .addService(service)
                .build()
                .start();
    }

    int port() {
        return ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
    }

    DidKey peerId() {
        return keys.did();
    }

    @Override
    public void close() {
        upstream.shutdownNow();
        server.shutdownNow();
    }
}

package org.pouw.p2p.identity;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import javax.net.ssl.SSLException;

/**
 * TLS 1.3 only, mutual, with the node's certificate on both ends of every connection. The JDK's engine, not the
 * shaded BoringSSL one: its session hands the peer's certificate to the handshake unchanged and supports Ed25519
 * certificates on any JDK this project runs on.
 */
public final class TlsContexts {
    private static final String TLS_1_3 = "TLSv1.3";

    private TlsContexts() {
    }

    public static SslContext server(NodeCertificate node) {
        try {
            return GrpcSslContexts.configure(SslContextBuilder.forServer(new NodeKeyManager(node)), SslProvider.JDK)
                    .protocols(TLS_1_3)
                    .clientAuth(ClientAuth.REQUIRE)
                    .trustManager(new SelfSignedPeerTrust())
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up the server's TLS 1.3 context", e);
        }
    }

    public static SslContext client(NodeCertificate node) {
        try {
            return GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
                    .protocols(TLS_1_3)
                    .keyManager(new NodeKeyManager(node))
                    .trustManager(new SelfSignedPeerTrust())
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up the client's TLS 1.3 context", e);
        }
    }
}

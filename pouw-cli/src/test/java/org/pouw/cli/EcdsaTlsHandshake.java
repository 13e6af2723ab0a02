package org.pouw.cli;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TLS 1.3 handshake between two engines in one process, the server presenting an ECDSA P-256 certificate from the
 * given PKCS#12 store: run by {@link DistIT} on the archive's own runtime, to show that the jlink'ed image carries
 * the EC provider an ECDSA server certificate (a managed PostgreSQL, a TLS Redis) needs. Prints the suite and the
 * certificate's key algorithm; exits 1 when the handshake cannot finish.
 */
public final class EcdsaTlsHandshake {
    private EcdsaTlsHandshake() {
    }

    public static void main(String[] args) throws Exception {
        char[] password = args[1].toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
            store.load(in, password);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);

        SSLEngine server = context.createSSLEngine();
        server.setUseClientMode(false);
        SSLEngine client = context.createSSLEngine("localhost", 443);
        client.setUseClientMode(true);
        server.beginHandshake();
        client.beginHandshake();

        int size = client.getSession().getPacketBufferSize();
        ByteBuffer toServer = ByteBuffer.allocate(size * 4);
        ByteBuffer toClient = ByteBuffer.allocate(size * 4);
        ByteBuffer appIn = ByteBuffer.allocate(client.getSession().getApplicationBufferSize() * 4);
        ByteBuffer empty = ByteBuffer.allocate(0);
        for (int round = 0; round < 200 && !(done(client) && done(server)); round++) {
            step(client, empty, toServer, toClient, appIn);
            step(server, empty, toClient, toServer, appIn);
        }
        if (!done(client) || !done(server)) {
            System.out.println("handshake did not finish: client " + client.getHandshakeStatus() + ", server "
                    + server.getHandshakeStatus());
            System.exit(1);
        }
        System.out.println(client.getSession().getProtocol() + " " + client.getSession().getCipherSuite() + " "
                + client.getSession().getPeerCertificates()[0].getPublicKey().getAlgorithm());
    }

    private static boolean done(SSLEngine engine) {
        HandshakeStatus status = engine.getHandshakeStatus();
        return status == HandshakeStatus.FINISHED || status == HandshakeStatus.NOT_HANDSHAKING;
    }

    /** One turn of an engine: run its delegated tasks, write what it has to say, read what it was sent. */
    private static void step(SSLEngine engine, ByteBuffer empty, ByteBuffer outbound, ByteBuffer inbound,
                             ByteBuffer appIn) throws Exception {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
        if (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
            engine.wrap(empty, outbound);
        }
        inbound.flip();
        while (inbound.hasRemaining() && engine.getHandshakeStatus() == HandshakeStatus.NEED_UNWRAP) {
            if (engine.unwrap(inbound, appIn).bytesConsumed() == 0) {
                break;
            }
            while ((task = engine.getDelegatedTask()) != null) {
                task.run();
            }
        }
        inbound.compact();
    }
}

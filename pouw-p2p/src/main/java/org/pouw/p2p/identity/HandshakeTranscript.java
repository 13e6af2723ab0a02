package org.pouw.p2p.identity;

import java.nio.charset.StandardCharsets;
import org.pouw.crypto.Blake3;

/**
 * What each side signs after the TLS handshake (docs/p2p.md, "Handshake"): both certificates as this TLS session
 * presented them and both hello frames as they crossed it, each nonce fresh per connection.
 *
 * <pre>
 * BLAKE3("pouw-p2p-auth-v1" ‖ role ‖ H(listener cert) ‖ H(dialer cert) ‖ H(dialer hello) ‖ H(listener hello))
 * </pre>
 *
 * A relay that terminates TLS on both sides shows each victim its own certificate, so the two victims compute
 * different transcripts and neither's signature verifies at the other; the relay cannot sign for either key. The
 * role byte keeps a listener's signature from being reflected back as a dialer's. The nonces make an old signature
 * worthless on a new connection. Where TLS keying-material exporters are available to all peers (RFC 8446 §7.5; the
 * JDK has them from 25, this build targets 21) the exporter value can replace the certificate hashes.
 */
public final class HandshakeTranscript {
    public enum Role {
        LISTENER((byte) 1), DIALER((byte) 2);

        private final byte code;

        Role(byte code) {
            this.code = code;
        }
    }

    private static final byte[] DOMAIN = "pouw-p2p-auth-v1".getBytes(StandardCharsets.US_ASCII);

    private HandshakeTranscript() {
    }

    /** The 32 bytes the side in {@code role} signs, and the other side verifies against its own view. */
    public static byte[] of(Role role, byte[] listenerCertificate, byte[] dialerCertificate, byte[] dialerHello,
            byte[] listenerHello) {
        return Blake3.hash(DOMAIN, new byte[] {role.code}, Blake3.hash(listenerCertificate),
                Blake3.hash(dialerCertificate), Blake3.hash(dialerHello), Blake3.hash(listenerHello));
    }
}

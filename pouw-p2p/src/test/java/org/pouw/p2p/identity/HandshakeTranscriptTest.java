package org.pouw.p2p.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.pouw.crypto.Ed25519;
import org.pouw.p2p.identity.HandshakeTranscript.Role;

/**
 * Why a relayed handshake fails even if the identity checks around it were missing: what A signs for its session
 * with the relay is not what B expects for its session with the relay.
 */
class HandshakeTranscriptTest {
    private final Ed25519.KeyPair a = Ed25519.KeyPair.generate();
    private final Ed25519.KeyPair b = Ed25519.KeyPair.generate();
    private final Ed25519.KeyPair relay = Ed25519.KeyPair.generate();
    private final byte[] certA = cert(a);
    private final byte[] certB = cert(b);
    private final byte[] certRelay = cert(relay);
    private final byte[] helloA = bytes("hello of A, nonce 1");
    private final byte[] helloB = bytes("hello of B, nonce 2");

    @Test
    void aSignatureVerifiesOnlyOnTheSessionItWasMadeFor() {
        byte[] direct = HandshakeTranscript.of(Role.DIALER, certB, certA, helloA, helloB);
        byte[] signed = a.sign(direct);
        assertThat(a.did().verify(direct, signed)).isTrue();

        // A dialed the relay: A's view has the relay's certificate where B's would be
        byte[] aSignsForRelay = a.sign(HandshakeTranscript.of(Role.DIALER, certRelay, certA, helloA, helloB));
        // B's session is with the relay: B sees the relay's certificate where A's would be
        byte[] bExpects = HandshakeTranscript.of(Role.DIALER, certB, certRelay, helloA, helloB);
        assertThat(a.did().verify(bExpects, aSignsForRelay)).isFalse();
        assertThat(relay.did().verify(bExpects, aSignsForRelay)).isFalse();
    }

    @Test
    void aSignatureFromAnEarlierConnectionFailsOnAFreshNonce() {
        byte[] old = a.sign(HandshakeTranscript.of(Role.DIALER, certB, certA, helloA, helloB));
        byte[] freshHelloB = bytes("hello of B, nonce 3");
        assertThat(a.did().verify(HandshakeTranscript.of(Role.DIALER, certB, certA, helloA, freshHelloB), old))
                .isFalse();
    }

    @Test
    void aListenersSignatureCannotBeReflectedAsADialers() {
        byte[] listenerSigned = b.sign(HandshakeTranscript.of(Role.LISTENER, certB, certA, helloA, helloB));
        assertThat(b.did().verify(HandshakeTranscript.of(Role.DIALER, certB, certA, helloA, helloB),
                listenerSigned)).isFalse();
    }

    private static byte[] cert(Ed25519.KeyPair keys) {
        try {
            return NodeCertificate.of(keys).certificate().getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

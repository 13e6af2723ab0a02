package org.pouw.p2p.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.pouw.crypto.Ed25519;

class NodeCertificateTest {
    @Test
    void theCertificateCarriesTheNodesKeyAndNamesItsDidKey() throws Exception {
        Ed25519.KeyPair keys = Ed25519.KeyPair.generate();
        NodeCertificate node = NodeCertificate.of(keys);

        assertThat(node.peerId()).isEqualTo(keys.did());
        assertThat(NodeCertificate.peerIdOf(node.certificate())).isEqualTo(keys.did());
        assertThat(node.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=" + keys.did());
        assertThat(node.certificate().getSigAlgName()).isEqualToIgnoringCase("Ed25519");
    }

    @Test
    void theCertificateIsAFunctionOfTheKeyAlone() throws Exception {
        Ed25519.KeyPair keys = Ed25519.KeyPair.fromPrivateKey(new byte[32]);
        assertThat(NodeCertificate.of(keys).certificate().getEncoded())
                .isEqualTo(NodeCertificate.of(keys).certificate().getEncoded());
    }

    @Test
    void aCertificateWhoseSignatureWasAlteredNamesNoPeer() throws Exception {
        byte[] der = NodeCertificate.of(Ed25519.KeyPair.generate()).certificate().getEncoded();
        der[der.length - 1] ^= 1;     // the last byte of the signature
        X509Certificate altered = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));

        assertThatThrownBy(() -> NodeCertificate.peerIdOf(altered)).isInstanceOf(CertificateException.class)
                .hasMessageContaining("signed by its own key");
    }

    @Test
    void trustAcceptsExactlyOneSelfSignedEd25519Certificate() throws Exception {
        SelfSignedPeerTrust trust = new SelfSignedPeerTrust();
        X509Certificate one = NodeCertificate.of(Ed25519.KeyPair.generate()).certificate();
        X509Certificate two = NodeCertificate.of(Ed25519.KeyPair.generate()).certificate();

        trust.checkServerTrusted(new X509Certificate[] {one}, "EdDSA");
        assertThatThrownBy(() -> trust.checkClientTrusted(new X509Certificate[] {one, two}, "EdDSA"))
                .isInstanceOf(CertificateException.class).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> trust.checkClientTrusted(new X509Certificate[0], "EdDSA"))
                .isInstanceOf(CertificateException.class);
    }
}

package org.pouw.p2p.identity;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Date;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.DidKey;
import org.pouw.crypto.Ed25519;

/**
 * The node's TLS identity: a self-signed X.509 certificate whose key is the node's own Ed25519 key, so the peer id
 * (its did:key) is what TLS 1.3 itself authenticates (CertificateVerify signs the handshake transcript with it).
 *
 * <p>The certificate is a pure function of the key: serial from the key's hash, validity from 2020 to the RFC 5280
 * "no expiry" date 9999-12-31. Peers never judge a certificate by its dates, so no clock, the node's or a peer's,
 * decides who may connect.
 */
public final class NodeCertificate {
    /** DER of the PKCS#8 wrapper of an Ed25519 seed (RFC 8410 §7), followed by the 32 seed bytes. */
    private static final byte[] PKCS8_PREFIX = {0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70,
        0x04, 0x22, 0x04, 0x20};
    /** DER of an Ed25519 SubjectPublicKeyInfo (RFC 8410 §4), followed by the 32 key bytes. */
    private static final byte[] SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    /** id-Ed25519 (RFC 8410 §3), both the key's algorithm and the signature's. */
    private static final ASN1ObjectIdentifier ID_ED25519 = new ASN1ObjectIdentifier("1.3.101.112");
    private static final long NOT_BEFORE_MS = 1_577_836_800_000L;     // 2020-01-01T00:00:00Z
    private static final long NOT_AFTER_MS = 253_402_300_799_000L;    // 9999-12-31T23:59:59Z

    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    private final DidKey peerId;

    private NodeCertificate(X509Certificate certificate, PrivateKey privateKey, DidKey peerId) {
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.peerId = peerId;
    }

    public static NodeCertificate of(Ed25519.KeyPair keys) {
        DidKey did = keys.did();
        AlgorithmIdentifier ed25519 = new AlgorithmIdentifier(ID_ED25519);
        X500Name name = new X500Name("CN=" + did);
        V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
        tbs.setSerialNumber(new ASN1Integer(new BigInteger(1, Arrays.copyOf(Blake3.hash(keys.publicKey()), 16))));
        tbs.setSignature(ed25519);
        tbs.setIssuer(name);
        tbs.setSubject(name);
        tbs.setStartDate(new Time(new Date(NOT_BEFORE_MS)));
        tbs.setEndDate(new Time(new Date(NOT_AFTER_MS)));
        tbs.setSubjectPublicKeyInfo(new SubjectPublicKeyInfo(ed25519, keys.publicKey()));
        TBSCertificate body = tbs.generateTBSCertificate();
        try {
            byte[] signature = keys.sign(body.getEncoded(ASN1Encoding.DER));
            ASN1EncodableVector certificate = new ASN1EncodableVector();
            certificate.add(body);
            certificate.add(ed25519);
            certificate.add(new DERBitString(signature));
            X509Certificate x509 = parse(new DERSequence(certificate).getEncoded(ASN1Encoding.DER));
            PrivateKey jdkKey = KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, keys.privateKey())));
            return new NodeCertificate(x509, jdkKey, did);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the node's TLS certificate", e);
        }
    }

    /**
     * The peer id a certificate presented in TLS names: its Ed25519 key, if it is a well-formed self-signed Ed25519
     * certificate. {@link CertificateException} says what is wrong otherwise.
     */
    public static DidKey peerIdOf(X509Certificate certificate) throws CertificateException {
        byte[] spki = certificate.getPublicKey().getEncoded();
        if (spki == null || spki.length != SPKI_PREFIX.length + Ed25519.PUBLIC_KEY_LENGTH
                || !Arrays.equals(spki, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
            throw new CertificateException("a peer certificate must carry an Ed25519 key");
        }
        byte[] raw = Arrays.copyOfRange(spki, SPKI_PREFIX.length, spki.length);
        try {
            certificate.verify(certificate.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new CertificateException("a peer certificate must be signed by its own key", e);
        }
        return new DidKey(raw);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    public DidKey peerId() {
        return peerId;
    }

    private static X509Certificate parse(byte[] der) throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

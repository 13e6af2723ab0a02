package org.pouw.crypto.pkcs8;

import java.io.IOException;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.pouw.crypto.Ed25519;

/**
 * An Ed25519 key as PKCS#8 {@code PrivateKeyInfo} (RFC 5958, with the algorithm and CurvePrivateKey of RFC 8410).
 * We write version 1 with one attribute, PKCS#9 {@code friendlyName} (RFC 2985 §5.5.1) holding the key's did:key, so
 * that reading back can check the private key against it: AES-CBC in an encrypted file has no integrity of its own,
 * and this check is what turns an altered ciphertext into a refusal instead of a different, silently wrong identity.
 * (Version 2's publicKey field would say the same, but OpenSSL 3.0 cannot read it; an attribute it reads.)
 */
public final class Ed25519PrivateKeyInfo {
    /** id-Ed25519, RFC 8410 §3. */
    private static final ASN1ObjectIdentifier ID_ED25519 = new ASN1ObjectIdentifier("1.3.101.112");

    private Ed25519PrivateKeyInfo() {
    }

    public static byte[] encode(Ed25519.KeyPair key) {
        try {
            Attribute did = new Attribute(PKCSObjectIdentifiers.pkcs_9_at_friendlyName,
                    new DERSet(new DERBMPString(key.did().toString())));
            PrivateKeyInfo info = new PrivateKeyInfo(new AlgorithmIdentifier(ID_ED25519),
                    new DEROctetString(key.privateKey()), new DERSet(did));
            return info.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding of an Ed25519 key failed", e);
        }
    }

    /**
     * Reads a DER {@code PrivateKeyInfo}. {@code requirePublicKey} is set for decrypted bytes, where the public key is
     * the only integrity check there is.
     */
    public static Ed25519.KeyPair decode(byte[] der, boolean requirePublicKey) {
        PrivateKeyInfo info;
        try {
            ASN1Primitive parsed = ASN1Primitive.fromByteArray(der);
            // Only the canonical encoding is accepted: a byte changed in a way the parser would shrug off is still a
            // changed file.
            if (!Arrays.equals(parsed.getEncoded(ASN1Encoding.DER), der)) {
                throw altered(requirePublicKey, "its DER encoding is not canonical");
            }
            info = PrivateKeyInfo.getInstance(parsed);
        } catch (IOException | IllegalArgumentException | IllegalStateException | ClassCastException e) {
            if (e instanceof KeyFileRefused refused) {
                throw refused;
            }
            throw altered(requirePublicKey, "it is not a PKCS#8 PrivateKeyInfo (" + e.getMessage() + ")");
        }
        AlgorithmIdentifier algorithm = info.getPrivateKeyAlgorithm();
        if (!ID_ED25519.equals(algorithm.getAlgorithm())) {
            throw new KeyFileRefused(KeyFileRefused.Reason.NOT_ED25519, "the key is not Ed25519 (its algorithm is "
                    + KnownAlgorithms.name(algorithm.getAlgorithm()) + "); pouw identities are Ed25519 keys");
        }
        if (algorithm.getParameters() != null) {
            throw altered(requirePublicKey, "an Ed25519 algorithm identifier has no parameters (RFC 8410 §3)");
        }
        byte[] seed;
        try {
            seed = ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets();
        } catch (IOException | IllegalArgumentException e) {
            throw altered(requirePublicKey, "its CurvePrivateKey is not an OCTET STRING");
        }
        if (seed.length != Ed25519.PRIVATE_KEY_LENGTH) {
            throw altered(requirePublicKey, "an Ed25519 private key has 32 bytes, this one " + seed.length);
        }
        Ed25519.KeyPair key = Ed25519.KeyPair.fromPrivateKey(seed);
        boolean hasPublicKey = info.hasPublicKey();
        int version = info.getVersion().intValueExact();
        if (version != (hasPublicKey ? 1 : 0)) {
            throw altered(requirePublicKey, "version " + (version + 1) + " does not match "
                    + (hasPublicKey ? "a key with" : "a key without") + " its public key (RFC 5958 §2)");
        }
        String namedDid;
        try {
            namedDid = friendlyName(info.getAttributes());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw altered(requirePublicKey, "its attributes are not well formed (" + e.getMessage() + ")");
        }
        if (hasPublicKey && !Arrays.equals(info.getPublicKeyData().getOctets(), key.publicKey())) {
            throw altered(requirePublicKey, "its public key does not belong to its private key");
        }
        if (namedDid != null && !namedDid.equals(key.did().toString())) {
            throw altered(requirePublicKey, "the did:key it names does not belong to its private key");
        }
        if (requirePublicKey && !hasPublicKey && namedDid == null) {
            throw new KeyFileRefused(KeyFileRefused.Reason.UNSUPPORTED, "the encrypted key names neither its public"
                    + " key nor its did:key, so its decryption cannot be checked; export it with"
                    + " 'pouw keys export --encrypt', which adds the did:key");
        }
        return key;
    }

    /** The friendlyName attribute's text, or null when there is none. */
    private static String friendlyName(ASN1Set attributes) {
        if (attributes == null) {
            return null;
        }
        for (ASN1Encodable each : attributes) {
            Attribute attribute = Attribute.getInstance(each);
            if (PKCSObjectIdentifiers.pkcs_9_at_friendlyName.equals(attribute.getAttrType())
                    && attribute.getAttrValues().size() == 1) {
                return DERBMPString.getInstance(attribute.getAttrValues().getObjectAt(0)).getString();
            }
        }
        return null;
    }

    private static KeyFileRefused altered(boolean decrypted, String what) {
        return decrypted
                ? new KeyFileRefused(KeyFileRefused.Reason.WRONG_PASSWORD_OR_ALTERED,
                        "wrong password, or the file was altered: the decrypted key is not valid (" + what + ")")
                : new KeyFileRefused(KeyFileRefused.Reason.MALFORMED, "not an Ed25519 PKCS#8 key: " + what);
    }
}

package org.pouw.crypto;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * An Ed25519 key that signs often (a node's challenge key): BouncyCastle's private-key parameters built once, with
 * the public key derived once and cached inside them. {@link Ed25519.KeyPair#sign} rebuilds them on every call, which
 * derives the public key again — a second scalar multiplication that makes a signature cost as much as a
 * verification; here a signature costs about half of one. Signatures are RFC 8032's, deterministic, byte for byte
 * those of {@link Ed25519.KeyPair#sign}.
 */
public final class SigningKey {
    private final Ed25519PrivateKeyParameters privateKey;
    private final byte[] publicKey;

    public SigningKey(Ed25519.KeyPair keyPair) {
        privateKey = new Ed25519PrivateKeyParameters(keyPair.privateKey(), 0);
        publicKey = privateKey.generatePublicKey().getEncoded();
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    public byte[] sign(byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    @Override
    public String toString() {
        return "SigningKey[redacted]";
    }
}

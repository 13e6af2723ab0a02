package org.pouw.crypto;

import java.security.SecureRandom;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** Ed25519 signatures (RFC 8032) through BouncyCastle, chosen for its fast verification (ARCHITECTURE.md §4). */
public final class Ed25519 {
    public static final int PUBLIC_KEY_LENGTH = 32;
    public static final int PRIVATE_KEY_LENGTH = 32;
    public static final int SIGNATURE_LENGTH = 64;
    /** BouncyCastle's number for pure Ed25519 (no context, no prehash): what {@link Ed25519Signer} verifies. */
    private static final int PURE = org.bouncycastle.math.ec.rfc8032.Ed25519.Algorithm.Ed25519;

    private Ed25519() {
    }

    /** A key pair; the private key is the 32-byte RFC 8032 seed. */
    public record KeyPair(byte[] privateKey, byte[] publicKey) {
        public KeyPair {
            privateKey = privateKey.clone();
            publicKey = publicKey.clone();
        }

        public static KeyPair generate(SecureRandom random) {
            Ed25519PrivateKeyParameters priv = new Ed25519PrivateKeyParameters(random);
            return new KeyPair(priv.getEncoded(), priv.generatePublicKey().getEncoded());
        }

        public static KeyPair generate() {
            return generate(new SecureRandom());
        }

        public static KeyPair fromPrivateKey(byte[] privateKey) {
            if (privateKey.length != PRIVATE_KEY_LENGTH) {
                throw new IllegalArgumentException("an Ed25519 private key has 32 bytes, got " + privateKey.length);
            }
            Ed25519PrivateKeyParameters priv = new Ed25519PrivateKeyParameters(privateKey, 0);
            return new KeyPair(privateKey, priv.generatePublicKey().getEncoded());
        }

        @Override
        public byte[] privateKey() {
            return privateKey.clone();
        }

        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }

        public DidKey did() {
            return new DidKey(publicKey);
        }

        public byte[] sign(byte[] message) {
            Ed25519Signer signer = new Ed25519Signer();
            signer.init(true, new Ed25519PrivateKeyParameters(privateKey, 0));
            signer.update(message, 0, message.length);
            return signer.generateSignature();
        }

        @Override
        public String toString() {
            return "KeyPair[" + did() + "]";
        }
    }

    /** False for a bad signature, a malformed key or a signature of the wrong length; never throws. */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey == null || publicKey.length != PUBLIC_KEY_LENGTH
                || signature == null || signature.length != SIGNATURE_LENGTH || message == null) {
            return false;
        }
        try {
            // What Ed25519Signer.verifySignature does (pure Ed25519, no context), without copying the message into
            // its buffer and with the key decoded once (DecodedEd25519Keys).
            return DecodedEd25519Keys.of(publicKey).verify(PURE, null, message, 0, message.length, signature, 0);
        } catch (RuntimeException malformedPoint) {
            return false;
        }
    }
}

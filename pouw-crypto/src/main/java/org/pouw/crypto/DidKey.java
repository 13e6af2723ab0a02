package org.pouw.crypto;

import java.util.Arrays;

/**
 * A {@code did:key} naming an Ed25519 public key: multicodec {@code 0xed01} (varint bytes {@code ed 01}) followed by
 * the 32-byte key, multibase base58btc ({@code z} prefix). Such ids always start {@code did:key:z6Mk}.
 */
public record DidKey(byte[] publicKey) {
    private static final String PREFIX = "did:key:z";
    private static final byte[] ED25519_MULTICODEC = {(byte) 0xed, 0x01};

    public DidKey {
        if (publicKey.length != Ed25519.PUBLIC_KEY_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, got " + publicKey.length);
        }
        publicKey = publicKey.clone();
    }

    /** Parses a did:key string; {@link IllegalArgumentException} says what is wrong with it. */
    public static DidKey parse(String did) {
        if (did == null || !did.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a did:key starts with 'did:key:z'");
        }
        byte[] decoded = Base58.decode(did.substring(PREFIX.length()));
        if (decoded.length != 2 + Ed25519.PUBLIC_KEY_LENGTH
                || decoded[0] != ED25519_MULTICODEC[0] || decoded[1] != ED25519_MULTICODEC[1]) {
            throw new IllegalArgumentException("not an Ed25519 did:key (multicodec 0xed01 + 32-byte key)");
        }
        return new DidKey(Arrays.copyOfRange(decoded, 2, decoded.length));
    }

    public static boolean isValid(String did) {
        try {
            parse(did);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    public boolean verify(byte[] message, byte[] signature) {
        return Ed25519.verify(publicKey, message, signature);
    }

    @Override
    public String toString() {
        byte[] body = new byte[2 + publicKey.length];
        body[0] = ED25519_MULTICODEC[0];
        body[1] = ED25519_MULTICODEC[1];
        System.arraycopy(publicKey, 0, body, 2, publicKey.length);
        return PREFIX + Base58.encode(body);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DidKey that && Arrays.equals(publicKey, that.publicKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }
}

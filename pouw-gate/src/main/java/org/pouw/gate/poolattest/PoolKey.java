package org.pouw.gate.poolattest;

import org.pouw.crypto.Ed25519;

/**
 * One signing key of a trusted pool (issue 23 §1, rotation): the pool's name, the key id its attestations name in
 * {@code kid} ({@code ""} for the key of an attestation that names none), the Ed25519 public key, and the last
 * moment on the node's clock the key is believed, {@code notAfterMs} ({@link Long#MAX_VALUE} for no end). A pool
 * rotates by announcing a new kid beside the old one, then letting the old one run out.
 */
public record PoolKey(String pool, String kid, byte[] publicKey, long notAfterMs) {
    /** What a {@code kid} may be: short, and safe in settings and logs. */
    public static final String KID_PATTERN = "[A-Za-z0-9._-]{1,64}";

    public PoolKey {
        if (pool == null || !pool.matches("[A-Za-z0-9._-]{1,128}")) {
            throw new IllegalArgumentException("a pool name is 1…128 letters, digits, '.', '_' or '-', got '" + pool
                    + "'");
        }
        if (kid == null || (!kid.isEmpty() && !kid.matches(KID_PATTERN))) {
            throw new IllegalArgumentException("pool " + pool + ": a kid is 1…64 letters, digits, '.', '_' or '-', "
                    + "got '" + kid + "'");
        }
        if (publicKey == null || publicKey.length != Ed25519.PUBLIC_KEY_LENGTH) {
            throw new IllegalArgumentException("pools." + pool + ".public_key has 32 bytes");
        }
        publicKey = publicKey.clone();
    }

    /** A pool's only key, named by no kid and without an end: how {@code pools.trusted} read before rotation. */
    public static PoolKey only(String pool, byte[] publicKey) {
        return new PoolKey(pool, "", publicKey, Long.MAX_VALUE);
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PoolKey that && pool.equals(that.pool) && kid.equals(that.kid)
                && java.util.Arrays.equals(publicKey, that.publicKey) && notAfterMs == that.notAfterMs;
    }

    @Override
    public int hashCode() {
        return pool.hashCode() * 31 + kid.hashCode();
    }
}

package org.pouw.pool;

import java.util.Arrays;

/**
 * What a pool process is started with (docs/pool.md §6), checked once, each error naming its setting.
 *
 * @param name               the pool's id, as the node's {@code pools.trusted} names it
 * @param audience           the node (or cluster) its attestations are for: the node's {@code tokens.audience}
 * @param bindHost           where the HTTP port listens; loopback unless the operator opens it
 * @param port               the HTTP port, 0 for any free one
 * @param challengePublicKey the node's published challenge key, which every share's challenge is checked with
 * @param minDifficulty      the pool's floor in expected hashes (the node's own minimum applies on top)
 * @param attestationTtlMs   how long an attestation may be presented at the node, at most 10 minutes
 * @param skewMs             how far a challenge's issue time may lie ahead of the pool's clock
 * @param kid                the key id its attestations name ({@code ""}: none), for key rotation at the node
 */
public record PoolSettings(String name, String audience, String bindHost, int port, byte[] challengePublicKey,
        long minDifficulty, long attestationTtlMs, long skewMs, String kid) {
    /** A pool whose attestations name no kid. */
    public PoolSettings(String name, String audience, String bindHost, int port, byte[] challengePublicKey,
            long minDifficulty, long attestationTtlMs, long skewMs) {
        this(name, audience, bindHost, port, challengePublicKey, minDifficulty, attestationTtlMs, skewMs, "");
    }

    public PoolSettings {
        if (kid == null || (!kid.isEmpty() && !kid.matches("[A-Za-z0-9._-]{1,64}"))) {
            throw new IllegalArgumentException("kid must be 1…64 letters, digits, '.', '_' or '-', got '" + kid
                    + "'");
        }
        if (name == null || !name.matches("[A-Za-z0-9._-]{1,128}")) {
            throw new IllegalArgumentException("pool name must be 1…128 letters, digits, '.', '_' or '-', got '"
                    + name + "'");
        }
        if (audience == null || audience.isEmpty() || audience.length() > 128) {
            throw new IllegalArgumentException("audience must be 1…128 characters");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0…65535, got " + port);
        }
        if (challengePublicKey == null || challengePublicKey.length != 32) {
            throw new IllegalArgumentException("the node's challenge_public_key must be 32 bytes");
        }
        if (minDifficulty < 1) {
            throw new IllegalArgumentException("min_difficulty must be >= 1, got " + minDifficulty);
        }
        if (skewMs < 0) {
            throw new IllegalArgumentException("skew_ms must be >= 0, got " + skewMs);
        }
        challengePublicKey = challengePublicKey.clone();
    }

    @Override
    public byte[] challengePublicKey() {
        return challengePublicKey.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PoolSettings that && name.equals(that.name) && audience.equals(that.audience)
                && bindHost.equals(that.bindHost) && port == that.port
                && Arrays.equals(challengePublicKey, that.challengePublicKey) && minDifficulty == that.minDifficulty
                && attestationTtlMs == that.attestationTtlMs && skewMs == that.skewMs && kid.equals(that.kid);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(challengePublicKey);
    }
}

package org.pouw.core.port;

/**
 * Sign-in challenges already exchanged for a token (issue 27, item 7), inside one {@link StoreTx}. Challenges are
 * stateless — issuing one writes nothing — so this is the only state sign-in keeps: a challenge is recorded here
 * once its signature has verified, which keeps it single use on every node that shares the database.
 */
public interface UsedLoginChallenges {
    /**
     * Records the challenge (by its digest, 64 lowercase hex) as used until {@code expiresAtMs}, when it would be
     * refused as expired anyway; false if it was already recorded. Rows expired before {@code nowMs} are removed.
     */
    boolean use(String challengeDigest, long expiresAtMs, long nowMs);
}

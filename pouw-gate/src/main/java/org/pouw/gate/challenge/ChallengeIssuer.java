package org.pouw.gate.challenge;

import java.util.HexFormat;
import java.util.OptionalInt;
import java.util.random.RandomGenerator;
import org.pouw.core.Clock;
import org.pouw.crypto.DidKey;

/**
 * Issues challenges as a rule over the {@link Clock} (issue 21 §1): a fresh id (time-ordered, mostly random), the
 * node and the redemption store that will deduplicate it, the asking DID, a difficulty and a time to live. Storage
 * is not touched: a challenge is checked statelessly by its signature and is first written when it is redeemed.
 */
public final class ChallengeIssuer {
    /** Hex digits of an id that carry the issue time: 48 bits of milliseconds, enough until the year 10889. */
    static final int TIME_HEX_DIGITS = 12;
    static final int RANDOM_BYTES = (WorkChallenge.ID_HEX_LENGTH - TIME_HEX_DIGITS) / 2;
    private final ChallengeKey key;
    private final Clock clock;
    private final RandomGenerator random;
    private final String node;
    private final String store;
    private final long ttlMs;

    /**
     * @param random a cryptographically strong generator in production (a {@code SecureRandom}): ids must be
     *               unguessable, or a stamp could be minted before its challenge is issued
     */
    public ChallengeIssuer(ChallengeKey key, Clock clock, RandomGenerator random, String node, String store,
            long ttlMs) {
        if (ttlMs <= 0) {
            throw new IllegalArgumentException("challenge ttl_ms must be > 0, got " + ttlMs);
        }
        this.key = key;
        this.clock = clock;
        this.random = random;
        this.node = node;
        this.store = store;
        this.ttlMs = ttlMs;
    }

    /**
     * A hashcash challenge whose resource is its id. {@code requiredBits} is the difficulty set for this source;
     * a caller may ask for more bits, never fewer (issue 21 §1).
     */
    public SignedChallenge hashcash(DidKey did, int requiredBits, OptionalInt askedBits) {
        int bits = Math.max(requiredBits, askedBits.orElse(requiredBits));
        String id = freshId();
        return issue(did, ChallengeKind.HASHCASH, bits, id, id);
    }

    /** A {@code useful} challenge naming a job (its id, lower-case hex) that this DID must have been paid for. */
    public SignedChallenge useful(DidKey did, String jobId) {
        return issue(did, ChallengeKind.USEFUL, 0, freshId(), jobId);
    }

    /**
     * A {@code share} challenge for mining through a pool: {@code minShareBits} is the node's minimum share work,
     * and it lives {@code shareTtlMs}, long enough for a miner to send it shares for minutes.
     */
    public SignedChallenge share(DidKey did, int minShareBits, long shareTtlMs) {
        if (shareTtlMs <= 0) {
            throw new IllegalArgumentException("pools.challenge_ttl_ms must be > 0, got " + shareTtlMs);
        }
        String id = freshId();
        return issue(did, ChallengeKind.SHARE, minShareBits, id, id, shareTtlMs);
    }

    private SignedChallenge issue(DidKey did, ChallengeKind kind, int difficulty, String id, String resource) {
        return issue(did, kind, difficulty, id, resource, ttlMs);
    }

    private SignedChallenge issue(DidKey did, ChallengeKind kind, int difficulty, String id, String resource,
            long lifetimeMs) {
        long now = clock.millis();
        return key.sign(new WorkChallenge(id, node, store, did.toString(), kind, difficulty, resource, now,
                Math.addExact(now, lifetimeMs)));
    }

    /**
     * The issue time's milliseconds in the first {@link #TIME_HEX_DIGITS} hex digits, then {@link #RANDOM_BYTES}
     * random bytes. The random part keeps an id unguessable (80 bits: a stamp minted ahead for a guessed id wins
     * with odds of 2^-80). The time first makes ids issued later sort later, so the keys a redemption writes
     * ({@code chal:<id>}, {@code receipt:<id>}) land at the growing end of their database indexes: the redemptions
     * of a group commit share a few index pages there instead of dirtying one page each at random (docs/gate.md
     * §12). The time says nothing the challenge's signed {@code issued_at_ms} does not already say.
     */
    private String freshId() {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        long millis = clock.millis();
        if (millis < 0 || millis >= 1L << (4 * TIME_HEX_DIGITS)) {
            throw new IllegalStateException("the clock reads " + millis + " ms, outside what a challenge id holds");
        }
        String time = Long.toHexString(millis);
        return "0".repeat(TIME_HEX_DIGITS - time.length()) + time + HexFormat.of().formatHex(bytes);
    }
}

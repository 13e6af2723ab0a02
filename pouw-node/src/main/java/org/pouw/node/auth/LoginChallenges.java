package org.pouw.node.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.pouw.core.Clock;

/**
 * Stateless sign-in challenges (§5; issue 27, item 7). A challenge is
 * {@code base64url(version ‖ expires_at_ms ‖ nonce ‖ HMAC-SHA256(key, did ‖ version ‖ expires_at_ms ‖ nonce))} under
 * a key derived from the nodes' shared token secret, so issuing one writes nothing and any node holding the secret
 * accepts a challenge another issued. Single use is kept by recording a challenge once its signature verifies
 * ({@link org.pouw.core.port.UsedLoginChallenges}), not here.
 *
 * <p>What this replaced kept every issued challenge in one node's memory under one cap for all callers: behind a
 * load balancer a challenge from node A was refused by node B, and anyone could fill the cap without signing in and
 * lock everyone out. Issuance now costs nothing to store; it is limited per address prefix by the edge's rate limits
 * ({@code rate_limits.auth.*}), never per did, since a caller can name any did.
 */
public final class LoginChallenges {
    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 16;
    private static final int MAC_BYTES = 32;
    private static final int LENGTH = 1 + Long.BYTES + NONCE_BYTES + MAC_BYTES;
    /** Separates this key from the token MAC's, which uses the secret itself. */
    private static final byte[] KEY_LABEL = "pouw-login-challenge-key-v1".getBytes(StandardCharsets.US_ASCII);

    /**
     * One MAC per thread, keyed once (looking the algorithm up on every call costs more than the MAC itself), for the
     * issuing secret and, while secrets rotate, the accepted one (null: none). Replaced whole when a rotation's step
     * reloads the secrets.
     */
    private record Keys(ThreadLocal<Mac> issuing, ThreadLocal<Mac> accepted) {
        static Keys of(byte[] tokenSecret, byte[] accepted) {
            SecretKeySpec key = challengeKey(tokenSecret);
            SecretKeySpec acceptedKey = accepted == null ? null : challengeKey(accepted);
            return new Keys(ThreadLocal.withInitial(() -> keyed(key)),
                    acceptedKey == null ? null : ThreadLocal.withInitial(() -> keyed(acceptedKey)));
        }
    }

    private volatile Keys keys;
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final long ttlMs;

    public LoginChallenges(byte[] tokenSecret, Clock clock, long ttlMs) {
        this(tokenSecret, null, clock, ttlMs);
    }

    /** Issues under {@code tokenSecret}; accepts challenges made under it or under {@code accepted} (null: none). */
    public LoginChallenges(byte[] tokenSecret, byte[] accepted, Clock clock, long ttlMs) {
        this.keys = Keys.of(tokenSecret, accepted);
        this.clock = clock;
        this.ttlMs = ttlMs;
    }

    /** Issues under {@code tokenSecret} and accepts {@code accepted} (null: none) from now on: a rotation's step. */
    public void replaceSecrets(byte[] tokenSecret, byte[] accepted) {
        keys = Keys.of(tokenSecret, accepted);
    }

    private static SecretKeySpec challengeKey(byte[] tokenSecret) {
        return new SecretKeySpec(keyed(new SecretKeySpec(tokenSecret, "HmacSHA256")).doFinal(KEY_LABEL), "HmacSHA256");
    }

    public record Challenge(String challenge, long expiresAtMs) {
    }

    /**
     * A challenge that passed its checks: when it expires, and its digest (64 lowercase hex), the name it is recorded
     * under once used.
     */
    public record Valid(long expiresAtMs, String digest) {
    }

    /** A fresh challenge for {@code did}; nothing is stored. */
    public Challenge issue(String did) {
        long expires = clock.millis() + ttlMs;
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        ByteBuffer out = ByteBuffer.allocate(LENGTH).put(VERSION).putLong(expires).put(nonce);
        out.put(mac(keys.issuing(), did, out.array(), LENGTH - MAC_BYTES));
        return new Challenge(CanonicalBase64Url.encode(out.array()), expires);
    }

    /**
     * The challenge if this node's secret made it for {@code did} and it has not expired; empty for anything else
     * (another did, another secret, a changed byte, a non-canonical spelling, an unknown version, expiry).
     */
    public Optional<Valid> check(String challenge, String did) {
        if (challenge == null || challenge.length() > 2 * LENGTH) {
            return Optional.empty();
        }
        byte[] bytes = CanonicalBase64Url.decode(challenge).orElse(null);
        if (bytes == null || bytes.length != LENGTH || bytes[0] != VERSION) {
            return Optional.empty();
        }
        byte[] given = java.util.Arrays.copyOfRange(bytes, LENGTH - MAC_BYTES, LENGTH);
        Keys current = keys;
        if (!(MessageDigest.isEqual(given, mac(current.issuing(), did, bytes, LENGTH - MAC_BYTES))
                || current.accepted() != null
                && MessageDigest.isEqual(given, mac(current.accepted(), did, bytes, LENGTH - MAC_BYTES)))) {
            return Optional.empty();
        }
        long expires = ByteBuffer.wrap(bytes, 1, Long.BYTES).getLong();
        if (expires < clock.millis()) {
            return Optional.empty();
        }
        return Optional.of(new Valid(expires, digest(bytes)));
    }

    private static byte[] mac(ThreadLocal<Mac> keyed, String did, byte[] payload, int length) {
        byte[] didBytes = did.getBytes(StandardCharsets.UTF_8);
        // the did's length first, so no (did, payload) pair can be spelled as another
        ByteBuffer input = ByteBuffer.allocate(Integer.BYTES + didBytes.length + length)
                .putInt(didBytes.length).put(didBytes).put(payload, 0, length);
        return keyed.get().doFinal(input.array());
    }

    private static Mac keyed(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("the JDK cannot compute HMAC-SHA256", e);
        }
    }

    private static String digest(byte[] challenge) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(challenge));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK cannot compute SHA-256", e);
        }
    }
}

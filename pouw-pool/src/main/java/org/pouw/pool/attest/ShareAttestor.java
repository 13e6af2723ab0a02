package org.pouw.pool.attest;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.random.RandomGenerator;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.pool.share.ValidShare;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Signs one attestation per accepted share (issue 23 §1; docs/gate.md §9, docs/pool.md §4): the pool's Ed25519 key
 * over the RFC 8785 bytes of {@code type, id, pool, kid?, aud, miner, share, issued_at_ms, expires_at_ms}, with the share's
 * challenge, header, coinbase, Merkle branch and credited difficulty inside, so the node re-checks the work itself.
 * Never a running total: each attestation covers exactly one share, and the node redeems each header hash once.
 * The miner's reputation is never signed into it.
 */
public final class ShareAttestor {
    public static final String TYPE = "pouw-pool-attestation-v1";
    public static final String SHARE_KIND = "sha256d-header";
    /** The node accepts attestations living at most 10 minutes (docs/gate.md §9). */
    public static final long MAX_LIFETIME_MS = 10 * 60_000L;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HexFormat HEX = HexFormat.of();

    private final Ed25519.KeyPair poolKey;
    private final String pool;
    private final String kid;
    private final String audience;
    private final Clock clock;
    private final long lifetimeMs;
    private final RandomGenerator random;

    public ShareAttestor(Ed25519.KeyPair poolKey, String pool, String audience, Clock clock, long lifetimeMs) {
        this(poolKey, pool, audience, clock, lifetimeMs, new SecureRandom());
    }

    /** @param random draws attestation ids; a {@code SecureRandom} in production, seeded only for test vectors */
    public ShareAttestor(Ed25519.KeyPair poolKey, String pool, String audience, Clock clock, long lifetimeMs,
            RandomGenerator random) {
        this(poolKey, pool, "", audience, clock, lifetimeMs, random);
    }

    /**
     * @param kid which of the pool's keys this is, named in every attestation so the node can rotate keys
     *            ({@code pools.trusted} {@code <pool>/<kid>=…}); {@code ""} names none
     */
    public ShareAttestor(Ed25519.KeyPair poolKey, String pool, String kid, String audience, Clock clock,
            long lifetimeMs, RandomGenerator random) {
        if (!kid.isEmpty() && !kid.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("kid must be 1…64 letters, digits, '.', '_' or '-', got '" + kid + "'");
        }
        this.kid = kid;
        if (lifetimeMs < 1_000 || lifetimeMs > MAX_LIFETIME_MS) {
            throw new IllegalArgumentException("attestation_ttl_ms must be 1000…" + MAX_LIFETIME_MS + ", got "
                    + lifetimeMs);
        }
        this.poolKey = poolKey;
        this.pool = pool;
        this.audience = audience;
        this.clock = clock;
        this.lifetimeMs = lifetimeMs;
        this.random = random;
    }

    public ObjectNode attest(ValidShare share) {
        byte[] id = new byte[16];
        random.nextBytes(id);
        long now = clock.millis();
        ObjectNode body = JSON.createObjectNode();
        body.put("type", TYPE);
        body.put("id", HEX.formatHex(id));
        body.put("pool", pool);
        if (!kid.isEmpty()) {
            body.put("kid", kid);
        }
        body.put("aud", audience);
        body.put("miner", share.miner());
        ObjectNode work = body.putObject("share");
        work.put("kind", SHARE_KIND);
        work.set("challenge", share.challenge().deepCopy());
        work.put("header", HEX.formatHex(share.header()));
        work.put("coinbase", HEX.formatHex(share.coinbase()));
        work.putArray("branch");
        work.put("difficulty", share.difficulty());
        body.put("issued_at_ms", now);
        body.put("expires_at_ms", now + lifetimeMs);
        byte[] signature = poolKey.sign(JacksonJcs.bytes(body));
        body.put("sig", Base64.getUrlEncoder().withoutPadding().encodeToString(signature));
        return body;
    }

    public String pool() {
        return pool;
    }

    public String audience() {
        return audience;
    }

    @Override
    public String toString() {
        return "ShareAttestor[" + pool + " for " + audience + ", key redacted]";
    }
}

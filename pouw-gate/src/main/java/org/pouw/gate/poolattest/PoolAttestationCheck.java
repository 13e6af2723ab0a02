package org.pouw.gate.poolattest;

import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.gate.GateTypeTag;
import org.pouw.gate.GateVerdict;
import org.pouw.gate.RejectionReason;
import org.pouw.gate.challenge.ChallengeCheck;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.crypto.jcs.JcsWriter;
import org.pouw.crypto.jcs.JsonRefusedException;

/**
 * The stateless check of a pool attestation (issue 21 §4, {@code pool_validated}): type tag, shape, a pool this node
 * is configured to trust, that pool's signature, this node as the audience, the validity window on the
 * {@link Clock}, and then the share itself — the node re-checks the work with its own minimum, whatever the pool
 * thought enough ({@link HeaderShareCheck} for a header mined on this node's share challenge). Redemption (one token
 * per share) and the miner's signature on the request are the caller's next steps.
 */
public final class PoolAttestationCheck {
    /** An attestation is a receipt for a token, used within minutes; a bound keeps its redemption entry short-lived. */
    public static final long MAX_LIFETIME_MS = 10 * 60_000L;
    private static final Base64.Decoder B64 = Base64.getUrlDecoder();

    /** pool → kid → key. */
    private final Map<String, Map<String, PoolKey>> poolKeys;
    private final String audience;
    private final Clock clock;
    private final long skewMs;
    private final HeaderShareCheck headers;

    /**
     * @param poolKeys        pool name → the pool's Ed25519 public key, from this node's configuration
     * @param shareChallenges this node's check of its own challenges, which header shares are mined on
     * @param minShareBits    the leading zero bits this node requires of a share, 1…64
     */
    public PoolAttestationCheck(Map<String, byte[]> poolKeys, String audience, Clock clock, long skewMs,
            ChallengeCheck shareChallenges, int minShareBits) {
        this(poolKeys.entrySet().stream().map(e -> PoolKey.only(e.getKey(), e.getValue())).toList(), audience,
                clock, skewMs, shareChallenges, minShareBits);
    }

    /** @param poolKeys every trusted pool's keys, each by its {@code kid} and with its {@code not_after} */
    public PoolAttestationCheck(List<PoolKey> poolKeys, String audience, Clock clock, long skewMs,
            ChallengeCheck shareChallenges, int minShareBits) {
        Map<String, Map<String, PoolKey>> keys = new HashMap<>();
        for (PoolKey key : poolKeys) {
            if (keys.computeIfAbsent(key.pool(), p -> new HashMap<>()).put(key.kid(), key) != null) {
                throw new IllegalArgumentException("pool " + key.pool() + " has two keys of kid '" + key.kid() + "'");
            }
        }
        keys.replaceAll((pool, byKid) -> Map.copyOf(byKid));
        if (minShareBits < 1 || minShareBits > 64) {
            throw new IllegalArgumentException("pools.min_share_bits must be 1…64, got " + minShareBits);
        }
        if (skewMs < 0) {
            throw new IllegalArgumentException("clock skew_ms must be >= 0, got " + skewMs);
        }
        this.poolKeys = Map.copyOf(keys);
        this.audience = audience;
        this.clock = clock;
        this.skewMs = skewMs;
        this.headers = new HeaderShareCheck(shareChallenges, minShareBits);
    }

    public GateVerdict<PoolAttestation> check(JcsValue value) {
        if (!(value instanceof JcsValue.Obj signed)) {
            return rejected(RejectionReason.MALFORMED, "an attestation is one JSON object");
        }
        if (!(signed.members().get("type") instanceof JcsValue.Str type)
                || !type.value().equals(GateTypeTag.POOL_ATTESTATION.tag())) {
            return rejected(RejectionReason.WRONG_TYPE, "expected a " + GateTypeTag.POOL_ATTESTATION.tag());
        }
        // The retired hashcash kind (docs/pool.md §4b) and any other: the wrong type of work, named.
        if (signed.members().get("share") instanceof JcsValue.Obj share
                && share.members().get("kind") instanceof JcsValue.Str kind
                && !kind.value().equals(HeaderShare.KIND)) {
            return rejected(RejectionReason.WRONG_TYPE, "share.kind must be " + HeaderShare.KIND + ", got "
                    + kind.value() + " (the hashcash kind is retired)");
        }
        PoolAttestation attestation;
        byte[] signature;
        JcsValue.Obj body = signed.without(PoolAttestationSigner.SIGNATURE_MEMBER);
        try {
            signature = B64.decode(signed.text(PoolAttestationSigner.SIGNATURE_MEMBER));
            attestation = PoolAttestation.fromJcs(body);
        } catch (JsonRefusedException e) {
            return rejected(RejectionReason.MALFORMED, e.getMessage());
        } catch (IllegalArgumentException e) {
            return rejected(RejectionReason.MALFORMED, "sig is not base64url");
        }
        Map<String, PoolKey> keys = poolKeys.get(attestation.pool());
        if (keys == null) {
            return rejected(RejectionReason.UNKNOWN_KEY, "pool " + attestation.pool() + " is not trusted here");
        }
        PoolKey poolKey = keys.get(attestation.kid());
        if (poolKey == null) {
            return rejected(RejectionReason.UNKNOWN_KEY, "pool " + attestation.pool() + " has no key "
                    + (attestation.kid().isEmpty() ? "without a kid" : "of kid " + attestation.kid()) + " here");
        }
        if (!Ed25519.verify(poolKey.publicKey(), JcsWriter.canonicalBytes(body), signature)) {
            return rejected(RejectionReason.BAD_SIGNATURE, "the attestation is not signed by pool "
                    + attestation.pool());
        }
        // A retired key signs nothing new here: after not_after, on this node's clock, the key is not believed.
        if (clock.millis() > poolKey.notAfterMs()) {
            return rejected(RejectionReason.EXPIRED, "pool " + attestation.pool() + "'s key "
                    + (attestation.kid().isEmpty() ? "" : attestation.kid() + " ") + "is retired since "
                    + poolKey.notAfterMs() + " ms");
        }
        if (!attestation.audience().equals(audience)) {
            return rejected(RejectionReason.WRONG_AUDIENCE, "the attestation is for " + attestation.audience());
        }
        if (attestation.expiresAtMs() - attestation.issuedAtMs() > MAX_LIFETIME_MS) {
            return rejected(RejectionReason.MALFORMED, "an attestation lives at most " + MAX_LIFETIME_MS + " ms");
        }
        long now = clock.millis();
        if (now >= attestation.expiresAtMs()) {
            return rejected(RejectionReason.EXPIRED, "the attestation expired at " + attestation.expiresAtMs());
        }
        if (attestation.issuedAtMs() > now + skewMs) {
            return rejected(RejectionReason.NOT_YET_VALID, "the attestation is issued in the future");
        }
        return headers.check(attestation.share(), attestation.miner())
                .<GateVerdict<PoolAttestation>>map(PoolAttestationCheck::rejected)
                .orElse(GateVerdict.accepted(attestation));
    }

    /**
     * The node's own re-check of a header share for {@code miner}, the same as for an attested one: used on a share
     * before it is relayed to a pool. Empty when it counts here.
     */
    public Optional<GateVerdict.Rejected<?>> checkShare(HeaderShare share, String miner) {
        return headers.check(share, miner);
    }

    private static GateVerdict<PoolAttestation> rejected(RejectionReason reason, String detail) {
        return GateVerdict.rejected(reason, detail);
    }

    private static GateVerdict<PoolAttestation> rejected(GateVerdict.Rejected<?> refused) {
        return refused.as();
    }
}

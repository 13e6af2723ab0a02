package org.pouw.pool.share;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.pouw.core.Clock;
import org.pouw.crypto.DidKey;
import org.pouw.crypto.Ed25519;
import org.pouw.pool.attest.JacksonJcs;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks a node's share challenge offline with the node's published challenge key (issue 23 §1; docs/gate.md §3):
 * type tag, exact members, kind {@code share}, the Ed25519 signature over the RFC 8785 bytes of the body, and
 * validity on the pool's clock. Verified challenges are remembered by their signed text (a few thousand at most),
 * since every share a miner sends carries the same one and a verification costs more than the hashing.
 */
final class ChallengeVerifier {
    static final String TYPE = "pouw-challenge-v1";
    static final String KIND = "share";
    private static final Set<String> MEMBERS = Set.of("type", "id", "node", "store", "did", "kind", "difficulty",
            "resource", "issued_at_ms", "expires_at_ms", "sig");
    private static final int REMEMBERED = 4096;

    private final byte[] nodeChallengeKey;
    private final Clock clock;
    private final long skewMs;
    private final Map<String, ShareChallenge> verified = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ShareChallenge> eldest) {
            return size() > REMEMBERED;
        }
    };

    ChallengeVerifier(byte[] nodeChallengeKey, Clock clock, long skewMs) {
        if (nodeChallengeKey.length != Ed25519.PUBLIC_KEY_LENGTH) {
            throw new IllegalArgumentException("the node's challenge public key has 32 bytes, got "
                    + nodeChallengeKey.length);
        }
        this.nodeChallengeKey = nodeChallengeKey.clone();
        this.clock = clock;
        this.skewMs = skewMs;
    }

    /** The challenge, or the refusal; {@code field} is where the challenge sits in the request. */
    Checked<ShareChallenge> check(JsonNode value) {
        if (!(value instanceof ObjectNode challenge)) {
            return Checked.no(ShareReason.MALFORMED, "challenge", "challenge must be the node's signed "
                    + "challenge object");
        }
        String text;
        try {
            text = JacksonJcs.text(challenge);
        } catch (IllegalArgumentException e) {
            return Checked.no(ShareReason.MALFORMED, "challenge", e.getMessage());
        }
        ShareChallenge known;
        synchronized (verified) {
            known = verified.get(text);
        }
        if (known == null) {
            Checked<ShareChallenge> fresh = verify(challenge);
            if (fresh.failed()) {
                return fresh;
            }
            known = fresh.value();
            synchronized (verified) {
                verified.put(text, known);
            }
        }
        return unexpired(known);
    }

    /** A challenge verified before (a Stratum job's), as long as it is valid on the pool's clock. */
    Checked<ShareChallenge> unexpired(ShareChallenge known) {
        if (clock.millis() >= known.expiresAtMs()) {
            return Checked.no(ShareReason.STALE, "challenge", "the challenge expired at "
                    + known.expiresAtMs());
        }
        return Checked.ok(known);
    }

    private Checked<ShareChallenge> verify(ObjectNode challenge) {
        if (!TYPE.equals(challenge.path("type").asString(null))) {
            return Checked.no(ShareReason.UNKNOWN_CHALLENGE, "challenge.type", "expected a " + TYPE);
        }
        for (String name : challenge.propertyNames()) {
            if (!MEMBERS.contains(name)) {
                return Checked.no(ShareReason.MALFORMED, "challenge." + name, "unknown member in a "
                        + "challenge");
            }
        }
        for (String name : MEMBERS) {
            if (!challenge.has(name)) {
                return Checked.no(ShareReason.MALFORMED, "challenge." + name, "the challenge has no "
                        + name);
            }
        }
        if (!KIND.equals(challenge.get("kind").asString(null))) {
            return Checked.no(ShareReason.UNKNOWN_CHALLENGE, "challenge.kind", "shares are mined on a "
                    + "share challenge (POST /v1/challenges {\"kind\":\"share\"})");
        }
        byte[] signature;
        try {
            signature = Base64.getUrlDecoder().decode(challenge.get("sig").asString(""));
        } catch (IllegalArgumentException e) {
            return Checked.no(ShareReason.MALFORMED, "challenge.sig", "sig is not base64url");
        }
        ObjectNode body = challenge.deepCopy();
        body.remove("sig");
        byte[] bodyBytes;
        try {
            bodyBytes = JacksonJcs.bytes(body);
        } catch (IllegalArgumentException e) {
            return Checked.no(ShareReason.MALFORMED, "challenge", e.getMessage());
        }
        if (signature.length != Ed25519.SIGNATURE_LENGTH || !Ed25519.verify(nodeChallengeKey, bodyBytes, signature)) {
            return Checked.no(ShareReason.UNKNOWN_CHALLENGE, "challenge.sig", "the challenge is not "
                    + "signed by the node's challenge key");
        }
        JsonNode did = challenge.get("did");
        JsonNode bits = challenge.get("difficulty");
        JsonNode issued = challenge.get("issued_at_ms");
        JsonNode expires = challenge.get("expires_at_ms");
        if (!did.isString() || !DidKey.isValid(did.asString()) || !bits.isIntegralNumber() || bits.asLong() < 1
                || bits.asLong() > 64 || !issued.isIntegralNumber() || !expires.isIntegralNumber()
                || !challenge.get("id").isString()) {
            return Checked.no(ShareReason.MALFORMED, "challenge", "a signed challenge with members of "
                    + "the wrong type");
        }
        if (issued.asLong() > clock.millis() + skewMs) {
            return Checked.no(ShareReason.STALE, "challenge", "the challenge is issued in the future");
        }
        return Checked.ok(new ShareChallenge(challenge.get("id").asString(), did.asString(), (int) bits.asLong(),
                expires.asLong(), ShareHeader.sha256d(JacksonJcs.bytes(challenge))));
    }
}

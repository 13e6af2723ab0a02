package org.pouw.gate.token;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.gate.GateTypeTag;
import org.pouw.gate.GateVerdict;
import org.pouw.gate.RejectionReason;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.crypto.jcs.JcsWriter;
import org.pouw.crypto.jcs.JsonRefusedException;
import org.pouw.crypto.jcs.StrictJsonParser;

/**
 * Checks a {@code pouw-at-v1} token offline with the node's published token public keys (issue 21 §4, §6): the
 * node uses it on every call, and an integrator uses it to gate its own API. Order, cheapest first and nothing
 * unsigned believed: wire shape → strict parse of the body, which must be exactly its canonical bytes → type tag →
 * {@code kid} names a trusted key → Ed25519 signature → audience → lifetime within the mode's ceiling → not expired,
 * not issued ahead of the clock beyond the skew.
 */
public final class AccessTokenVerifier {
    /** The type tag and a dot: tokens say what they are before anything is decoded. */
    public static final String PREFIX = GateTypeTag.ACCESS_TOKEN.tag() + ".";
    /** A token is a header value: a body of a few hundred bytes and a 64-byte signature, well under this. */
    public static final int MAX_TOKEN_CHARS = 1024;
    private static final Base64.Decoder B64 = Base64.getUrlDecoder();
    private static final Base64.Encoder B64E = Base64.getUrlEncoder().withoutPadding();
    private static final StrictJsonParser PARSER = StrictJsonParser.ascii(MAX_TOKEN_CHARS);

    private final Map<String, byte[]> keysByKid;
    private final String audience;
    private final Clock clock;
    private final long skewMs;

    /**
     * @param tokenPublicKeys the node's token public keys (more than one while a key is rotated)
     * @param audience        what {@code aud} must be: this node's, or the integrator's service name
     * @param skewMs          how far {@code iat} may lie ahead of this clock
     */
    public AccessTokenVerifier(List<byte[]> tokenPublicKeys, String audience, Clock clock, long skewMs) {
        if (tokenPublicKeys.isEmpty()) {
            throw new IllegalArgumentException("token_public_keys must name at least one key");
        }
        if (audience == null || audience.isEmpty()) {
            throw new IllegalArgumentException("audience must be set");
        }
        if (skewMs < 0) {
            throw new IllegalArgumentException("clock skew_ms must be >= 0, got " + skewMs);
        }
        Map<String, byte[]> keys = new LinkedHashMap<>();
        for (byte[] key : tokenPublicKeys) {
            if (key.length != Ed25519.PUBLIC_KEY_LENGTH) {
                throw new IllegalArgumentException("a token public key has 32 bytes, got " + key.length);
            }
            keys.put(TokenKey.kidOf(key), key.clone());
        }
        this.keysByKid = Map.copyOf(keys);
        this.audience = audience;
        this.clock = clock;
        this.skewMs = skewMs;
    }

    public GateVerdict<AccessToken> verify(String wire) {
        if (wire == null || wire.length() > MAX_TOKEN_CHARS) {
            return rejected(RejectionReason.MALFORMED, "a token is at most " + MAX_TOKEN_CHARS + " characters");
        }
        if (!wire.startsWith(PREFIX)) {
            return rejected(RejectionReason.MALFORMED, "not a " + GateTypeTag.ACCESS_TOKEN.tag() + " token");
        }
        String rest = wire.substring(PREFIX.length());
        int dot = rest.indexOf('.');
        if (dot <= 0 || rest.indexOf('.', dot + 1) >= 0) {
            return rejected(RejectionReason.MALFORMED, "a token is pouw-at-v1.<body>.<signature>");
        }
        byte[] bodyBytes;
        byte[] signature;
        JcsValue.Obj body;
        try {
            bodyBytes = B64.decode(rest.substring(0, dot));
            signature = B64.decode(rest.substring(dot + 1));
            if (!(PARSER.parse(bodyBytes) instanceof JcsValue.Obj parsed)) {
                return rejected(RejectionReason.MALFORMED, "a token body is one JSON object");
            }
            body = parsed;
        } catch (JsonRefusedException e) {
            return rejected(RejectionReason.MALFORMED, e.getMessage());
        } catch (IllegalArgumentException e) {
            return rejected(RejectionReason.MALFORMED, "a token's parts are unpadded base64url");
        }
        // One token, one spelling: a re-encoded body, padding, or stray low bits in a last base64 character would
        // give one grant several strings (and several rate-limit or cache keys).
        if (!Arrays.equals(bodyBytes, JcsWriter.canonicalBytes(body))) {
            return rejected(RejectionReason.MALFORMED, "the token body is not in its canonical (RFC 8785) form");
        }
        if (!B64E.encodeToString(bodyBytes).equals(rest.substring(0, dot))
                || !B64E.encodeToString(signature).equals(rest.substring(dot + 1))) {
            return rejected(RejectionReason.MALFORMED, "a token's parts are unpadded base64url in canonical form");
        }
        if (!(body.members().get("type") instanceof JcsValue.Str type)
                || !type.value().equals(GateTypeTag.ACCESS_TOKEN.tag())) {
            return rejected(RejectionReason.WRONG_TYPE, "the body is not a " + GateTypeTag.ACCESS_TOKEN.tag());
        }
        AccessToken token;
        try {
            token = AccessToken.fromJcs(body);
        } catch (JsonRefusedException e) {
            return rejected(RejectionReason.MALFORMED, e.getMessage());
        }
        byte[] key = keysByKid.get(token.kid());
        if (key == null) {
            return rejected(RejectionReason.UNKNOWN_KEY, "kid " + token.kid() + " names no token key of this node");
        }
        if (!Ed25519.verify(key, bodyBytes, signature)) {
            return rejected(RejectionReason.BAD_SIGNATURE, "the token is not signed by key " + token.kid());
        }
        if (!token.audience().equals(audience)) {
            return rejected(RejectionReason.WRONG_AUDIENCE, "the token is for " + token.audience());
        }
        if (token.expiresAtMs() - token.issuedAtMs() > token.mode().maxLifetimeMs()) {
            return rejected(RejectionReason.MALFORMED, "a " + token.mode().wire() + " token lives at most "
                    + token.mode().maxLifetimeMs() + " ms");
        }
        long now = clock.millis();
        if (now >= token.expiresAtMs()) {
            return rejected(RejectionReason.EXPIRED, "the token expired at " + token.expiresAtMs());
        }
        if (token.issuedAtMs() > now + skewMs) {
            return rejected(RejectionReason.NOT_YET_VALID, "the token is issued in the future");
        }
        return GateVerdict.accepted(token);
    }

    /** The body a token carries, decoded but not verified: for showing a token, never for deciding on one. */
    static String unverifiedBody(String wire) {
        String rest = wire.substring(PREFIX.length());
        return new String(B64.decode(rest.substring(0, rest.indexOf('.'))), StandardCharsets.US_ASCII);
    }

    private static GateVerdict<AccessToken> rejected(RejectionReason reason, String detail) {
        return GateVerdict.rejected(reason, detail);
    }
}

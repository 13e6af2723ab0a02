package org.pouw.gate.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;
import org.pouw.crypto.Ed25519;
import org.pouw.gate.GateVerdict;
import org.pouw.gate.RejectionReason;
import org.pouw.gate.challenge.ChallengeCheck;
import org.pouw.gate.challenge.ChallengeIssuer;
import org.pouw.gate.challenge.ChallengeKey;
import org.pouw.gate.challenge.SignedChallenge;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.crypto.jcs.JcsWriter;
import org.pouw.crypto.jcs.StrictJsonParser;
import org.pouw.gate.receipt.ReceiptValidator;
import org.pouw.gate.receipt.RedemptionPurpose;
import org.pouw.gate.redeem.InMemoryRedemptions;

/**
 * The {@code pouw-at-v1} token and its offline check (issue 21 §4; docs/gate.md §8): each attack is a token built
 * by the attacker and refused with its reason.
 */
class AccessTokenVerifierTest {
    private static final long T0 = 1_760_000_000_000L;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final SettableClock clock = new SettableClock(T0);
    private final Ed25519.KeyPair tokenKeys = Ed25519.KeyPair.fromPrivateKey(filled(4));
    private final Ed25519.KeyPair challengeKeys = Ed25519.KeyPair.fromPrivateKey(filled(3));
    private final TokenKey tokenKey = new TokenKey(tokenKeys);
    private final AccessTokenIssuer issuer = new AccessTokenIssuer(tokenKey, clock, new SplittableRandom(1), "node-a",
            TokenLifetimes.defaults());
    private final AccessTokenVerifier verifier = new AccessTokenVerifier(List.of(tokenKeys.publicKey()), "node-a",
            clock, 5_000);
    private final String did = Ed25519.KeyPair.fromPrivateKey(filled(1)).did().toString();

    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static RejectionReason reason(GateVerdict<?> verdict) {
        assertThat(verdict).isInstanceOf(GateVerdict.Rejected.class);
        return ((GateVerdict.Rejected<?>) verdict).reason();
    }

    /** A token over any body, signed by any key: what a forger can make. */
    private static String forge(JcsValue.Obj body, Ed25519.KeyPair signer) {
        byte[] bytes = JcsWriter.canonicalBytes(body);
        return AccessTokenVerifier.PREFIX + B64.encodeToString(bytes) + "." + B64.encodeToString(signer.sign(bytes));
    }

    private JcsValue.Obj honestBody() {
        return issuer.issue(TokenMode.POW, did).token().toJcs();
    }

    @Test
    void anIssuedTokenVerifiesUntilItExpires() {
        IssuedToken issued = issuer.issue(TokenMode.POW, did);
        assertThat(verifier.verify(issued.wire())).isEqualTo(GateVerdict.accepted(issued.token()));
        assertThat(issued.token().accessClass()).isEqualTo(AccessClass.WORK);
        assertThat(issued.token().kid()).isEqualTo(tokenKey.kid()).startsWith("at-").hasSize(19);
        assertThat(issued.token().expiresAtMs()).isEqualTo(T0 + 15 * 60_000L);
        clock.set(issued.token().expiresAtMs() - 1);
        assertThat(verifier.verify(issued.wire()).isAccepted()).isTrue();
    }

    @Test
    void anExpiredTokenIsExpired() {
        IssuedToken issued = issuer.issue(TokenMode.ANONYMOUS, "anonymous");
        clock.set(issued.token().expiresAtMs());
        assertThat(reason(verifier.verify(issued.wire()))).isEqualTo(RejectionReason.EXPIRED);
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        AccessTokenIssuer otherNode = new AccessTokenIssuer(tokenKey, clock, new SplittableRandom(2), "node-b",
                TokenLifetimes.defaults());
        assertThat(reason(verifier.verify(otherNode.issue(TokenMode.POW, did).wire())))
                .isEqualTo(RejectionReason.WRONG_AUDIENCE);
    }

    @Test
    void aForgedKidIsRefused() {
        Ed25519.KeyPair forger = Ed25519.KeyPair.fromPrivateKey(filled(9));
        // The forger's own kid names no key of this node.
        JcsValue.Obj ownKid = honestBody().with("kid", JcsValue.str(TokenKey.kidOf(forger.publicKey())));
        assertThat(reason(verifier.verify(forge(ownKid, forger)))).isEqualTo(RejectionReason.UNKNOWN_KEY);
        // The node's kid with the forger's signature: the kid picks the node's key, which refuses the signature.
        assertThat(reason(verifier.verify(forge(honestBody(), forger)))).isEqualTo(RejectionReason.BAD_SIGNATURE);
        // The challenge key is not a token key, even though this node owns it.
        assertThat(reason(verifier.verify(forge(honestBody().with("kid",
                JcsValue.str(TokenKey.kidOf(challengeKeys.publicKey()))), challengeKeys))))
                .isEqualTo(RejectionReason.UNKNOWN_KEY);
    }

    @Test
    void aClassOrSubjectRaisedAfterSigningIsRefused() {
        JcsValue.Obj raised = honestBody().with("mode", JcsValue.str("partner")).with("class",
                JcsValue.str("partner"));
        String wire = issuer.issue(TokenMode.POW, did).wire();
        String body = wire.substring(AccessTokenVerifier.PREFIX.length(), wire.lastIndexOf('.'));
        String tampered = wire.replace(body, B64.encodeToString(JcsWriter.canonicalBytes(raised)));
        assertThat(reason(verifier.verify(tampered))).isEqualTo(RejectionReason.BAD_SIGNATURE);
        // A class that does not follow from the mode is no token of this node, even signed.
        JcsValue.Obj mismatched = honestBody().with("class", JcsValue.str("partner"));
        assertThat(reason(verifier.verify(forge(mismatched, tokenKeys)))).isEqualTo(RejectionReason.MALFORMED);
    }

    @Test
    void aPartnerTokenLivingBeyondFifteenMinutesIsRefusedEvenIfSigned() {
        JcsValue.Obj tooLong = issuer.issue(TokenMode.PARTNER, "partner:acme").token().toJcs()
                .with("exp", JcsValue.integer(T0 + 15 * 60_000L + 1));
        assertThat(reason(verifier.verify(forge(tooLong, tokenKeys)))).isEqualTo(RejectionReason.MALFORMED);
        assertThatThrownBy(() -> new TokenLifetimes(Map.of(TokenMode.ANONYMOUS, 1L, TokenMode.POW, 1L,
                TokenMode.POOL_VALIDATED, 1L, TokenMode.PARTNER, 15 * 60_000L + 1)))
                .hasMessage("tokens.partner.ttl_ms must be 1…900000, got 900001");
    }

    @Test
    void aTokenIssuedAheadOfTheClockIsNotYetValid() {
        JcsValue.Obj ahead = honestBody().with("iat", JcsValue.integer(T0 + 6_000))
                .with("exp", JcsValue.integer(T0 + 60_000));
        assertThat(reason(verifier.verify(forge(ahead, tokenKeys)))).isEqualTo(RejectionReason.NOT_YET_VALID);
    }

    @Test
    void aNonCanonicalOrOddlyShapedTokenIsMalformed() {
        String wire = issuer.issue(TokenMode.POW, did).wire();
        String body = wire.substring(AccessTokenVerifier.PREFIX.length(), wire.lastIndexOf('.'));
        String json = new String(Base64.getUrlDecoder().decode(body), StandardCharsets.US_ASCII);
        String spaced = json.replace(",", ", ");
        assertThat(reason(verifier.verify(wire.replace(body, B64.encodeToString(spaced.getBytes(
                StandardCharsets.US_ASCII)))))).isEqualTo(RejectionReason.MALFORMED);
        assertThat(reason(verifier.verify(wire + ".x"))).isEqualTo(RejectionReason.MALFORMED);
        assertThat(reason(verifier.verify(wire + "=="))).isEqualTo(RejectionReason.MALFORMED);
        // The signature's last character carries 4 unused bits: flipping one decodes to the same signature.
        char last = wire.charAt(wire.length() - 1);
        String base64url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        String sameBytes = wire.substring(0, wire.length() - 1) + base64url.charAt(base64url.indexOf(last) ^ 1);
        assertThat(Base64.getUrlDecoder().decode(sameBytes.substring(sameBytes.lastIndexOf('.') + 1)))
                .isEqualTo(Base64.getUrlDecoder().decode(wire.substring(wire.lastIndexOf('.') + 1)));
        assertThat(reason(verifier.verify(sameBytes))).isEqualTo(RejectionReason.MALFORMED);
        assertThat(reason(verifier.verify(wire.replace(".", "=")))).isEqualTo(RejectionReason.MALFORMED);
        assertThat(reason(verifier.verify("x".repeat(2000)))).isEqualTo(RejectionReason.MALFORMED);
        assertThat(reason(verifier.verify(forge(honestBody().with("permissions", JcsValue.str("admin")),
                tokenKeys)))).isEqualTo(RejectionReason.MALFORMED);
    }

    @Test
    void aTokenPresentedAsAChallengeIsRefused() {
        String wire = issuer.issue(TokenMode.POW, did).wire();
        ChallengeCheck challenges = new ChallengeCheck(challengeKeys.publicKey(), clock, "node-a", "store-1", 5_000);
        // Its body, parsed as a challenge would be, carries the wrong type tag.
        JcsValue body = StrictJsonParser.ascii(1024).parse(AccessTokenVerifier.unverifiedBody(wire));
        assertThat(reason(challenges.check(body))).isEqualTo(RejectionReason.WRONG_TYPE);
        // Its wire form, offered where a receipt (which carries the challenge) is expected, is no JSON at all.
        ReceiptValidator receipts = new ReceiptValidator(challenges, new InMemoryRedemptions(), "pouw-testnet",
                5_000);
        assertThat(reason(receipts.validate(wire.getBytes(StandardCharsets.US_ASCII), RedemptionPurpose.TOKEN)))
                .isEqualTo(RejectionReason.MALFORMED);
    }

    @Test
    void aChallengeOrALoginTokenPresentedAsAnAccessTokenIsRefused() {
        ChallengeIssuer challenges = new ChallengeIssuer(new ChallengeKey(challengeKeys), clock,
                new SplittableRandom(3), "node-a", "store-1", 60_000);
        SignedChallenge challenge = challenges.hashcash(Ed25519.KeyPair.fromPrivateKey(filled(1)).did(), 20,
                OptionalInt.empty());
        assertThat(reason(verifier.verify(challenge.wire()))).isEqualTo(RejectionReason.MALFORMED);
        // The challenge's body in the token's wire shape, even signed by the token key: the type tag refuses it.
        assertThat(reason(verifier.verify(forge(challenge.challenge().toJcs(), tokenKeys))))
                .isEqualTo(RejectionReason.WRONG_TYPE);
        // A login token of pouw-node's shape: base64url(did "|" expires_at_ms) "." base64url(HMAC-SHA256).
        String loginBody = B64.encodeToString((did + "|" + (T0 + 60_000)).getBytes(StandardCharsets.UTF_8));
        String login = loginBody + "." + B64.encodeToString(hmac(filled(7), loginBody));
        assertThat(reason(verifier.verify(login))).isEqualTo(RejectionReason.MALFORMED);
        assertThat(reason(verifier.verify(AccessTokenVerifier.PREFIX + login))).isEqualTo(RejectionReason.MALFORMED);
    }

    @Test
    void aRotatedKeyIsAcceptedWhileListed() {
        Ed25519.KeyPair next = Ed25519.KeyPair.fromPrivateKey(filled(5));
        AccessTokenVerifier both = new AccessTokenVerifier(List.of(tokenKeys.publicKey(), next.publicKey()),
                "node-a", clock, 5_000);
        AccessTokenIssuer rotated = new AccessTokenIssuer(new TokenKey(next), clock, new SplittableRandom(4),
                "node-a", TokenLifetimes.defaults());
        String newer = rotated.issue(TokenMode.POW, did).wire();
        assertThat(both.verify(newer).isAccepted()).isTrue();
        assertThat(both.verify(issuer.issue(TokenMode.POW, did).wire()).isAccepted()).isTrue();
        assertThat(reason(verifier.verify(newer))).isEqualTo(RejectionReason.UNKNOWN_KEY);
    }

    @Test
    void theTokenKeyRefusesToSignAnotherKeysKidAndHidesItsPrivateKey() {
        AccessToken foreign = new AccessToken("node-a", "00", "at-0000000000000000", did, TokenMode.POW, T0,
                T0 + 1);
        assertThatThrownBy(() -> tokenKey.sign(foreign)).isInstanceOf(IllegalArgumentException.class);
        assertThat(tokenKey.toString()).doesNotContain(java.util.HexFormat.of().formatHex(tokenKeys.privateKey()))
                .contains("redacted");
        assertThat(issuer.issue(TokenMode.POW, did).toString()).doesNotContain("pouw-at-v1.");
    }

    @Test
    void theTokenKeyMustNotBeTheChallengeKey() {
        assertThatThrownBy(() -> new TokenKey(challengeKeys).requireDistinctFrom(challengeKeys.publicKey()))
                .hasMessage("tokens.key must be a dedicated key, not the challenge key");
        tokenKey.requireDistinctFrom(challengeKeys.publicKey());
    }

    private static byte[] hmac(byte[] secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(body.getBytes(StandardCharsets.US_ASCII));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

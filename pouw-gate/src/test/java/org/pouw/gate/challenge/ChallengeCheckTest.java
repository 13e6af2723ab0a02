package org.pouw.gate.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.pouw.core.SettableClock;
import org.pouw.crypto.DidKey;
import org.pouw.crypto.Ed25519;
import org.pouw.gate.GateTypeTag;
import org.pouw.gate.GateVerdict;
import org.pouw.gate.RejectionReason;
import org.junit.jupiter.api.Test;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.crypto.jcs.JcsWriter;
import org.pouw.crypto.jcs.StrictJsonParser;

/** Issuing and the stateless check of challenges (issue 21 §1; docs/gate.md §3), over a clock turned by hand. */
class ChallengeCheckTest {
    private static final long T0 = 1_760_000_000_000L;
    private static final long TTL = 60_000;
    private final Ed25519.KeyPair challengeKeys = Ed25519.KeyPair.fromPrivateKey(new byte[32]);
    private final SettableClock clock = new SettableClock(T0);
    private final ChallengeIssuer issuer = new ChallengeIssuer(new ChallengeKey(challengeKeys), clock,
            new SplittableRandom(7), "node-a", "store-1", TTL);
    private final ChallengeCheck check = new ChallengeCheck(challengeKeys.publicKey(), clock, "node-a", "store-1",
            5_000);
    private final DidKey client = Ed25519.KeyPair.fromPrivateKey(filled(1)).did();

    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        java.util.Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static JcsValue overTheWire(SignedChallenge challenge) {
        return StrictJsonParser.ascii(2048).parse(challenge.wire());
    }

    private static RejectionReason reason(GateVerdict<?> verdict) {
        assertThat(verdict).isInstanceOf(GateVerdict.Rejected.class);
        return ((GateVerdict.Rejected<?>) verdict).reason();
    }

    @Test
    void anIssuedChallengePassesUntilItExpires() {
        SignedChallenge issued = issuer.hashcash(client, 20, OptionalInt.empty());
        WorkChallenge body = issued.challenge();
        assertThat(body.resource()).isEqualTo(body.id()).hasSize(32);
        assertThat(body.expiresAtMs()).isEqualTo(T0 + TTL);
        assertThat(check.check(overTheWire(issued))).isEqualTo(GateVerdict.accepted(body));

        clock.set(T0 + TTL - 1);
        assertThat(check.check(overTheWire(issued)).isAccepted()).isTrue();
        clock.set(T0 + TTL);
        assertThat(reason(check.check(overTheWire(issued)))).isEqualTo(RejectionReason.EXPIRED);
    }

    @Test
    void aCallerMayAskForMoreBitsNeverFewer() {
        assertThat(issuer.hashcash(client, 20, OptionalInt.of(24)).challenge().difficulty()).isEqualTo(24);
        assertThat(issuer.hashcash(client, 20, OptionalInt.of(8)).challenge().difficulty()).isEqualTo(20);
    }

    @Test
    void aChallengeSignedByAnotherKeyIsBadSignature() {
        ChallengeKey forger = new ChallengeKey(Ed25519.KeyPair.fromPrivateKey(filled(9)));
        SignedChallenge forged = forger.sign(issuer.hashcash(client, 20, OptionalInt.empty()).challenge());
        assertThat(reason(check.check(overTheWire(forged)))).isEqualTo(RejectionReason.BAD_SIGNATURE);
    }

    @Test
    void aChallengeWithLoweredDifficultyIsBadSignature() {
        JcsValue.Obj wire = (JcsValue.Obj) overTheWire(issuer.hashcash(client, 20, OptionalInt.empty()));
        assertThat(reason(check.check(wire.with("difficulty", JcsValue.integer(1)))))
                .isEqualTo(RejectionReason.BAD_SIGNATURE);
    }

    @Test
    void aChallengeOfAnotherNodeOrStoreIsUnknown() {
        SignedChallenge issued = issuer.hashcash(client, 20, OptionalInt.empty());
        assertThat(reason(new ChallengeCheck(challengeKeys.publicKey(), clock, "node-b", "store-1", 0)
                .check(overTheWire(issued)))).isEqualTo(RejectionReason.UNKNOWN_CHALLENGE);
        assertThat(reason(new ChallengeCheck(challengeKeys.publicKey(), clock, "node-a", "store-2", 0)
                .check(overTheWire(issued)))).isEqualTo(RejectionReason.UNKNOWN_CHALLENGE);
    }

    @Test
    void aChallengeIssuedBeyondTheSkewAheadIsNotYetValid() {
        SignedChallenge issued = issuer.hashcash(client, 20, OptionalInt.empty());
        clock.set(T0 - 5_000);
        assertThat(check.check(overTheWire(issued)).isAccepted()).isTrue();
        clock.set(T0 - 5_001);
        assertThat(reason(check.check(overTheWire(issued)))).isEqualTo(RejectionReason.NOT_YET_VALID);
    }

    @Test
    void anAccessTokenSignedWithTheChallengeKeyIsNotAChallenge() {
        // Even if the very key signed it, an object typed as an access token never passes as a challenge.
        JcsValue.Obj body = issuer.hashcash(client, 20, OptionalInt.empty()).challenge().toJcs()
                .with("type", JcsValue.str(GateTypeTag.ACCESS_TOKEN.tag()));
        String sig = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(challengeKeys.sign(JcsWriter.canonicalBytes(body)));
        assertThat(reason(check.check(body.with("sig", JcsValue.str(sig))))).isEqualTo(RejectionReason.WRONG_TYPE);
    }

    @Test
    void aReceiptTypedObjectIsNotAChallenge() {
        JcsValue.Obj wire = (JcsValue.Obj) overTheWire(issuer.hashcash(client, 20, OptionalInt.empty()));
        assertThat(reason(check.check(wire.with("type", JcsValue.str(GateTypeTag.RECEIPT.tag())))))
                .isEqualTo(RejectionReason.WRONG_TYPE);
    }

    @Test
    void aSignedExtraMemberIsMalformed() {
        JcsValue.Obj body = issuer.hashcash(client, 20, OptionalInt.empty()).challenge().toJcs()
                .with("permissions", JcsValue.str("admin"));
        String sig = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(challengeKeys.sign(JcsWriter.canonicalBytes(body)));
        assertThat(reason(check.check(body.with("sig", JcsValue.str(sig))))).isEqualTo(RejectionReason.MALFORMED);
    }

    @Test
    void aMissingSignatureOrANonObjectIsMalformed() {
        JcsValue.Obj wire = (JcsValue.Obj) overTheWire(issuer.hashcash(client, 20, OptionalInt.empty()));
        assertThat(reason(check.check(wire.without("sig")))).isEqualTo(RejectionReason.MALFORMED);
        assertThat(reason(check.check(wire.with("sig", JcsValue.str("!!"))))).isEqualTo(RejectionReason.MALFORMED);
        assertThat(reason(check.check(new JcsValue.Arr(java.util.List.of(wire)))))
                .isEqualTo(RejectionReason.MALFORMED);
    }

    @Test
    void aUsefulChallengeNamesItsJob() {
        SignedChallenge useful = issuer.useful(client, "e7870e89216b617bbeb51643b34a29f8");
        assertThat(useful.challenge().kind()).isEqualTo(ChallengeKind.USEFUL);
        assertThat(useful.challenge().resource()).isEqualTo("e7870e89216b617bbeb51643b34a29f8");
        assertThat(check.check(overTheWire(useful)).isAccepted()).isTrue();
    }
}

package org.pouw.gate.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Base64;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;
import org.pouw.crypto.DidKey;
import org.pouw.crypto.Ed25519;
import org.pouw.gate.GateVerdict;
import org.pouw.gate.RejectionReason;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.crypto.jcs.StrictJsonParser;

/**
 * The issuing node's check of its own challenges by signing again and comparing (docs/gate.md §12): it accepts what
 * the verifying check accepts and refuses what it refuses — a forger's key, an altered body — and refuses, where the
 * verification does too, a malleated signature (S + L, the same point R).
 */
class OwnKeyChallengeCheckTest {
    private static final long T0 = 1_760_000_000_000L;
    /** The order of the Ed25519 base point, RFC 8032 §5.1. */
    private static final BigInteger L = BigInteger.TWO.pow(252)
            .add(new BigInteger("27742317777372353535851937790883648493"));
    private final Ed25519.KeyPair keys = Ed25519.KeyPair.fromPrivateKey(filled(3));
    private final ChallengeKey own = new ChallengeKey(keys);
    private final SettableClock clock = new SettableClock(T0);
    private final ChallengeIssuer issuer = new ChallengeIssuer(own, clock, new SplittableRandom(11), "node-a",
            "store-1", 60_000);
    private final ChallengeCheck byOwnKey = new ChallengeCheck(own, clock, "node-a", "store-1", 5_000);
    private final ChallengeCheck byPublicKey = new ChallengeCheck(keys.publicKey(), clock, "node-a", "store-1", 5_000);
    private final DidKey client = Ed25519.KeyPair.fromPrivateKey(filled(1)).did();

    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static JcsValue.Obj overTheWire(SignedChallenge challenge) {
        return (JcsValue.Obj) StrictJsonParser.ascii(2048).parse(challenge.wire());
    }

    private static RejectionReason reason(GateVerdict<?> verdict) {
        assertThat(verdict).isInstanceOf(GateVerdict.Rejected.class);
        return ((GateVerdict.Rejected<?>) verdict).reason();
    }

    @Test
    void anIssuedChallengePassesBothChecksAlike() {
        for (int i = 0; i < 20; i++) {
            SignedChallenge issued = issuer.hashcash(client, 20, OptionalInt.empty());
            assertThat(byOwnKey.check(overTheWire(issued))).isEqualTo(GateVerdict.accepted(issued.challenge()))
                    .isEqualTo(byPublicKey.check(overTheWire(issued)));
        }
    }

    @Test
    void aForgersKeyAndAnAlteredBodyAreBadSignature() {
        SignedChallenge forged = new ChallengeKey(Ed25519.KeyPair.fromPrivateKey(filled(9)))
                .sign(issuer.hashcash(client, 20, OptionalInt.empty()).challenge());
        assertThat(reason(byOwnKey.check(overTheWire(forged)))).isEqualTo(RejectionReason.BAD_SIGNATURE);
        JcsValue.Obj lowered = overTheWire(issuer.hashcash(client, 20, OptionalInt.empty()))
                .with("difficulty", JcsValue.integer(1));
        assertThat(reason(byOwnKey.check(lowered))).isEqualTo(RejectionReason.BAD_SIGNATURE);
        JcsValue.Obj noSignature = overTheWire(issuer.hashcash(client, 20, OptionalInt.empty()))
                .with("sig", JcsValue.str("AAAA"));
        assertThat(reason(byOwnKey.check(noSignature))).isEqualTo(RejectionReason.BAD_SIGNATURE);
    }

    @Test
    void aMalleatedSignatureIsRefusedByBoth() {
        SignedChallenge issued = issuer.hashcash(client, 20, OptionalInt.empty());
        JcsValue.Obj wire = overTheWire(issued);
        byte[] signature = Base64.getUrlDecoder().decode(wire.text("sig"));
        // S is the second half, little-endian; S + L is the same signature to a lax verifier.
        byte[] sLittle = Arrays.copyOfRange(signature, 32, 64);
        byte[] sBig = new byte[32];
        for (int i = 0; i < 32; i++) {
            sBig[i] = sLittle[31 - i];
        }
        byte[] sPlusL = new BigInteger(1, sBig).add(L).toByteArray();
        byte[] malleated = Arrays.copyOf(signature, 64);
        for (int i = 0; i < 32; i++) {
            malleated[32 + i] = i < sPlusL.length ? sPlusL[sPlusL.length - 1 - i] : 0;
        }
        JcsValue.Obj altered = wire.with("sig", JcsValue.str(Base64.getUrlEncoder().withoutPadding()
                .encodeToString(malleated)));
        assertThat(reason(byOwnKey.check(altered))).isEqualTo(RejectionReason.BAD_SIGNATURE);
        assertThat(reason(byPublicKey.check(altered))).isEqualTo(RejectionReason.BAD_SIGNATURE);
    }

    @Test
    void aChallengeThisInstanceDoesNotRememberIsRecognisedBySigningAgain() {
        // Issued before a restart: another instance of the same key signed it, and this one remembers none of it.
        ChallengeIssuer beforeTheRestart = new ChallengeIssuer(new ChallengeKey(keys), clock, new SplittableRandom(12),
                "node-a", "store-1", 60_000);
        SignedChallenge issued = beforeTheRestart.hashcash(client, 20, OptionalInt.empty());
        assertThat(byOwnKey.check(overTheWire(issued))).isEqualTo(GateVerdict.accepted(issued.challenge()));
        assertThat(reason(byOwnKey.check(overTheWire(issued).with("difficulty", JcsValue.integer(1)))))
                .isEqualTo(RejectionReason.BAD_SIGNATURE);
    }
}

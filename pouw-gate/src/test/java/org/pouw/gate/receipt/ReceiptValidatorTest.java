package org.pouw.gate.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;
import org.pouw.crypto.Ed25519;
import org.pouw.gate.GateVerdict;
import org.pouw.gate.RejectionReason;
import org.pouw.gate.challenge.ChallengeCheck;
import org.pouw.gate.challenge.ChallengeIssuer;
import org.pouw.gate.challenge.ChallengeKey;
import org.pouw.gate.challenge.SignedChallenge;
import org.pouw.gate.hashcash.HashcashCheck;
import org.pouw.gate.hashcash.HashcashMinter;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.gate.redeem.InMemoryRedemptions;

/**
 * Every attack of issue 21 that a receipt can carry, each refused with its reason (docs/gate.md §1, §5), and each
 * refusal consuming nothing: the same challenge can still be redeemed once by an honest receipt afterwards.
 */
class ReceiptValidatorTest {
    private static final long T0 = 1_760_000_000_000L;
    private static final long TTL = 60_000;
    private static final long SKEW = 5_000;
    private static final String NETWORK = "pouw-testnet";
    private static final int BITS = 10;

    private final Ed25519.KeyPair challengeKeys = Ed25519.KeyPair.fromPrivateKey(filled(3));
    private final Ed25519.KeyPair client = Ed25519.KeyPair.fromPrivateKey(filled(1));
    private final Ed25519.KeyPair stranger = Ed25519.KeyPair.fromPrivateKey(filled(2));
    private final SettableClock clock = new SettableClock(T0);
    private final ChallengeIssuer issuer = new ChallengeIssuer(new ChallengeKey(challengeKeys), clock,
            new SplittableRandom(11), "node-a", "store-1", TTL);
    private final InMemoryRedemptions redemptions = new InMemoryRedemptions();
    private final ReceiptValidator validator = new ReceiptValidator(
            new ChallengeCheck(challengeKeys.publicKey(), clock, "node-a", "store-1", SKEW), redemptions, NETWORK,
            SKEW);

    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private SignedChallenge challenge() {
        return issuer.hashcash(client.did(), BITS, OptionalInt.empty());
    }

    private static String stamp(SignedChallenge challenge, int bits, long seed) {
        return HashcashMinter.mint(challenge.challenge().resource(), bits, "261205", new SplittableRandom(seed));
    }

    private static WorkReceipt receipt(SignedChallenge challenge, String stamp) {
        return new WorkReceipt(challenge.toJcs(), stamp, "nonce-0123456789abcdef", T0 + 1_000);
    }

    private String honestWire(SignedChallenge challenge) {
        JcsValue.Obj signed = ReceiptSigner.sign(receipt(challenge, stamp(challenge, BITS, 1)), client,
                challenge.challenge().id(), NETWORK);
        return ReceiptSigner.wire(signed);
    }

    private GateVerdict<RedeemedChallenge> submit(String wire, RedemptionPurpose purpose) {
        return validator.validate(wire.getBytes(StandardCharsets.UTF_8), purpose);
    }

    private GateVerdict<RedeemedChallenge> submit(String wire) {
        return submit(wire, RedemptionPurpose.TOKEN);
    }

    private static RejectionReason reason(GateVerdict<?> verdict) {
        assertThat(verdict).isInstanceOf(GateVerdict.Rejected.class);
        return ((GateVerdict.Rejected<?>) verdict).reason();
    }

    /** The refusal changed nothing: an honest receipt for the same challenge still redeems, once. */
    private void stillRedeemableOnce(SignedChallenge challenge) {
        assertThat(submit(honestWire(challenge)).isAccepted()).isTrue();
        assertThat(reason(submit(honestWire(challenge)))).isEqualTo(RejectionReason.REPLAYED);
    }

    @Test
    void anHonestReceiptRedeemsItsChallenge() {
        SignedChallenge challenge = challenge();
        GateVerdict<RedeemedChallenge> verdict = submit(honestWire(challenge), RedemptionPurpose.REWARD);
        assertThat(verdict).isInstanceOf(GateVerdict.Accepted.class);
        RedeemedChallenge redeemed = ((GateVerdict.Accepted<RedeemedChallenge>) verdict).value();
        assertThat(redeemed.challenge()).isEqualTo(challenge.challenge());
        assertThat(redeemed.did()).isEqualTo(client.did().toString());
        assertThat(redeemed.purpose()).isEqualTo(RedemptionPurpose.REWARD);
        assertThat(redemptions.size()).isEqualTo(1);
    }

    @Test
    void aSecondRedemptionOfOneChallengeIsReplayed() {
        SignedChallenge challenge = challenge();
        String wire = honestWire(challenge);
        assertThat(submit(wire).isAccepted()).isTrue();
        assertThat(reason(submit(wire))).isEqualTo(RejectionReason.REPLAYED);
        // A fresh stamp and a fresh nonce for the same challenge do not help: the node's id is the key.
        JcsValue.Obj other = ReceiptSigner.sign(new WorkReceipt(challenge.toJcs(), stamp(challenge, BITS, 99),
                "another-nonce-0123456789", T0 + 2_000), client, challenge.challenge().id(), NETWORK);
        assertThat(reason(submit(ReceiptSigner.wire(other)))).isEqualTo(RejectionReason.REPLAYED);
    }

    @Test
    void aChallengeRedeemedForARewardCanNotBuyAToken() {
        SignedChallenge challenge = challenge();
        assertThat(submit(honestWire(challenge), RedemptionPurpose.REWARD).isAccepted()).isTrue();
        assertThat(reason(submit(honestWire(challenge), RedemptionPurpose.TOKEN))).isEqualTo(RejectionReason.REPLAYED);
    }

    @Test
    void aLoneSurrogateIsMalformed() {
        SignedChallenge challenge = challenge();
        String wire = honestWire(challenge).replace("nonce-0123456789abcdef", "nonce-0123456789abcde\\uD800");
        assertThat(reason(submit(wire))).isEqualTo(RejectionReason.MALFORMED);
        stillRedeemableOnce(challenge);
    }

    @Test
    void aDuplicateKeyIsMalformed() {
        SignedChallenge challenge = challenge();
        String wire = honestWire(challenge).replace("\"nonce\":", "\"nonce\":\"nonce-aaaaaaaaaaaaaaaa\",\"nonce\":");
        assertThat(reason(submit(wire))).isEqualTo(RejectionReason.MALFORMED);
        stillRedeemableOnce(challenge);
    }

    @Test
    void twoToThe53PlusOneIsMalformed() {
        SignedChallenge challenge = challenge();
        String wire = honestWire(challenge).replace("\"timestamp_ms\":" + (T0 + 1_000),
                "\"timestamp_ms\":9007199254740993");
        assertThat(wire).contains("9007199254740993");
        assertThat(reason(submit(wire))).isEqualTo(RejectionReason.MALFORMED);
        stillRedeemableOnce(challenge);
    }

    @Test
    void anArrayProofIsMalformed() {
        SignedChallenge challenge = challenge();
        String wire = honestWire(challenge);
        int proofAt = wire.indexOf("\"proof\":{") + "\"proof\":".length();
        int proofEnd = wire.indexOf('}', proofAt) + 1;
        String twoProofs = wire.substring(0, proofAt) + "[" + wire.substring(proofAt, proofEnd) + ","
                + wire.substring(proofAt, proofEnd) + "]" + wire.substring(proofEnd);
        assertThat(reason(submit(twoProofs))).isEqualTo(RejectionReason.MALFORMED);
        stillRedeemableOnce(challenge);
    }

    @Test
    void nonAsciiAndOversizedReceiptsAreMalformed() {
        SignedChallenge challenge = challenge();
        assertThat(reason(submit(honestWire(challenge).replace("nonce-0123456789abcdef", "nonce-0123456789abcd\u00e9f"))))
                .isEqualTo(RejectionReason.MALFORMED);
        String padded = honestWire(challenge).replace("\"nonce\":", "\"pad\":\"" + "x".repeat(5000) + "\",\"nonce\":");
        assertThat(reason(submit(padded))).isEqualTo(RejectionReason.MALFORMED);
        assertThat(reason(submit("[]"))).isEqualTo(RejectionReason.MALFORMED);
        stillRedeemableOnce(challenge);
    }

    @Test
    void aProofMemberOfTheWrongTypeIsMalformedAndNamedByItsPath() {
        SignedChallenge challenge = challenge();
        String wire = honestWire(challenge).replace("\"domain\":\"" + NETWORK + "\"", "\"domain\":7");
        GateVerdict<RedeemedChallenge> verdict = submit(wire);
        assertThat(reason(verdict)).isEqualTo(RejectionReason.MALFORMED);
        assertThat(((GateVerdict.Rejected<RedeemedChallenge>) verdict).detail())
                .isEqualTo("member 'domain' must be a string at $.proof.domain");
        stillRedeemableOnce(challenge);
    }

    @Test
    void aVerificationMethodOtherThanTheDidIsBadSignature() {
        SignedChallenge challenge = challenge();
        // A stranger signs with its own key and names it: the challenge was issued to another DID.
        JcsValue.Obj strangers = ReceiptSigner.sign(receipt(challenge, stamp(challenge, BITS, 1)), stranger,
                challenge.challenge().id(), NETWORK);
        assertThat(reason(submit(ReceiptSigner.wire(strangers)))).isEqualTo(RejectionReason.BAD_SIGNATURE);
        // The right key, but named by another key id than did#<the did's own key>.
        JcsValue.Obj otherId = ReceiptSigner.signWithConfig(receipt(challenge, stamp(challenge, BITS, 1)), client,
                ReceiptSigner.proofConfig(client.did() + "#keys-1", challenge.challenge().id(), NETWORK));
        assertThat(reason(submit(ReceiptSigner.wire(otherId)))).isEqualTo(RejectionReason.BAD_SIGNATURE);
        stillRedeemableOnce(challenge);
    }

    @Test
    void aWrongDomainIsBadSignature() {
        SignedChallenge challenge = challenge();
        JcsValue.Obj mainnet = ReceiptSigner.sign(receipt(challenge, stamp(challenge, BITS, 1)), client,
                challenge.challenge().id(), "pouw-mainnet");
        assertThat(reason(submit(ReceiptSigner.wire(mainnet)))).isEqualTo(RejectionReason.BAD_SIGNATURE);
        stillRedeemableOnce(challenge);
    }

    @Test
    void aProofForAnotherChallengeIsBadSignature() {
        SignedChallenge challenge = challenge();
        JcsValue.Obj elsewhere = ReceiptSigner.sign(receipt(challenge, stamp(challenge, BITS, 1)), client,
                challenge().challenge().id(), NETWORK);
        assertThat(reason(submit(ReceiptSigner.wire(elsewhere)))).isEqualTo(RejectionReason.BAD_SIGNATURE);
        stillRedeemableOnce(challenge);
    }

    @Test
    void aSolutionChangedAfterSigningIsBadSignature() {
        SignedChallenge challenge = challenge();
        String wire = honestWire(challenge);
        String otherStamp = stamp(challenge, BITS, 42);
        String swapped = wire.replace(stamp(challenge, BITS, 1), otherStamp);
        assertThat(swapped).isNotEqualTo(wire);
        assertThat(reason(submit(swapped))).isEqualTo(RejectionReason.BAD_SIGNATURE);
        stillRedeemableOnce(challenge);
    }

    @Test
    void anExpiredChallengeIsExpired() {
        SignedChallenge challenge = challenge();
        String wire = honestWire(challenge);
        clock.set(T0 + TTL);
        assertThat(reason(submit(wire))).isEqualTo(RejectionReason.EXPIRED);
        assertThat(redemptions.size()).isZero();
    }

    @Test
    void aForgedChallengeSignatureIsBadSignature() {
        SignedChallenge genuine = challenge();
        SignedChallenge forged = new ChallengeKey(stranger).sign(genuine.challenge());
        JcsValue.Obj receipt = ReceiptSigner.sign(receipt(forged, stamp(forged, BITS, 1)), client,
                forged.challenge().id(), NETWORK);
        assertThat(reason(submit(ReceiptSigner.wire(receipt)))).isEqualTo(RejectionReason.BAD_SIGNATURE);
        stillRedeemableOnce(genuine);
    }

    @Test
    void aStampBelowTheChallengesDifficultyIsInsufficientWork() {
        SignedChallenge challenge = issuer.hashcash(client.did(), 20, OptionalInt.empty());
        String weak = null;
        for (long seed = 0; weak == null; seed++) {
            String candidate = stamp(challenge, 4, seed);
            if (HashcashCheck.check(candidate, challenge.challenge().resource(), 20)
                    == org.pouw.gate.hashcash.HashcashVerdict.INSUFFICIENT_WORK) {
                weak = candidate;
            }
        }
        JcsValue.Obj receipt = ReceiptSigner.sign(receipt(challenge, weak), client, challenge.challenge().id(),
                NETWORK);
        assertThat(reason(submit(ReceiptSigner.wire(receipt)))).isEqualTo(RejectionReason.INSUFFICIENT_WORK);
        assertThat(redemptions.size()).isZero();
    }

    @Test
    void aStampForAnotherChallengeIsWrongResource() {
        SignedChallenge challenge = challenge();
        String foreign = stamp(challenge(), BITS, 1);
        JcsValue.Obj receipt = ReceiptSigner.sign(receipt(challenge, foreign), client, challenge.challenge().id(),
                NETWORK);
        assertThat(reason(submit(ReceiptSigner.wire(receipt)))).isEqualTo(RejectionReason.WRONG_RESOURCE);
        stillRedeemableOnce(challenge);
    }

    @Test
    void aChallengeOfferedAsAReceiptIsTheWrongType() {
        assertThat(reason(submit(challenge().wire()))).isEqualTo(RejectionReason.WRONG_TYPE);
    }

    @Test
    void aUsefulChallengeOnANodeWithoutAMarketLedgerIsNotEarned() {
        // This validator was built without a job-reward ledger: no job was ever paid here, so no useful receipt
        // counts, and the refusal consumes nothing. UsefulReceiptTest judges useful receipts against a ledger.
        SignedChallenge useful = issuer.useful(client.did(), "e7870e89216b617bbeb51643b34a29f8");
        JcsValue.Obj receipt = ReceiptSigner.sign(receipt(useful, "reward:e7870e89216b617bbeb51643b34a29f8"), client,
                useful.challenge().id(), NETWORK);
        assertThat(reason(submit(ReceiptSigner.wire(receipt)))).isEqualTo(RejectionReason.NOT_EARNED);
        assertThat(redemptions.size()).isZero();
    }
}

package org.pouw.pool.share;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;
import org.pouw.crypto.Ed25519;
import tools.jackson.databind.node.ObjectNode;

/**
 * The pool's share check (issue 23 §1, "Tests"): each refusal is built and named, and the attacks a pool must stop —
 * a share in another miner's name, work on another miner's challenge or coinbase, a header above its target, a share
 * counted twice (also respelt) — are refused before anything is credited.
 */
class ShareValidatorTest {
    private static final long T0 = 1_760_000_000_000L;
    private static final String ID = "5f1c0a3e9b7d24681357a9bdf0ce8642";
    private static final int NODE_BITS = 4;
    private static final long DIFFICULTY = 64;

    private final SettableClock clock = new SettableClock(T0);
    private final Ed25519.KeyPair nodeKey = Ed25519.KeyPair.fromPrivateKey(filled(3));
    private final Ed25519.KeyPair miner = Ed25519.KeyPair.fromPrivateKey(filled(1));
    private final Ed25519.KeyPair other = Ed25519.KeyPair.fromPrivateKey(filled(2));
    private final ShareValidator validator = new ShareValidator(nodeKey.publicKey(), clock, 1_000, 1);
    private final ObjectNode challenge = TestShares.challenge(nodeKey, did(miner), NODE_BITS, T0, T0 + 600_000, ID);

    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static String did(Ed25519.KeyPair key) {
        return key.did().toString();
    }

    private ObjectNode honest(String extranonce) {
        byte[] coinbase = TestShares.coinbase(did(miner), extranonce);
        return TestShares.share(challenge, did(miner), TestShares.grind(challenge, coinbase, DIFFICULTY, true),
                coinbase, DIFFICULTY, miner);
    }

    private ShareVerdict.Refused refused(ObjectNode share) {
        ShareVerdict verdict = validator.validate(TestShares.bytes(share));
        assertThat(verdict).isInstanceOf(ShareVerdict.Refused.class);
        return (ShareVerdict.Refused) verdict;
    }

    @Test
    void anHonestShareIsCreditedAtItsTargetAndCountedOnce() {
        ObjectNode share = honest("a");
        ShareVerdict verdict = validator.validate(TestShares.bytes(share));
        assertThat(verdict).isInstanceOf(ShareVerdict.Accepted.class);
        ShareVerdict.Accepted accepted = (ShareVerdict.Accepted) verdict;
        assertThat(accepted.credited()).isEqualTo(DIFFICULTY);
        assertThat(accepted.achieved()).isGreaterThanOrEqualTo(DIFFICULTY);
        assertThat(accepted.share().miner()).isEqualTo(did(miner));
        assertThat(accepted.hashHex()).hasSize(64);
        assertThat(refused(share).reason()).isEqualTo(ShareReason.DUPLICATE);
    }

    @Test
    void theSameHeaderInAnotherSpellingIsStillADuplicate() {
        ObjectNode share = honest("b");
        assertThat(validator.validate(TestShares.bytes(share))).isInstanceOf(ShareVerdict.Accepted.class);
        // Members in another order and with whitespace: the same signed tree, the same decoded header.
        String respelt = "{ \"signature\": " + share.get("signature") + ",\n"
                + share.toString().substring(1).replace(",\"signature\":" + share.get("signature"), "");
        ShareVerdict again = validator.validate(respelt.getBytes(StandardCharsets.UTF_8));
        assertThat(again).isInstanceOf(ShareVerdict.Refused.class);
        assertThat(((ShareVerdict.Refused) again).reason()).isEqualTo(ShareReason.DUPLICATE);
        // Upper-case hex is not another header; it is not the format.
        ObjectNode upper = share.deepCopy();
        upper.put("solution", share.get("solution").asString().toUpperCase());
        assertThat(refused(upper).reason()).isEqualTo(ShareReason.MALFORMED);
        assertThat(refused(upper).field()).isEqualTo("solution");
    }

    @Test
    void aShareInAnotherMinersNameIsRefusedBeforeItCountsForOrAgainstThem() {
        byte[] coinbase = TestShares.coinbase(did(miner), "c");
        ObjectNode framed = TestShares.share(challenge, did(miner), TestShares.grind(challenge, coinbase, DIFFICULTY,
                false), coinbase, DIFFICULTY, other);
        ShareVerdict.Refused verdict = refused(framed);
        assertThat(verdict.reason()).isEqualTo(ShareReason.BAD_SIGNATURE);
        assertThat(verdict.field()).isEqualTo("signature");
    }

    @Test
    void workOnAnotherMinersChallengeOrCoinbaseIsRefused() {
        ObjectNode theirs = TestShares.challenge(nodeKey, did(other), NODE_BITS, T0, T0 + 600_000,
                "00000000000000000000000000000001");
        byte[] coinbase = TestShares.coinbase(did(miner), "d");
        ObjectNode onTheirChallenge = TestShares.share(theirs, did(miner), TestShares.grind(theirs, coinbase,
                DIFFICULTY, true), coinbase, DIFFICULTY, miner);
        assertThat(refused(onTheirChallenge).reason()).isEqualTo(ShareReason.WRONG_MINER);
        byte[] theirCoinbase = TestShares.coinbase(did(other), "e");
        ObjectNode payingThem = TestShares.share(challenge, did(miner), TestShares.grind(challenge, theirCoinbase,
                DIFFICULTY, true), theirCoinbase, DIFFICULTY, miner);
        assertThat(refused(payingThem).reason()).isEqualTo(ShareReason.WRONG_MINER);
        assertThat(refused(payingThem).field()).isEqualTo("coinbase");
    }

    @Test
    void aChallengeTheNodeDidNotSignOrThatExpiredIsRefused() {
        ObjectNode forged = TestShares.challenge(Ed25519.KeyPair.fromPrivateKey(filled(9)), did(miner), NODE_BITS,
                T0, T0 + 600_000, ID);
        byte[] coinbase = TestShares.coinbase(did(miner), "f");
        assertThat(refused(TestShares.share(forged, did(miner), TestShares.grind(forged, coinbase, DIFFICULTY, true),
                coinbase, DIFFICULTY, miner)).reason()).isEqualTo(ShareReason.UNKNOWN_CHALLENGE);
        ObjectNode share = honest("g");
        clock.set(T0 + 600_000);
        assertThat(refused(share).reason()).isEqualTo(ShareReason.STALE);
    }

    @Test
    void aHeaderAboveItsTargetOrADifficultyBelowTheFloorIsLow() {
        byte[] coinbase = TestShares.coinbase(did(miner), "h");
        ObjectNode above = TestShares.share(challenge, did(miner), TestShares.grind(challenge, coinbase, DIFFICULTY,
                false), coinbase, DIFFICULTY, miner);
        assertThat(refused(above).reason()).isEqualTo(ShareReason.LOW_DIFFICULTY);
        // The node's 4 bits make the floor 16 expected hashes, whatever the pool's own floor of 1.
        ObjectNode belowFloor = TestShares.share(challenge, did(miner), TestShares.grind(challenge, coinbase, 8,
                true), coinbase, 8, miner);
        ShareVerdict.Refused verdict = refused(belowFloor);
        assertThat(verdict.reason()).isEqualTo(ShareReason.LOW_DIFFICULTY);
        assertThat(verdict.field()).isEqualTo("difficulty");
    }

    @Test
    void aHeaderWithOtherBitsOrANonceThatIsNotItsOwnIsRefused() {
        ObjectNode share = honest("i");
        byte[] header = java.util.HexFormat.of().parseHex(share.get("solution").asString());
        header[72] ^= 1;
        byte[] coinbase = TestShares.coinbase(did(miner), "i");
        assertThat(refused(TestShares.share(challenge, did(miner), header, coinbase, DIFFICULTY, miner)).reason())
                .isEqualTo(ShareReason.WRONG_WORK);
        ObjectNode wrongNonce = share.deepCopy();
        wrongNonce.put("nonce", "ffffffff");
        wrongNonce.remove("signature");
        wrongNonce.put("signature", java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(miner.sign(
                ShareValidator.preimage(wrongNonce))));
        assertThat(refused(wrongNonce).field()).isEqualTo("nonce");
    }

    @Test
    void badInputNamesItsFieldAndChangesNothing() {
        ObjectNode share = honest("j");
        ObjectNode extra = share.deepCopy();
        extra.put("credit", 1000);
        assertThat(refused(extra).field()).isEqualTo("credit");
        ObjectNode missing = share.deepCopy();
        missing.remove("difficulty");
        assertThat(refused(missing).field()).isEqualTo("difficulty");
        ObjectNode fraction = share.deepCopy();
        fraction.put("difficulty", 64.5);
        assertThat(refused(fraction).field()).isEqualTo("difficulty");
        ShareVerdict notJson = validator.validate("{\"challenge\":".getBytes(StandardCharsets.UTF_8));
        assertThat(((ShareVerdict.Refused) notJson).reason()).isEqualTo(ShareReason.MALFORMED);
        ShareVerdict twice = validator.validate(("{\"difficulty\":1,\"difficulty\":2}").getBytes(
                StandardCharsets.UTF_8));
        assertThat(((ShareVerdict.Refused) twice).reason()).isEqualTo(ShareReason.MALFORMED);
        // None of those used the honest share up.
        assertThat(validator.validate(TestShares.bytes(share))).isInstanceOf(ShareVerdict.Accepted.class);
    }
}

package org.pouw.gate.poolattest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;
import org.pouw.crypto.Base58;
import org.pouw.crypto.Ed25519;
import org.pouw.gate.GateTypeTag;
import org.pouw.gate.GateVerdict;
import org.pouw.gate.RejectionReason;
import org.pouw.gate.challenge.ChallengeCheck;
import org.pouw.gate.challenge.ChallengeIssuer;
import org.pouw.gate.challenge.ChallengeKey;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.crypto.jcs.JcsWriter;
import org.pouw.crypto.jcs.JsonRefusedException;
import org.pouw.gate.partner.InMemoryPartnerBudgets;
import org.pouw.gate.partner.InMemoryPartnerKeys;
import org.pouw.gate.partner.InMemoryPartnerSigningKeys;
import org.pouw.gate.partner.PartnerAccess;
import org.pouw.gate.partner.PartnerBudget;
import org.pouw.gate.partner.PartnerRequestCheck;
import org.pouw.gate.receipt.EddsaJcs2022;
import org.pouw.gate.receipt.ReceiptSigner;
import org.pouw.gate.receipt.ReceiptValidator;
import org.pouw.gate.redeem.InMemoryRedemptions;
import org.pouw.gate.token.AccessClass;
import org.pouw.gate.token.AccessToken;
import org.pouw.gate.token.AccessTokenIssuer;
import org.pouw.gate.token.IssuedToken;
import org.pouw.gate.token.TokenKey;
import org.pouw.gate.token.TokenLifetimes;
import org.pouw.gate.token.TokenMode;
import org.pouw.gate.token.TokenRequests;

/**
 * Pool keys by {@code kid} with {@code not_after}, and the class of pool tokens (issue 23 §1): a pool's tokens are
 * at most what {@code pow} buys unless the operator raised that pool; an attestation naming a kid the node does not
 * list, or signed by a key past its {@code not_after}, buys nothing; during a rotation both keys work, and after it
 * only the new one.
 */
class PoolKeyRotationTest {
    private static final long T0 = 1_760_000_000_000L;
    private static final String AUDIENCE = "node-a";
    private static final int NODE_BITS = 6;
    private static final long DIFFICULTY = 256;

    private final SettableClock clock = new SettableClock(T0);
    private final Ed25519.KeyPair challengeKeys = Ed25519.KeyPair.fromPrivateKey(filled(3));
    private final Ed25519.KeyPair oldKey = Ed25519.KeyPair.fromPrivateKey(filled(6));
    private final Ed25519.KeyPair newKey = Ed25519.KeyPair.fromPrivateKey(filled(7));
    private final Ed25519.KeyPair miner = Ed25519.KeyPair.fromPrivateKey(filled(1));
    private final ChallengeIssuer challenges = new ChallengeIssuer(new ChallengeKey(challengeKeys), clock,
            new SplittableRandom(9), "node-a", "store-1", 60_000);
    private final InMemoryRedemptions redemptions = new InMemoryRedemptions();
    private final ChallengeCheck ownChallenges = new ChallengeCheck(new ChallengeKey(challengeKeys), clock, "node-a",
            "store-1", 0);
    private final SplittableRandom random = new SplittableRandom(17);
    private int extranonce;

    private TokenRequests tokens(List<PoolKey> keys, Map<String, AccessClass> classes) {
        return new TokenRequests(new AccessTokenIssuer(new TokenKey(Ed25519.KeyPair.fromPrivateKey(filled(4))),
                clock, new SplittableRandom(1), AUDIENCE, TokenLifetimes.defaults()),
                new ReceiptValidator(ownChallenges, redemptions, "pouw-testnet", 0),
                new PoolAttestationCheck(keys, AUDIENCE, clock, 0, ownChallenges, NODE_BITS),
                new PoolTokenRate(Map.of("pool-1", 1000, "pool-2", 1000), classes, clock),
                new PartnerAccess(new InMemoryPartnerKeys(), new PartnerRequestCheck(new InMemoryPartnerSigningKeys(),
                        redemptions, clock, AUDIENCE, 0), new InMemoryPartnerBudgets(), clock,
                        new PartnerBudget(1, 60_000), Map.of()),
                redemptions, 0);
    }

    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    /** A fresh honest share of the miner's, attested by {@code pool} naming {@code kid}, signed with {@code key}. */
    private byte[] request(String pool, String kid, Ed25519.KeyPair key) {
        var challenge = challenges.share(miner.did(), NODE_BITS, 600_000);
        byte[] coinbase = HeaderShareMiner.coinbase(miner.did().toString(), String.valueOf(extranonce++));
        HeaderShare share = new HeaderShare(challenge.toJcs(), HeaderShareMiner.header(challenge.toJcs(), coinbase,
                DIFFICULTY, true), coinbase, List.of(), DIFFICULTY);
        byte[] id = new byte[16];
        random.nextBytes(id);
        long now = clock.millis();
        PoolAttestation attestation = new PoolAttestation(HexFormat.of().formatHex(id), pool, AUDIENCE,
                miner.did().toString(), share, now, now + 120_000, kid);
        JcsValue.Obj signed = new PoolAttestationSigner(key).sign(attestation);
        JcsValue.Obj document = JcsValue.Obj.of(Map.of("type", JcsValue.str(GateTypeTag.TOKEN_REQUEST.tag()),
                "mode", JcsValue.str("pool_validated"), "attestation", signed));
        JcsValue.Obj proofConfig = ReceiptSigner.proofConfig(EddsaJcs2022.verificationMethod(miner.did()),
                signed.text("id"), AUDIENCE);
        byte[] signature = miner.sign(EddsaJcs2022.hashData(proofConfig, document));
        return JcsWriter.canonicalBytes(document.with("proof", proofConfig.with("proofValue",
                JcsValue.str("z" + Base58.encode(signature)))));
    }

    private static AccessClass issuedClass(GateVerdict<IssuedToken> verdict) {
        assertThat(verdict).isInstanceOf(GateVerdict.Accepted.class);
        return ((GateVerdict.Accepted<IssuedToken>) verdict).value().token().accessClass();
    }

    private static RejectionReason reason(GateVerdict<?> verdict) {
        assertThat(verdict).isInstanceOf(GateVerdict.Rejected.class);
        return ((GateVerdict.Rejected<?>) verdict).reason();
    }

    @Test
    void poolTokensAreWorkClassLikePowUnlessTheOperatorRaisedThatPool() {
        TokenRequests tokens = tokens(List.of(PoolKey.only("pool-1", oldKey.publicKey()),
                PoolKey.only("pool-2", newKey.publicKey())), Map.of("pool-2", AccessClass.MINER));
        assertThat(issuedClass(tokens.request(request("pool-1", "", oldKey)))).isEqualTo(AccessClass.WORK)
                .isEqualTo(TokenMode.POW.accessClass());
        assertThat(issuedClass(tokens.request(request("pool-2", "", newKey)))).isEqualTo(AccessClass.MINER);
    }

    @Test
    void noSettingOrTokenLiftsAPoolTokenAboveMiner() {
        assertThatThrownBy(() -> new PoolTokenRate(Map.of("pool-1", 1), Map.of("pool-1", AccessClass.PARTNER), clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max_class");
        assertThatThrownBy(() -> new AccessToken(AUDIENCE, "j", "k", "s", TokenMode.POOL_VALIDATED,
                AccessClass.PARTNER, T0, T0 + 1)).isInstanceOf(JsonRefusedException.class).hasMessageContaining(
                "class");
        assertThatThrownBy(() -> new AccessToken(AUDIENCE, "j", "k", "s", TokenMode.POW, AccessClass.MINER, T0,
                T0 + 1)).isInstanceOf(JsonRefusedException.class);
    }

    @Test
    void anAttestationNamingAKidTheNodeDoesNotListBuysNothing() {
        TokenRequests tokens = tokens(List.of(new PoolKey("pool-1", "2026-12", oldKey.publicKey(), Long.MAX_VALUE)),
                Map.of());
        assertThat(reason(tokens.request(request("pool-1", "2027-01", oldKey)))).isEqualTo(
                RejectionReason.UNKNOWN_KEY);
        assertThat(reason(tokens.request(request("pool-1", "", oldKey)))).as("no kid is no key here either")
                .isEqualTo(RejectionReason.UNKNOWN_KEY);
        assertThat(issuedClass(tokens.request(request("pool-1", "2026-12", oldKey)))).isEqualTo(AccessClass.WORK);
    }

    @Test
    void anAttestationByAKeyPastItsNotAfterBuysNothing() {
        TokenRequests tokens = tokens(List.of(new PoolKey("pool-1", "2026-12", oldKey.publicKey(), T0 + 60_000)),
                Map.of());
        assertThat(issuedClass(tokens.request(request("pool-1", "2026-12", oldKey)))).isEqualTo(AccessClass.WORK);
        clock.set(T0 + 60_001);
        assertThat(reason(tokens.request(request("pool-1", "2026-12", oldKey)))).isEqualTo(RejectionReason.EXPIRED);
    }

    @Test
    void duringARotationBothKeysWorkEachUnderItsOwnKidAndAfterItOnlyTheNewOne() {
        TokenRequests tokens = tokens(List.of(new PoolKey("pool-1", "old", oldKey.publicKey(), T0 + 60_000),
                new PoolKey("pool-1", "new", newKey.publicKey(), Long.MAX_VALUE)), Map.of());
        assertThat(issuedClass(tokens.request(request("pool-1", "old", oldKey)))).isEqualTo(AccessClass.WORK);
        assertThat(issuedClass(tokens.request(request("pool-1", "new", newKey)))).isEqualTo(AccessClass.WORK);
        assertThat(reason(tokens.request(request("pool-1", "new", oldKey)))).as("the old key under the new kid")
                .isEqualTo(RejectionReason.BAD_SIGNATURE);
        clock.set(T0 + 61_000);
        assertThat(reason(tokens.request(request("pool-1", "old", oldKey)))).isEqualTo(RejectionReason.EXPIRED);
        assertThat(issuedClass(tokens.request(request("pool-1", "new", newKey)))).isEqualTo(AccessClass.WORK);
    }
}

package org.pouw.gate.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;
import org.pouw.crypto.Ed25519;
import org.pouw.gate.GateTypeTag;
import org.pouw.gate.GateVerdict;
import org.pouw.gate.RejectionReason;
import org.pouw.gate.challenge.ChallengeCheck;
import org.pouw.gate.challenge.ChallengeIssuer;
import org.pouw.gate.challenge.ChallengeKey;
import org.pouw.gate.challenge.SignedChallenge;
import org.pouw.gate.hashcash.HashcashMinter;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.crypto.jcs.JcsWriter;
import org.pouw.gate.partner.InMemoryPartnerBudgets;
import org.pouw.gate.partner.InMemoryPartnerKeys;
import org.pouw.gate.partner.InMemoryPartnerSigningKeys;
import org.pouw.gate.partner.PartnerAccess;
import org.pouw.gate.partner.PartnerBudget;
import org.pouw.gate.partner.PartnerKey;
import org.pouw.gate.partner.PartnerRequestCheck;
import org.pouw.gate.poolattest.HeaderShare;
import org.pouw.gate.poolattest.HeaderShareMiner;
import org.pouw.gate.poolattest.HeaderWork;
import org.pouw.gate.poolattest.PoolAttestation;
import org.pouw.gate.poolattest.PoolAttestationCheck;
import org.pouw.gate.poolattest.PoolTokenRate;
import org.pouw.gate.poolattest.PoolAttestationSigner;
import org.pouw.gate.receipt.EddsaJcs2022;
import org.pouw.gate.receipt.ReceiptSigner;
import org.pouw.gate.receipt.ReceiptValidator;
import org.pouw.gate.receipt.RedemptionPurpose;
import org.pouw.gate.receipt.WorkReceipt;
import org.pouw.gate.redeem.InMemoryRedemptions;
import org.pouw.gate.useful.InMemoryJobLeaseHolders;
import org.pouw.gate.useful.InMemoryJobRewardLedger;
import org.pouw.gate.useful.UsefulChallenges;
import org.pouw.gate.useful.UsefulWorkCheck;

/**
 * {@code POST /v1/tokens} as rules (issue 21 §4): the four modes, and for each the attack that would buy a token it
 * should not, refused with its reason. Every token that is issued is checked by the offline verifier.
 */
class TokenRequestsTest {
    private static final long T0 = 1_760_000_000_000L;
    private static final long SKEW = 5_000;
    private static final String NETWORK = "pouw-testnet";
    private static final String AUDIENCE = "node-a";
    private static final int POOL_BITS = 8;

    private final SettableClock clock = new SettableClock(T0);
    private final Ed25519.KeyPair challengeKeys = Ed25519.KeyPair.fromPrivateKey(filled(3));
    private final Ed25519.KeyPair tokenKeys = Ed25519.KeyPair.fromPrivateKey(filled(4));
    private final Ed25519.KeyPair poolKeys = Ed25519.KeyPair.fromPrivateKey(filled(6));
    private final Ed25519.KeyPair miner = Ed25519.KeyPair.fromPrivateKey(filled(1));
    private final Ed25519.KeyPair thief = Ed25519.KeyPair.fromPrivateKey(filled(2));
    private final InMemoryRedemptions redemptions = new InMemoryRedemptions();
    private final InMemoryPartnerKeys partnerKeys = new InMemoryPartnerKeys();
    private final InMemoryPartnerSigningKeys partnerSigners = new InMemoryPartnerSigningKeys();
    private final ChallengeIssuer challenges = new ChallengeIssuer(new ChallengeKey(challengeKeys), clock,
            new SplittableRandom(9), "node-a", "store-1", 60_000);
    private final ReceiptValidator receipts = new ReceiptValidator(
            new ChallengeCheck(challengeKeys.publicKey(), clock, "node-a", "store-1", SKEW), redemptions, NETWORK,
            SKEW);
    private final TokenRequests tokens = new TokenRequests(
            new AccessTokenIssuer(new TokenKey(tokenKeys), clock, new SplittableRandom(1), AUDIENCE,
                    TokenLifetimes.defaults()),
            receipts,
            new PoolAttestationCheck(Map.of("pool-1", poolKeys.publicKey()), AUDIENCE, clock, SKEW,
                    new ChallengeCheck(challengeKeys.publicKey(), clock, "node-a", "store-1", SKEW), POOL_BITS),
            new PoolTokenRate(Map.of("pool-1", 1000), clock),
            new PartnerAccess(partnerKeys, new PartnerRequestCheck(partnerSigners, redemptions, clock, AUDIENCE,
                    SKEW), new InMemoryPartnerBudgets(), clock, new PartnerBudget(2, 60_000),
                    Map.of()),
            redemptions, SKEW);
    private final AccessTokenVerifier verifier = new AccessTokenVerifier(List.of(tokenKeys.publicKey()), AUDIENCE,
            clock, SKEW);
    private final SplittableRandom random = new SplittableRandom(31);

    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private GateVerdict<IssuedToken> request(String json) {
        return tokens.request(json.getBytes(StandardCharsets.UTF_8));
    }

    private GateVerdict<IssuedToken> request(JcsValue.Obj body) {
        return tokens.request(JcsWriter.canonicalBytes(body));
    }

    private static RejectionReason reason(GateVerdict<?> verdict) {
        assertThat(verdict).isInstanceOf(GateVerdict.Rejected.class);
        return ((GateVerdict.Rejected<?>) verdict).reason();
    }

    private static String detail(GateVerdict<?> verdict) {
        return ((GateVerdict.Rejected<?>) verdict).detail();
    }

    /** The token issued, after checking it offline as a client's API would. */
    private AccessToken issued(GateVerdict<IssuedToken> verdict) {
        assertThat(verdict).isInstanceOf(GateVerdict.Accepted.class);
        IssuedToken token = ((GateVerdict.Accepted<IssuedToken>) verdict).value();
        assertThat(verifier.verify(token.wire())).isEqualTo(GateVerdict.accepted(token.token()));
        return token.token();
    }

    private static JcsValue.Obj object(Map<String, JcsValue> members) {
        return JcsValue.Obj.of(members);
    }

    // --- anonymous, and what no request may say ---

    @Test
    void anAnonymousRequestGetsTheLowestClass() {
        AccessToken token = issued(request("{\"mode\":\"anonymous\"}"));
        assertThat(token.mode()).isEqualTo(TokenMode.ANONYMOUS);
        assertThat(token.accessClass()).isEqualTo(AccessClass.LOW);
        assertThat(token.subject()).isEqualTo("anonymous");
    }

    @Test
    void permissionsClientIpAndUserIdAreRefusedByName() {
        for (String field : List.of("permissions", "client_ip", "user_id")) {
            GateVerdict<IssuedToken> verdict = request("{\"mode\":\"anonymous\",\"" + field + "\":\"admin\"}");
            assertThat(reason(verdict)).isEqualTo(RejectionReason.FORBIDDEN_FIELD);
            assertThat(detail(verdict)).startsWith(field + " ");
        }
        GateVerdict<IssuedToken> classy = request("{\"mode\":\"anonymous\",\"class\":\"partner\"}");
        assertThat(reason(classy)).isEqualTo(RejectionReason.MALFORMED);
        assertThat(detail(classy)).contains("'class'");
        assertThat(reason(request("{\"mode\":\"root\"}"))).isEqualTo(RejectionReason.MALFORMED);
        assertThat(reason(request("{\"mode\":\"anonymous\",\"mode\":\"partner\"}")))
                .isEqualTo(RejectionReason.MALFORMED);
    }

    // --- pow ---

    private SignedChallenge hashcashChallenge() {
        return challenges.hashcash(miner.did(), 8, OptionalInt.empty());
    }

    private JcsValue.Obj receipt(SignedChallenge challenge) {
        String stamp = HashcashMinter.mint(challenge.challenge().resource(), 8, "261205", new SplittableRandom(1));
        return ReceiptSigner.sign(new WorkReceipt(challenge.toJcs(), stamp, "nonce-0123456789abcdef", T0), miner,
                challenge.challenge().id(), NETWORK);
    }

    private JcsValue.Obj powRequest(JcsValue.Obj receipt) {
        return object(Map.of("mode", JcsValue.str("pow"), "receipt", receipt));
    }

    @Test
    void aRedeemedHashcashChallengeBuysOneWorkToken() {
        JcsValue.Obj receipt = receipt(hashcashChallenge());
        AccessToken token = issued(request(powRequest(receipt)));
        assertThat(token.mode()).isEqualTo(TokenMode.POW);
        assertThat(token.accessClass()).isEqualTo(AccessClass.WORK);
        assertThat(token.subject()).isEqualTo(miner.did().toString());
        assertThat(reason(request(powRequest(receipt)))).isEqualTo(RejectionReason.REPLAYED);
    }

    @Test
    void oneStampInFiftyConcurrentPowRequestsYieldsExactlyOneToken() throws Exception {
        byte[] body = JcsWriter.canonicalBytes(powRequest(receipt(hashcashChallenge())));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<GateVerdict<IssuedToken>>> outcomes = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(50)) {
            for (int i = 0; i < 50; i++) {
                outcomes.add(threads.submit(() -> {
                    start.await();
                    return tokens.request(body);
                }));
            }
            start.countDown();
        }
        int granted = 0;
        for (Future<GateVerdict<IssuedToken>> outcome : outcomes) {
            GateVerdict<IssuedToken> verdict = outcome.get();
            if (verdict.isAccepted()) {
                granted++;
            } else {
                assertThat(reason(verdict)).isEqualTo(RejectionReason.REPLAYED);
            }
        }
        assertThat(granted).isEqualTo(1);
    }

    @Test
    void aChallengeRedeemedForARewardBuysNoToken() {
        JcsValue.Obj receipt = receipt(hashcashChallenge());
        assertThat(receipts.validate(JcsWriter.canonicalBytes(receipt), RedemptionPurpose.REWARD).isAccepted())
                .isTrue();
        assertThat(reason(request(powRequest(receipt)))).isEqualTo(RejectionReason.REPLAYED);
    }

    @Test
    void aChallengePresentedInPlaceOfAReceiptBuysNothing() {
        JcsValue.Obj challengeAsReceipt = hashcashChallenge().toJcs();
        assertThat(reason(request(powRequest(challengeAsReceipt)))).isEqualTo(RejectionReason.WRONG_TYPE);
    }

    @Test
    void aPaidUsefulJobBuysOneWorkTokenForItsProver() {
        InMemoryJobRewardLedger ledger = new InMemoryJobRewardLedger();
        ReceiptValidator withLedger = new ReceiptValidator(
                new ChallengeCheck(challengeKeys.publicKey(), clock, "node-a", "store-1", SKEW), redemptions,
                new UsefulWorkCheck(ledger), NETWORK, SKEW);
        TokenRequests node = new TokenRequests(new AccessTokenIssuer(new TokenKey(tokenKeys), clock,
                new SplittableRandom(2), AUDIENCE, TokenLifetimes.defaults()), withLedger,
                new PoolAttestationCheck(Map.of(), AUDIENCE, clock, SKEW,
                        new ChallengeCheck(challengeKeys.publicKey(), clock, "node-a", "store-1", SKEW), POOL_BITS),
                new PoolTokenRate(Map.of(), clock),
                new PartnerAccess(partnerKeys, new PartnerRequestCheck(partnerSigners, redemptions, clock, AUDIENCE,
                        SKEW), new InMemoryPartnerBudgets(), clock, new PartnerBudget(1, 60_000),
                        Map.of()), redemptions, SKEW);
        String job = "e7870e89216b617bbeb51643b34a29f8";
        InMemoryJobLeaseHolders holders = new InMemoryJobLeaseHolders();
        holders.lease(job, miner.did().toString());
        SignedChallenge useful = ((GateVerdict.Accepted<SignedChallenge>) new UsefulChallenges(challenges,
                redemptions, ledger, holders, SKEW).issue(miner.did(), job)).value();
        clock.advance(1_000);
        ledger.pay(job, miner.did().toString(), clock.millis());
        JcsValue.Obj receipt = ReceiptSigner.sign(new WorkReceipt(useful.toJcs(), UsefulWorkCheck.solutionFor(job),
                "nonce-0123456789abcdef", clock.millis()), miner, useful.challenge().id(), NETWORK);
        AccessToken token = issued(node.request(JcsWriter.canonicalBytes(powRequest(receipt))));
        assertThat(token.mode()).isEqualTo(TokenMode.POW);
        assertThat(token.subject()).isEqualTo(miner.did().toString());
        assertThat(reason(node.request(JcsWriter.canonicalBytes(powRequest(receipt)))))
                .isEqualTo(RejectionReason.REPLAYED);
    }

    // --- pool_validated ---

    /** A header share (docs/pool.md §2) the miner ground on its own share challenge at {@code difficulty}. */
    private HeaderShare share(Ed25519.KeyPair attestedMiner, long difficulty) {
        SignedChallenge challenge = challenges.share(attestedMiner.did(), POOL_BITS, 600_000);
        byte[] coinbase = HeaderShareMiner.coinbase(attestedMiner.did().toString(), Long.toString(random.nextLong()));
        return new HeaderShare(challenge.toJcs(), HeaderShareMiner.header(challenge.toJcs(), coinbase, difficulty,
                true), coinbase, List.of(), difficulty);
    }

    private PoolAttestation attestation(String audience, Ed25519.KeyPair attestedMiner, HeaderShare share) {
        byte[] id = new byte[16];
        random.nextBytes(id);
        return new PoolAttestation(HexFormat.of().formatHex(id), "pool-1", audience, attestedMiner.did().toString(),
                share, T0, T0 + 120_000);
    }

    private PoolAttestation attestation(String audience, Ed25519.KeyPair attestedMiner, int bits) {
        return attestation(audience, attestedMiner, share(attestedMiner, 1L << bits));
    }

    /** A token request carrying a signed attestation, signed in turn by {@code signer}'s did:key. */
    private JcsValue.Obj poolRequest(JcsValue.Obj signedAttestation, String attestationId, Ed25519.KeyPair signer) {
        JcsValue.Obj document = object(Map.of("type", JcsValue.str(GateTypeTag.TOKEN_REQUEST.tag()),
                "mode", JcsValue.str("pool_validated"), "attestation", signedAttestation));
        JcsValue.Obj proofConfig = ReceiptSigner.proofConfig(EddsaJcs2022.verificationMethod(signer.did()),
                attestationId, AUDIENCE);
        byte[] signature = signer.sign(EddsaJcs2022.hashData(proofConfig, document));
        return document.with("proof", proofConfig.with("proofValue",
                JcsValue.str("z" + org.pouw.crypto.Base58.encode(signature))));
    }

    private JcsValue.Obj honestPoolRequest(PoolAttestation attestation) {
        return poolRequest(new PoolAttestationSigner(poolKeys).sign(attestation), attestation.id(), miner);
    }

    @Test
    void anAttestedShareInARequestSignedByTheMinerBuysOneWorkToken() {
        PoolAttestation attestation = attestation(AUDIENCE, miner, POOL_BITS);
        AccessToken token = issued(request(honestPoolRequest(attestation)));
        assertThat(token.mode()).isEqualTo(TokenMode.POOL_VALIDATED);
        assertThat(token.accessClass()).isEqualTo(AccessClass.WORK);
        assertThat(token.subject()).isEqualTo(miner.did().toString());
        assertThat(reason(request(honestPoolRequest(attestation)))).isEqualTo(RejectionReason.REPLAYED);
    }

    @Test
    void oneAttestationSentFiftyTimesAtOnceToTwoNodesYieldsOneToken() throws Exception {
        // A second node sharing the redemption store (as two nodes on one database do), with its own token key.
        TokenRequests nodeB = new TokenRequests(new AccessTokenIssuer(new TokenKey(Ed25519.KeyPair.fromPrivateKey(
                filled(5))), clock, new SplittableRandom(7), AUDIENCE, TokenLifetimes.defaults()), receipts,
                new PoolAttestationCheck(Map.of("pool-1", poolKeys.publicKey()), AUDIENCE, clock, SKEW,
                        new ChallengeCheck(challengeKeys.publicKey(), clock, "node-a", "store-1", SKEW), POOL_BITS),
                new PoolTokenRate(Map.of("pool-1", 1000), clock),
                new PartnerAccess(partnerKeys, new PartnerRequestCheck(partnerSigners, redemptions, clock, AUDIENCE,
                        SKEW), new InMemoryPartnerBudgets(), clock, new PartnerBudget(1, 60_000), Map.of()),
                redemptions, SKEW);
        byte[] body = JcsWriter.canonicalBytes(honestPoolRequest(attestation(AUDIENCE, miner, POOL_BITS)));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<GateVerdict<IssuedToken>>> outcomes = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(50)) {
            for (int i = 0; i < 50; i++) {
                TokenRequests node = i % 2 == 0 ? tokens : nodeB;
                outcomes.add(threads.submit(() -> {
                    start.await();
                    return node.request(body);
                }));
            }
            start.countDown();
        }
        int granted = 0;
        for (Future<GateVerdict<IssuedToken>> outcome : outcomes) {
            if (outcome.get().isAccepted()) {
                granted++;
            } else {
                assertThat(reason(outcome.get())).isEqualTo(RejectionReason.REPLAYED);
            }
        }
        assertThat(granted).isEqualTo(1);
    }

    @Test
    void anAttestationForAnotherAudienceIsRefused() {
        PoolAttestation elsewhere = attestation("node-b", miner, POOL_BITS);
        assertThat(reason(request(honestPoolRequest(elsewhere)))).isEqualTo(RejectionReason.WRONG_AUDIENCE);
        assertThat(redemptions.size()).isZero();
    }

    @Test
    void anAttestationPresentedByAnotherDidIsRefused() {
        PoolAttestation attestation = attestation(AUDIENCE, miner, POOL_BITS);
        JcsValue.Obj signed = new PoolAttestationSigner(poolKeys).sign(attestation);
        // The thief signs the request with its own key (and names it), or names the miner's key it does not hold.
        assertThat(reason(request(poolRequest(signed, attestation.id(), thief))))
                .isEqualTo(RejectionReason.BAD_SIGNATURE);
        JcsValue.Obj namedMiner = poolRequest(signed, attestation.id(), thief);
        JcsValue.Obj proof = namedMiner.object("proof").with("verificationMethod",
                JcsValue.str(EddsaJcs2022.verificationMethod(miner.did())));
        assertThat(reason(request(namedMiner.with("proof", proof)))).isEqualTo(RejectionReason.BAD_SIGNATURE);
        // Nothing was consumed: the miner still gets its token.
        assertThat(issued(request(honestPoolRequest(attestation))).subject()).isEqualTo(miner.did().toString());
    }

    @Test
    void anAttestationFromAnUntrustedPoolOrAlteredAfterSigningIsRefused() {
        PoolAttestation attestation = attestation(AUDIENCE, miner, POOL_BITS);
        JcsValue.Obj rogue = new PoolAttestationSigner(thief).sign(attestation);
        assertThat(reason(request(poolRequest(rogue, attestation.id(), miner))))
                .isEqualTo(RejectionReason.BAD_SIGNATURE);
        PoolAttestation unknownPool = new PoolAttestation(attestation.id(), "pool-9", AUDIENCE,
                miner.did().toString(), attestation.share(), T0, T0 + 60_000);
        assertThat(reason(request(poolRequest(new PoolAttestationSigner(poolKeys).sign(unknownPool),
                attestation.id(), miner)))).isEqualTo(RejectionReason.UNKNOWN_KEY);
        JcsValue.Obj signed = new PoolAttestationSigner(poolKeys).sign(attestation);
        JcsValue.Obj retargeted = signed.with("miner", JcsValue.str(thief.did().toString()));
        assertThat(reason(request(poolRequest(retargeted, attestation.id(), thief))))
                .isEqualTo(RejectionReason.BAD_SIGNATURE);
    }

    @Test
    void theNodeRechecksTheShareWithItsOwnMinimum() {
        // Difficulty 2 meets its own target; find one whose hash misses the node's 8 bits.
        HeaderShare weak = share(miner, 2);
        while (HeaderWork.hashValue(HeaderWork.sha256d(weak.header())).compareTo(HeaderWork.targetOfBits(POOL_BITS))
                <= 0) {
            weak = share(miner, 2);
        }
        assertThat(reason(request(honestPoolRequest(attestation(AUDIENCE, miner, weak)))))
                .isEqualTo(RejectionReason.INSUFFICIENT_WORK);
    }

    @Test
    void theRetiredHashcashShareKindIsTheWrongTypeWhateverItsWork() {
        // A pool-signed attestation of the old kind (docs/pool.md §4b): a real 8-bit stamp on the attestation's id.
        String id = "5f1c0a3e9b7d24681357a9bdf0ce8642";
        JcsValue.Obj body = object(Map.of("type", JcsValue.str(GateTypeTag.POOL_ATTESTATION.tag()),
                "id", JcsValue.str(id), "pool", JcsValue.str("pool-1"), "aud", JcsValue.str(AUDIENCE),
                "miner", JcsValue.str(miner.did().toString()),
                "share", object(Map.of("kind", JcsValue.str("hashcash"),
                        "stamp", JcsValue.str(HashcashMinter.mint(id, POOL_BITS, "261205", random)))),
                "issued_at_ms", JcsValue.integer(T0), "expires_at_ms", JcsValue.integer(T0 + 120_000)));
        JcsValue.Obj signed = body.with("sig", JcsValue.str(java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(poolKeys.sign(JcsWriter.canonicalBytes(body)))));
        GateVerdict<IssuedToken> verdict = request(poolRequest(signed, id, miner));
        assertThat(reason(verdict)).isEqualTo(RejectionReason.WRONG_TYPE);
        assertThat(detail(verdict)).contains("share.kind");
        assertThat(redemptions.size()).isZero();
    }

    @Test
    void anExpiredOrOverlongAttestationIsRefused() {
        PoolAttestation attestation = attestation(AUDIENCE, miner, POOL_BITS);
        clock.set(attestation.expiresAtMs());
        assertThat(reason(request(honestPoolRequest(attestation)))).isEqualTo(RejectionReason.EXPIRED);
        clock.set(T0);
        PoolAttestation overlong = new PoolAttestation(attestation.id(), "pool-1", AUDIENCE, miner.did().toString(),
                attestation.share(), T0, T0 + PoolAttestationCheck.MAX_LIFETIME_MS + 1);
        assertThat(reason(request(honestPoolRequest(overlong)))).isEqualTo(RejectionReason.MALFORMED);
    }

    @Test
    void aPoolRequestWithoutItsTypeTagIsTheWrongType() {
        PoolAttestation attestation = attestation(AUDIENCE, miner, POOL_BITS);
        JcsValue.Obj retyped = honestPoolRequest(attestation).with("type", JcsValue.str("pouw-receipt-v1"));
        assertThat(reason(request(retyped))).isEqualTo(RejectionReason.WRONG_TYPE);
    }

    // --- partner ---

    private JcsValue.Obj partnerRequest(String key) {
        return object(Map.of("mode", JcsValue.str("partner"), "partner_key", JcsValue.str(key)));
    }

    @Test
    void aPartnerKeyBuysPartnerTokensUntilItsBudgetIsSpent() {
        PartnerKey key = ((GateVerdict.Accepted<PartnerKey>) PartnerAccess.createKey(partnerKeys, "acme", random))
                .value();
        AccessToken token = issued(request(partnerRequest(key.reveal())));
        assertThat(token.accessClass()).isEqualTo(AccessClass.PARTNER);
        assertThat(token.subject()).isEqualTo("partner:acme");
        assertThat(token.expiresAtMs() - token.issuedAtMs()).isLessThanOrEqualTo(15 * 60_000L);
        issued(request(partnerRequest(key.reveal())));
        assertThat(reason(request(partnerRequest(key.reveal())))).isEqualTo(RejectionReason.BUDGET_EXHAUSTED);
    }

    @Test
    void aPartnerRequestSignedByItsRegisteredKeyBuysAPartnerToken() {
        Ed25519.KeyPair acme = Ed25519.KeyPair.fromPrivateKey(filled(11));
        partnerSigners.add("acme", acme.did().toString());
        JcsValue.Obj document = object(Map.of("type", JcsValue.str(GateTypeTag.TOKEN_REQUEST.tag()),
                "mode", JcsValue.str("partner"), "partner", JcsValue.str("acme"),
                "nonce", JcsValue.str("nonce-0123456789abcdef"), "timestamp_ms", JcsValue.integer(T0)));
        JcsValue.Obj proofConfig = ReceiptSigner.proofConfig(EddsaJcs2022.verificationMethod(acme.did()),
                "nonce-0123456789abcdef", AUDIENCE);
        JcsValue.Obj request = document.with("proof", proofConfig.with("proofValue", JcsValue.str("z"
                + org.pouw.crypto.Base58.encode(acme.sign(EddsaJcs2022.hashData(proofConfig, document))))));
        AccessToken token = issued(request(request));
        assertThat(token.subject()).isEqualTo("partner:acme");
        assertThat(token.accessClass()).isEqualTo(AccessClass.PARTNER);
        assertThat(reason(request(request))).isEqualTo(RejectionReason.REPLAYED);
        // A key request may not carry the signed form's members along.
        assertThat(reason(request(object(Map.of("mode", JcsValue.str("partner"), "partner_key",
                JcsValue.str("pouwpk_000000000000_" + "A".repeat(43)), "partner", JcsValue.str("acme"))))))
                .isEqualTo(RejectionReason.MALFORMED);
    }

    @Test
    void aRevokedPartnerKeyBuysNothing() {
        PartnerKey key = ((GateVerdict.Accepted<PartnerKey>) PartnerAccess.createKey(partnerKeys, "acme", random))
                .value();
        partnerKeys.revoke(key.prefix());
        assertThat(reason(request(partnerRequest(key.reveal())))).isEqualTo(RejectionReason.REVOKED);
    }
}

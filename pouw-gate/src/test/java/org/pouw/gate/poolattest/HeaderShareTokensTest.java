package org.pouw.gate.poolattest;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.pouw.gate.challenge.SignedChallenge;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.crypto.jcs.JcsWriter;
import org.pouw.gate.partner.InMemoryPartnerBudgets;
import org.pouw.gate.partner.InMemoryPartnerKeys;
import org.pouw.gate.partner.InMemoryPartnerSigningKeys;
import org.pouw.gate.partner.PartnerAccess;
import org.pouw.gate.partner.PartnerBudget;
import org.pouw.gate.partner.PartnerRequestCheck;
import org.pouw.gate.receipt.EddsaJcs2022;
import org.pouw.gate.receipt.ReceiptSigner;
import org.pouw.gate.receipt.ReceiptValidator;
import org.pouw.gate.receipt.RedemptionPurpose;
import org.pouw.gate.receipt.WorkReceipt;
import org.pouw.gate.redeem.InMemoryRedemptions;
import org.pouw.gate.token.AccessClass;
import org.pouw.gate.token.AccessTokenIssuer;
import org.pouw.gate.token.IssuedToken;
import org.pouw.gate.token.TokenKey;
import org.pouw.gate.token.TokenLifetimes;
import org.pouw.gate.token.TokenMode;
import org.pouw.gate.token.TokenRequests;

/**
 * {@code pool_validated} tokens from header shares (issue 23 §1 and its "Tests"): the node re-checks the work a pool
 * attests and believes nothing else it says. Each attack is built here and refused: another pool key, a second
 * audience, a cumulative attestation, a header that does not hash under its target though the pool signed it, a
 * share on someone else's challenge or coinbase, and a pool buying beyond its per-minute budget.
 */
class HeaderShareTokensTest {
    private static final long T0 = 1_760_000_000_000L;
    private static final String AUDIENCE = "node-a";
    private static final int NODE_BITS = 6;
    /** 2^8 expected hashes: above the node's 6 bits. */
    private static final long DIFFICULTY = 256;

    private final SettableClock clock = new SettableClock(T0);
    private final Ed25519.KeyPair challengeKeys = Ed25519.KeyPair.fromPrivateKey(filled(3));
    private final Ed25519.KeyPair poolKeys = Ed25519.KeyPair.fromPrivateKey(filled(6));
    private final Ed25519.KeyPair miner = Ed25519.KeyPair.fromPrivateKey(filled(1));
    private final Ed25519.KeyPair other = Ed25519.KeyPair.fromPrivateKey(filled(2));
    private final ChallengeIssuer challenges = new ChallengeIssuer(new ChallengeKey(challengeKeys), clock,
            new SplittableRandom(9), "node-a", "store-1", 60_000);
    private final InMemoryRedemptions redemptions = new InMemoryRedemptions();
    private final ChallengeCheck ownChallenges = new ChallengeCheck(new ChallengeKey(challengeKeys), clock, "node-a",
            "store-1", 0);
    private final SplittableRandom random = new SplittableRandom(17);
    private TokenRequests tokens = tokens(1000);

    private TokenRequests tokens(int perMinute) {
        return new TokenRequests(new AccessTokenIssuer(new TokenKey(Ed25519.KeyPair.fromPrivateKey(filled(4))),
                clock, new SplittableRandom(1), AUDIENCE, TokenLifetimes.defaults()),
                new ReceiptValidator(ownChallenges, redemptions, "pouw-testnet", 0),
                new PoolAttestationCheck(Map.of("pool-1", poolKeys.publicKey()), AUDIENCE, clock, 0, ownChallenges,
                        NODE_BITS),
                new PoolTokenRate(Map.of("pool-1", perMinute), clock),
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

    private SignedChallenge shareChallenge(Ed25519.KeyPair to) {
        return challenges.share(to.did(), NODE_BITS, 600_000);
    }

    private HeaderShare share(SignedChallenge challenge, Ed25519.KeyPair worker, long difficulty, boolean meets) {
        byte[] coinbase = HeaderShareMiner.coinbase(worker.did().toString(), "0001");
        return new HeaderShare(challenge.toJcs(), HeaderShareMiner.header(challenge.toJcs(), coinbase, difficulty,
                meets), coinbase, List.of(), difficulty);
    }

    private PoolAttestation attestation(HeaderShare share, String audience, Ed25519.KeyPair attested) {
        byte[] id = new byte[16];
        random.nextBytes(id);
        return new PoolAttestation(HexFormat.of().formatHex(id), "pool-1", audience, attested.did().toString(),
                share, T0, T0 + 120_000);
    }

    /** The miner's signed token request carrying {@code signedAttestation}. */
    private byte[] request(JcsValue.Obj signedAttestation, Ed25519.KeyPair signer) {
        JcsValue.Obj document = JcsValue.Obj.of(Map.of("type", JcsValue.str(GateTypeTag.TOKEN_REQUEST.tag()),
                "mode", JcsValue.str("pool_validated"), "attestation", signedAttestation));
        JcsValue.Obj proofConfig = ReceiptSigner.proofConfig(EddsaJcs2022.verificationMethod(signer.did()),
                signedAttestation.text("id"), AUDIENCE);
        byte[] signature = signer.sign(EddsaJcs2022.hashData(proofConfig, document));
        return JcsWriter.canonicalBytes(document.with("proof", proofConfig.with("proofValue",
                JcsValue.str("z" + Base58.encode(signature)))));
    }

    private GateVerdict<IssuedToken> present(PoolAttestation attestation, Ed25519.KeyPair poolKey) {
        return tokens.request(request(new PoolAttestationSigner(poolKey).sign(attestation), miner));
    }

    private static RejectionReason reason(GateVerdict<?> verdict) {
        assertThat(verdict).isInstanceOf(GateVerdict.Rejected.class);
        return ((GateVerdict.Rejected<?>) verdict).reason();
    }

    @Test
    void anHonestShareBuysOneWorkTokenForItsMinerAndOnlyOnce() {
        PoolAttestation attestation = attestation(share(shareChallenge(miner), miner, DIFFICULTY, true), AUDIENCE,
                miner);
        GateVerdict<IssuedToken> verdict = present(attestation, poolKeys);
        assertThat(verdict).isInstanceOf(GateVerdict.Accepted.class);
        IssuedToken token = ((GateVerdict.Accepted<IssuedToken>) verdict).value();
        assertThat(token.token().mode()).isEqualTo(TokenMode.POOL_VALIDATED);
        assertThat(token.token().accessClass()).as("at most what pow buys").isEqualTo(AccessClass.WORK);
        assertThat(token.token().subject()).isEqualTo(miner.did().toString());
        assertThat(reason(present(attestation, poolKeys))).isEqualTo(RejectionReason.REPLAYED);
    }

    @Test
    void anAttestationSignedByAnotherKeyUnderThePoolsNameBuysNothing() {
        PoolAttestation attestation = attestation(share(shareChallenge(miner), miner, DIFFICULTY, true), AUDIENCE,
                miner);
        assertThat(reason(present(attestation, Ed25519.KeyPair.generate()))).isEqualTo(RejectionReason.BAD_SIGNATURE);
    }

    @Test
    void anAttestationReplayedAtASecondAudienceBuysNothing() {
        PoolAttestation elsewhere = attestation(share(shareChallenge(miner), miner, DIFFICULTY, true), "node-b", miner);
        assertThat(reason(present(elsewhere, poolKeys))).isEqualTo(RejectionReason.WRONG_AUDIENCE);
    }

    @Test
    void oneShareAttestedTwiceOrWithARunningTotalBuysOneTokenAtMost() {
        HeaderShare share = share(shareChallenge(miner), miner, DIFFICULTY, true);
        assertThat(present(attestation(share, AUDIENCE, miner), poolKeys).isAccepted()).isTrue();
        // The same share again under a fresh attestation id: deduplicated on the header hash.
        assertThat(reason(present(attestation(share, AUDIENCE, miner), poolKeys))).isEqualTo(RejectionReason.REPLAYED);
        // A cumulative statement ("this miner did 40 shares") is no attestation the node reads, signature or not.
        HeaderShare fresh = share(shareChallenge(miner), miner, DIFFICULTY, true);
        JcsValue.Obj body = attestation(fresh, AUDIENCE, miner).toJcs().with("total_shares", JcsValue.integer(40));
        JcsValue.Obj cumulative = body.with(PoolAttestationSigner.SIGNATURE_MEMBER, JcsValue.str(
                java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(poolKeys.sign(
                        JcsWriter.canonicalBytes(body)))));
        assertThat(reason(tokens.request(request(cumulative, miner)))).isEqualTo(RejectionReason.MALFORMED);
    }

    @Test
    void aHeaderThatDoesNotHashUnderItsTargetBuysNothingThoughThePoolSignedIt() {
        PoolAttestation lie = attestation(share(shareChallenge(miner), miner, DIFFICULTY, false), AUDIENCE, miner);
        GateVerdict<IssuedToken> verdict = present(lie, poolKeys);
        assertThat(reason(verdict)).isEqualTo(RejectionReason.INSUFFICIENT_WORK);
        assertThat(((GateVerdict.Rejected<?>) verdict).detail()).contains("target of difficulty 256");
    }

    @Test
    void aShareThePoolCreditedBelowTheNodesMinimumBuysNothing() {
        // Difficulty 2 meets its own target but, most likely, not the node's 6 bits; find one that does not.
        SignedChallenge challenge = shareChallenge(miner);
        HeaderShare weak = null;
        for (int extra = 0; weak == null; extra++) {
            byte[] coinbase = HeaderShareMiner.coinbase(miner.did().toString(), Integer.toString(extra));
            byte[] header = HeaderShareMiner.header(challenge.toJcs(), coinbase, 2, true);
            if (HeaderWork.hashValue(HeaderWork.sha256d(header)).compareTo(HeaderWork.targetOfBits(NODE_BITS)) > 0) {
                weak = new HeaderShare(challenge.toJcs(), header, coinbase, List.of(), 2);
            }
        }
        GateVerdict<IssuedToken> verdict = present(attestation(weak, AUDIENCE, miner), poolKeys);
        assertThat(reason(verdict)).isEqualTo(RejectionReason.INSUFFICIENT_WORK);
        assertThat(((GateVerdict.Rejected<?>) verdict).detail()).contains("node's 6 bits");
    }

    @Test
    void workOnAnotherMinersChallengeOrCoinbaseIsNotThisMinersWork() {
        // The other miner's challenge, attested to this miner.
        HeaderShare onTheirs = share(shareChallenge(other), miner, DIFFICULTY, true);
        assertThat(reason(present(attestation(onTheirs, AUDIENCE, miner), poolKeys)))
                .isEqualTo(RejectionReason.WRONG_RESOURCE);
        // This miner's challenge, but the coinbase pays the other one: a hijacked share.
        HeaderShare hijacked = share(shareChallenge(miner), other, DIFFICULTY, true);
        assertThat(reason(present(attestation(hijacked, AUDIENCE, miner), poolKeys)))
                .isEqualTo(RejectionReason.WRONG_RESOURCE);
        // An honest share presented by someone else: the request must be signed by the attested miner.
        PoolAttestation honest = attestation(share(shareChallenge(miner), miner, DIFFICULTY, true), AUDIENCE, miner);
        assertThat(reason(tokens.request(request(new PoolAttestationSigner(poolKeys).sign(honest), other))))
                .isEqualTo(RejectionReason.BAD_SIGNATURE);
    }

    @Test
    void aHeaderOnAnyOtherChallengeOrWithOtherBitsBuysNothing() {
        SignedChallenge hashcash = challenges.hashcash(miner.did(), 8, java.util.OptionalInt.empty());
        HeaderShare onHashcash = share(hashcash, miner, DIFFICULTY, true);
        assertThat(reason(present(attestation(onHashcash, AUDIENCE, miner), poolKeys)))
                .isEqualTo(RejectionReason.WRONG_TYPE);
        SignedChallenge challenge = shareChallenge(miner);
        HeaderShare honest = share(challenge, miner, DIFFICULTY, true);
        byte[] header = honest.header();
        header[72] ^= 1;
        HeaderShare otherBits = new HeaderShare(challenge.toJcs(), header, honest.coinbase(), List.of(), DIFFICULTY);
        assertThat(reason(present(attestation(otherBits, AUDIENCE, miner), poolKeys)))
                .isEqualTo(RejectionReason.MALFORMED);
    }

    @Test
    void anExpiredShareChallengeBuysNothing() {
        PoolAttestation attestation = attestation(share(challenges.share(miner.did(), NODE_BITS, 1_000), miner,
                DIFFICULTY, true), AUDIENCE, miner);
        clock.advance(1_000);
        assertThat(reason(present(attestation, poolKeys))).isEqualTo(RejectionReason.EXPIRED);
    }

    @Test
    void aPoolBuysAtMostItsTokensPerMinute() {
        tokens = tokens(2);
        SignedChallenge challenge = shareChallenge(miner);
        for (int i = 0; i < 2; i++) {
            byte[] coinbase = HeaderShareMiner.coinbase(miner.did().toString(), "n" + i);
            HeaderShare share = new HeaderShare(challenge.toJcs(), HeaderShareMiner.header(challenge.toJcs(),
                    coinbase, DIFFICULTY, true), coinbase, List.of(), DIFFICULTY);
            assertThat(present(attestation(share, AUDIENCE, miner), poolKeys).isAccepted()).isTrue();
        }
        byte[] coinbase = HeaderShareMiner.coinbase(miner.did().toString(), "n2");
        HeaderShare third = new HeaderShare(challenge.toJcs(), HeaderShareMiner.header(challenge.toJcs(), coinbase,
                DIFFICULTY, true), coinbase, List.of(), DIFFICULTY);
        PoolAttestation waiting = attestation(third, AUDIENCE, miner);
        assertThat(reason(present(waiting, poolKeys))).isEqualTo(RejectionReason.BUDGET_EXHAUSTED);
        clock.advance(60_000);
        assertThat(present(waiting, poolKeys).isAccepted()).as("the next minute has room, and the refused share was "
                + "not used up").isTrue();
    }

    @Test
    void aShareChallengeBuysNothingAsAReceipt() {
        SignedChallenge challenge = shareChallenge(miner);
        JcsValue.Obj receipt = ReceiptSigner.sign(new WorkReceipt(challenge.toJcs(), "1:6:261206:"
                + challenge.challenge().id() + "::abc:1", "nonce-0123456789abcdef", T0), miner,
                challenge.challenge().id(), "pouw-testnet");
        GateVerdict<?> verdict = new ReceiptValidator(ownChallenges, redemptions, "pouw-testnet", 0)
                .validate(JcsWriter.canonicalBytes(receipt), RedemptionPurpose.TOKEN);
        assertThat(reason(verdict)).isEqualTo(RejectionReason.WRONG_TYPE);
    }
}

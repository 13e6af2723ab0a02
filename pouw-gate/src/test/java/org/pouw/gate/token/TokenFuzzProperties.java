package org.pouw.gate.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.pouw.core.SettableClock;
import org.pouw.crypto.Base58;
import org.pouw.crypto.Ed25519;
import org.pouw.gate.GateVerdict;
import org.pouw.gate.challenge.ChallengeCheck;
import org.pouw.gate.jcs.ByteEdit;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.crypto.jcs.JcsWriter;
import org.pouw.gate.partner.InMemoryPartnerBudgets;
import org.pouw.gate.partner.InMemoryPartnerKeys;
import org.pouw.gate.partner.InMemoryPartnerSigningKeys;
import org.pouw.gate.partner.PartnerAccess;
import org.pouw.gate.partner.PartnerBudget;
import org.pouw.gate.partner.PartnerRequestCheck;
import org.pouw.crypto.jcs.StrictJsonParser;
import org.pouw.gate.poolattest.HeaderShareVectorTest;
import org.pouw.gate.poolattest.PoolAttestationCheck;
import org.pouw.gate.poolattest.PoolTokenRate;
import org.pouw.gate.receipt.EddsaJcs2022;
import org.pouw.gate.receipt.ReceiptSigner;
import org.pouw.gate.receipt.ReceiptValidator;
import org.pouw.gate.redeem.InMemoryRedemptions;

/**
 * Mutated tokens and token requests (STYLE.md: mutated input rejected): one byte of a published vector
 * (docs/gate.md §8, §9) or of a signed partner request flipped, inserted or deleted. Nothing throws; a mutated token
 * is never accepted (a token has one spelling: canonical body, canonical unpadded base64url); a mutated miner
 * request buys a token only for the attested miner; a mutated partner request never buys a second token.
 */
class TokenFuzzProperties {
    private static final byte[] TOKEN = TokenVectorsTest.TOKEN.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] POOL_KEY = HexFormat.of().parseHex(TokenVectorsTest.POOL_PUBLIC_KEY);
    /** The node's challenge key of docs/pool.md §7 (seed of 32 bytes {@code 03}). */
    private static final Ed25519.KeyPair NODE = Ed25519.KeyPair.fromPrivateKey(filled(3));
    /** The miner of docs/pool.md §7 (seed {@code 01}) presenting that section's header attestation to node-a. */
    private static final byte[] REQUEST = JcsWriter.canonicalBytes(signedMinerRequest());
    private static final byte[] TOKEN_KEY = HexFormat.of().parseHex(TokenVectorsTest.TOKEN_PUBLIC_KEY);

    private static Arbitrary<ByteEdit> edits(int length) {
        Arbitrary<Byte> value = Arbitraries.oneOf(Arbitraries.of((byte) '"', (byte) '\\', (byte) '{', (byte) '}',
                (byte) '.', (byte) ',', (byte) ':', (byte) ' ', (byte) '0', (byte) 'a', (byte) 'A', (byte) '-',
                (byte) '_', (byte) '=', (byte) 0xed), Arbitraries.bytes());
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0,
                length - 1), value).as(ByteEdit::new);
    }

    /** A partner request signed by acme's registered key (seed of 32 bytes {@code 0b}) for node-a at T0. */
    private static final Ed25519.KeyPair ACME = Ed25519.KeyPair.fromPrivateKey(filled(11));
    private static final byte[] PARTNER_REQUEST = JcsWriter.canonicalBytes(signedPartnerRequest());

    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static JcsValue.Obj signedMinerRequest() {
        Ed25519.KeyPair miner = Ed25519.KeyPair.fromPrivateKey(filled(1));
        JcsValue attestation = StrictJsonParser.ascii(8192).parse(HeaderShareVectorTest.ATTESTATION);
        JcsValue.Obj document = JcsValue.Obj.of(Map.of("type", JcsValue.str("pouw-token-request-v1"),
                "mode", JcsValue.str("pool_validated"), "attestation", attestation));
        JcsValue.Obj proofConfig = ReceiptSigner.proofConfig(EddsaJcs2022.verificationMethod(miner.did()),
                ((JcsValue.Obj) attestation).text("id"), "node-a");
        return document.with("proof", proofConfig.with("proofValue", JcsValue.str("z"
                + Base58.encode(miner.sign(EddsaJcs2022.hashData(proofConfig, document))))));
    }

    private static JcsValue.Obj signedPartnerRequest() {
        JcsValue.Obj document = JcsValue.Obj.of(Map.of("type", JcsValue.str("pouw-token-request-v1"),
                "mode", JcsValue.str("partner"), "partner", JcsValue.str("acme"),
                "nonce", JcsValue.str("nonce-0123456789abcdef"),
                "timestamp_ms", JcsValue.integer(TokenVectorsTest.T0)));
        JcsValue.Obj proofConfig = ReceiptSigner.proofConfig(EddsaJcs2022.verificationMethod(ACME.did()),
                "nonce-0123456789abcdef", "node-a");
        return document.with("proof", proofConfig.with("proofValue", JcsValue.str("z"
                + Base58.encode(ACME.sign(EddsaJcs2022.hashData(proofConfig, document))))));
    }

    @Provide
    Arbitrary<ByteEdit> partnerEdits() {
        return edits(PARTNER_REQUEST.length);
    }

    @Provide
    Arbitrary<ByteEdit> tokenEdits() {
        return edits(TOKEN.length);
    }

    @Provide
    Arbitrary<ByteEdit> requestEdits() {
        return edits(REQUEST.length);
    }

    @Property(tries = 2000)
    void aMutatedTokenIsNeverAcceptedAsAnotherToken(@ForAll("tokenEdits") ByteEdit edit) {
        String mutated = new String(edit.apply(TOKEN), StandardCharsets.ISO_8859_1);
        AccessTokenVerifier verifier = new AccessTokenVerifier(List.of(TOKEN_KEY), "node-a",
                new SettableClock(TokenVectorsTest.T0 + 1_000), 0);
        GateVerdict<AccessToken> verdict = verifier.verify(mutated);
        GateVerdict<AccessToken> honest = verifier.verify(TokenVectorsTest.TOKEN);
        assertThat(honest.isAccepted()).isTrue();
        if (verdict.isAccepted()) {
            // Only an edit that changed nothing (a byte overwritten with itself) leaves an acceptable token.
            assertThat(mutated).isEqualTo(TokenVectorsTest.TOKEN);
        } else {
            assertThat(((GateVerdict.Rejected<AccessToken>) verdict).detail()).isNotBlank();
        }
    }

    @Property(tries = 1000)
    void aMutatedSignedPartnerRequestBuysATokenOnlyForThatPartner(@ForAll("partnerEdits") ByteEdit edit) {
        SettableClock clock = new SettableClock(TokenVectorsTest.T0 + 1_000);
        InMemoryRedemptions redemptions = new InMemoryRedemptions();
        InMemoryPartnerSigningKeys signers = new InMemoryPartnerSigningKeys();
        signers.add("acme", ACME.did().toString());
        TokenRequests requests = new TokenRequests(
                new AccessTokenIssuer(new TokenKey(Ed25519.KeyPair.fromPrivateKey(new byte[32])), clock,
                        new SplittableRandom(1), "node-a", TokenLifetimes.defaults()),
                new ReceiptValidator(new ChallengeCheck(new byte[32], clock, "node-a", "store-1", 0), redemptions,
                        "pouw-testnet", 0),
                new PoolAttestationCheck(Map.of(), "node-a", clock, 0,
                        new ChallengeCheck(new byte[32], clock, "node-a", "store-1", 0), 8),
                new PoolTokenRate(Map.of(), clock),
                new PartnerAccess(new InMemoryPartnerKeys(), new PartnerRequestCheck(signers, redemptions, clock,
                        "node-a", 0), new InMemoryPartnerBudgets(), clock, new PartnerBudget(5, 60_000), Map.of()),
                redemptions, 0);
        assertThat(requests.request(PARTNER_REQUEST.clone()).isAccepted()).isTrue();
        GateVerdict<IssuedToken> verdict = requests.request(edit.apply(PARTNER_REQUEST));
        if (verdict.isAccepted()) {
            // The nonce was spent by the honest request, so only a mutation that changed what was signed could
            // pass here — and it could not carry acme's signature.
            throw new AssertionError("a mutated partner request was accepted after its nonce was spent");
        }
        assertThat(((GateVerdict.Rejected<IssuedToken>) verdict).detail()).isNotBlank();
    }

    /** A node that trusts pool-1's key and the §7 challenge key, at a time both the challenge and attestation live. */
    private static TokenRequests minerRequests() {
        SettableClock clock = new SettableClock(TokenVectorsTest.T0 + 2_000);
        InMemoryRedemptions redemptions = new InMemoryRedemptions();
        return new TokenRequests(
                new AccessTokenIssuer(new TokenKey(Ed25519.KeyPair.fromPrivateKey(new byte[32])), clock,
                        new SplittableRandom(1), "node-a", TokenLifetimes.defaults()),
                new ReceiptValidator(new ChallengeCheck(new byte[32], clock, "node-a", "store-1", 0), redemptions,
                        "pouw-testnet", 0),
                new PoolAttestationCheck(Map.of("pool-1", POOL_KEY), "node-a", clock, 0,
                        new ChallengeCheck(NODE.publicKey(), clock, "node-a", "store-1", 0), 4),
                new PoolTokenRate(Map.of("pool-1", 1000), clock),
                new PartnerAccess(new InMemoryPartnerKeys(), new PartnerRequestCheck(new InMemoryPartnerSigningKeys(),
                        redemptions, clock, "node-a", 0), new InMemoryPartnerBudgets(), clock,
                        new PartnerBudget(1, 60_000), Map.of()),
                redemptions, 0);
    }

    @Example
    void theUnmutatedMinerRequestBuysItsToken() {
        assertThat(minerRequests().request(REQUEST.clone()).isAccepted()).isTrue();
    }

    @Property(tries = 1000)
    void aMutatedMinerRequestBuysATokenOnlyForTheAttestedMiner(@ForAll("requestEdits") ByteEdit edit) {
        TokenRequests requests = minerRequests();
        GateVerdict<IssuedToken> verdict = requests.request(edit.apply(REQUEST));
        if (verdict.isAccepted()) {
            AccessToken token = ((GateVerdict.Accepted<IssuedToken>) verdict).value().token();
            assertThat(token.subject()).isEqualTo("did:key:z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX");
            assertThat(token.mode()).isEqualTo(TokenMode.POOL_VALIDATED);
        } else {
            assertThat(((GateVerdict.Rejected<IssuedToken>) verdict).detail()).isNotBlank();
        }
    }
}

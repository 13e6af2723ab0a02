package org.pouw.bench.gate;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.pouw.bench.TimedRounds.Rate;
import org.pouw.bench.TimedRounds;
import org.pouw.core.SettableClock;
import org.pouw.crypto.Ed25519;
import org.pouw.gate.challenge.ChallengeCheck;
import org.pouw.gate.challenge.ChallengeIssuer;
import org.pouw.gate.challenge.ChallengeKey;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.crypto.jcs.StrictJsonParser;
import org.pouw.gate.challenge.SignedChallenge;
import org.pouw.gate.hashcash.HashcashMinter;
import org.pouw.gate.partner.InMemoryPartnerBudgets;
import org.pouw.gate.partner.InMemoryPartnerKeys;
import org.pouw.gate.partner.InMemoryPartnerSigningKeys;
import org.pouw.gate.partner.PartnerAccess;
import org.pouw.gate.partner.PartnerBudget;
import org.pouw.gate.partner.PartnerKey;
import org.pouw.gate.partner.PartnerRequestCheck;
import org.pouw.gate.receipt.ReceiptSigner;
import org.pouw.gate.receipt.ReceiptValidator;
import org.pouw.gate.receipt.RedemptionPurpose;
import org.pouw.gate.receipt.WorkReceipt;
import org.pouw.gate.redeem.InMemoryRedemptions;
import org.pouw.gate.token.AccessTokenIssuer;
import org.pouw.gate.token.AccessTokenVerifier;
import org.pouw.gate.token.TokenKey;
import org.pouw.gate.token.TokenLifetimes;
import org.pouw.gate.token.TokenMode;

/**
 * What the gate's checks cost one core, against their floor, BouncyCastle's Ed25519 verification: the offline check
 * of a {@code pouw-at-v1} token (what the node and an integrator pay per API call), the stateless checks of a
 * receipt (steps 1–4 of docs/gate.md §5: two signatures and a stamp), and a partner key's admission against the
 * in-memory stores (a hash, a constant-time compare and a budget take). Each figure is the median of
 * {@code --rounds} timed rounds of about {@code --millis} ms after a warm-up, per wall-second and per CPU-second of
 * the calling thread.
 *
 * <p>Run from the repository root:
 * <pre>
 *   ./mvnw -B -q -pl pouw-bench -am package -DskipTests
 *   java -cp "pouw-bench/target/classes:pouw-bench/target/lib/*" \
 *       org.pouw.bench.gate.TokenCheckBenchmark [--rounds 7] [--millis 500]
 * </pre>
 */
public final class TokenCheckBenchmark {
    private static final long T0 = 1_760_000_000_000L;

    private TokenCheckBenchmark() {
    }

    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    public static void main(String[] args) {
        TimedRounds.Settings settings = TimedRounds.Settings.parse(args);
        SettableClock clock = new SettableClock(T0 + 1_000);
        System.out.printf(Locale.ROOT, "java %s, %d cores%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());

        Ed25519.KeyPair tokenKeys = Ed25519.KeyPair.fromPrivateKey(filled(4));
        String token = new AccessTokenIssuer(new TokenKey(tokenKeys), clock, new SplittableRandom(1), "node-a",
                TokenLifetimes.defaults()).issue(TokenMode.POW, tokenKeys.did().toString()).wire();
        AccessTokenVerifier verifier = new AccessTokenVerifier(List.of(tokenKeys.publicKey()), "node-a", clock, 0);
        byte[] message = new byte[250];
        byte[] signature = tokenKeys.sign(message);
        report("Ed25519 verify (250 bytes)", TimedRounds.median(settings.rounds(), settings.millis(),
                () -> Ed25519.verify(tokenKeys.publicKey(), message, signature)));
        report("pouw-at-v1 verify", TimedRounds.median(settings.rounds(), settings.millis(),
                () -> verifier.verify(token)));

        Ed25519.KeyPair challengeKeys = Ed25519.KeyPair.fromPrivateKey(filled(3));
        Ed25519.KeyPair client = Ed25519.KeyPair.fromPrivateKey(filled(1));
        // The key that issued the challenge remembers it (RecentSignatures); another instance of it does not.
        ChallengeKey issuing = new ChallengeKey(challengeKeys);
        SignedChallenge challenge = new ChallengeIssuer(issuing, clock,
                new SplittableRandom(2), "node-a", "store-1", 600_000).hashcash(client.did(), 16, OptionalInt.empty());
        String stamp = HashcashMinter.mint(challenge.challenge().resource(), 16, "261205", new SplittableRandom(3));
        byte[] receipt = ReceiptSigner.wire(ReceiptSigner.sign(new WorkReceipt(challenge.toJcs(), stamp,
                "nonce-0123456789abcdef", T0), client, challenge.challenge().id(), "pouw-testnet"))
                .getBytes(StandardCharsets.US_ASCII);
        ReceiptValidator receipts = new ReceiptValidator(new ChallengeCheck(challengeKeys.publicKey(), clock,
                "node-a", "store-1", 5_000), new InMemoryRedemptions(), "pouw-testnet", 5_000);
        report("receipt check (steps 1-4)", TimedRounds.median(settings.rounds(), settings.millis(),
                () -> receipts.check(receipt, RedemptionPurpose.TOKEN)));
        // The issuing node's own check: the challenge's signature made again with the cached key and compared.
        ReceiptValidator ownReceipts = new ReceiptValidator(new ChallengeCheck(new ChallengeKey(challengeKeys), clock,
                "node-a", "store-1", 5_000), new InMemoryRedemptions(), "pouw-testnet", 5_000);
        report("receipt check, own challenge", TimedRounds.median(settings.rounds(), settings.millis(),
                () -> ownReceipts.check(receipt, RedemptionPurpose.TOKEN)));
        ReceiptValidator remembered = new ReceiptValidator(new ChallengeCheck(issuing, clock, "node-a", "store-1",
                5_000), new InMemoryRedemptions(), "pouw-testnet", 5_000);
        report("receipt check, own remembered", TimedRounds.median(settings.rounds(), settings.millis(),
                () -> remembered.check(receipt, RedemptionPurpose.TOKEN)));
        JcsValue wireChallenge = StrictJsonParser.ascii(2048).parse(challenge.wire());
        ChallengeCheck byPublicKey = new ChallengeCheck(challengeKeys.publicKey(), clock, "node-a", "store-1", 5_000);
        ChallengeCheck byOwnKey = new ChallengeCheck(new ChallengeKey(challengeKeys), clock, "node-a", "store-1",
                5_000);
        report("challenge check, verified", TimedRounds.median(settings.rounds(), settings.millis(),
                () -> byPublicKey.check(wireChallenge)));
        report("challenge check, signed again", TimedRounds.median(settings.rounds(), settings.millis(),
                () -> byOwnKey.check(wireChallenge)));
        ChallengeCheck byIssuingKey = new ChallengeCheck(issuing, clock, "node-a", "store-1", 5_000);
        report("challenge check, remembered", TimedRounds.median(settings.rounds(), settings.millis(),
                () -> byIssuingKey.check(wireChallenge)));

        InMemoryPartnerKeys keys = new InMemoryPartnerKeys();
        PartnerKey key = PartnerKey.generate(new SplittableRandom(4));
        keys.add("acme", key.prefix(), key.hash());
        PartnerAccess partners = new PartnerAccess(keys, new PartnerRequestCheck(new InMemoryPartnerSigningKeys(),
                new InMemoryRedemptions(), clock, "node-a", 0), new InMemoryPartnerBudgets(), clock,
                new PartnerBudget(Long.MAX_VALUE / 2, 60_000), Map.of());
        String presented = key.reveal();
        report("partner key admit (in memory)", TimedRounds.median(settings.rounds(), settings.millis(),
                () -> partners.admit(presented)));
    }

    private static void report(String what, Rate rate) {
        System.out.printf(Locale.ROOT, "%-32s %10.0f /s wall  %10.0f per CPU-second%n", what, rate.perWallSecond(),
                rate.perCpuSecond());
    }
}

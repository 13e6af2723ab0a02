package org.pouw.gate.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;
import org.pouw.crypto.Ed25519;
import org.pouw.gate.challenge.ChallengeCheck;
import org.pouw.gate.challenge.ChallengeKey;
import org.pouw.gate.challenge.ChallengeKind;
import org.pouw.gate.challenge.SignedChallenge;
import org.pouw.gate.challenge.WorkChallenge;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.gate.redeem.InMemoryRedemptions;

/**
 * The test vectors of docs/gate.md §7: a challenge and a receipt under fixed keys, so that tomorrow's code (and any
 * other implementation) must still produce and accept today's bytes. Ed25519 is deterministic (RFC 8032), so the
 * signatures are fixed too.
 */
class GateVectorsTest {
    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    record Vectors(Ed25519.KeyPair challengeKeys, Ed25519.KeyPair client, SettableClock clock,
            SignedChallenge challenge, String receipt) {
    }

    static Vectors vectors() {
        Ed25519.KeyPair challengeKeys = Ed25519.KeyPair.fromPrivateKey(filled(3));
        Ed25519.KeyPair client = Ed25519.KeyPair.fromPrivateKey(filled(1));
        SettableClock clock = new SettableClock(1_760_000_000_000L);
        // The id is the vector's literal (first drawn from SplittableRandom(2026), before ids began with their
        // issue time), so the published vectors stay what they were.
        String id = VectorValues.CHALLENGE_ID;
        SignedChallenge challenge = new ChallengeKey(challengeKeys).sign(new WorkChallenge(id, "node-a", "store-1",
                client.did().toString(), ChallengeKind.HASHCASH, 8, id, clock.millis(), clock.millis() + 60_000));
        // Golden data: the stamp as first minted, a literal, so a faster minter (another salt length) keeps the vector.
        String stamp = "1:8:251010:" + challenge.challenge().resource() + "::9diTH41auE8hQAFl:BL";
        JcsValue.Obj receipt = ReceiptSigner.sign(new WorkReceipt(challenge.toJcs(), stamp,
                "nonce-0123456789abcdef", 1_760_000_001_000L), client, challenge.challenge().id(), "pouw-testnet");
        return new Vectors(challengeKeys, client, clock, challenge, ReceiptSigner.wire(receipt));
    }

    @Test
    void theChallengeVectorIsReproduced() {
        Vectors v = vectors();
        assertThat(v.challenge().challenge().id()).isEqualTo(VectorValues.CHALLENGE_ID);
        assertThat(v.challenge().wire()).isEqualTo(VectorValues.CHALLENGE_WIRE);
        assertThat(v.client().did().toString()).isEqualTo(VectorValues.CLIENT_DID);
        assertThat(java.util.HexFormat.of().formatHex(v.challengeKeys().publicKey()))
                .isEqualTo(VectorValues.CHALLENGE_PUBLIC_KEY);
    }

    @Test
    void theReceiptVectorIsReproducedAndAccepted() {
        Vectors v = vectors();
        assertThat(v.receipt()).isEqualTo(VectorValues.RECEIPT_WIRE);
        ReceiptValidator validator = new ReceiptValidator(new ChallengeCheck(v.challengeKeys().publicKey(),
                v.clock(), "node-a", "store-1", 5_000), new InMemoryRedemptions(), "pouw-testnet", 5_000);
        assertThat(validator.validate(v.receipt().getBytes(StandardCharsets.US_ASCII), RedemptionPurpose.TOKEN)
                .isAccepted()).isTrue();
    }

    /** The published values (docs/gate.md §7). */
    static final class VectorValues {
        static final String CHALLENGE_PUBLIC_KEY = "ed4928c628d1c2c6eae90338905995612959273a5c63f93636c14614ac8737d1";
        static final String CLIENT_DID = "did:key:z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX";
        static final String CHALLENGE_ID = "238d949198559cdb5d4535ed7d92bc78";
        static final String CHALLENGE_WIRE = "{\"did\":\"did:key:z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX\","
                + "\"difficulty\":8,\"expires_at_ms\":1760000060000,\"id\":\"238d949198559cdb5d4535ed7d92bc78\","
                + "\"issued_at_ms\":1760000000000,\"kind\":\"hashcash\",\"node\":\"node-a\","
                + "\"resource\":\"238d949198559cdb5d4535ed7d92bc78\","
                + "\"sig\":\"SDgHyjHha2AQHaaWYpkDrAhqPAMo0WN2dCd5MdRU7CcjwQfL3iYYSOAirqUT4qy1lwwph46na6myRIok2e5yBA\","
                + "\"store\":\"store-1\",\"type\":\"pouw-challenge-v1\"}";
        static final String RECEIPT_WIRE = "{\"challenge\":" + CHALLENGE_WIRE + ",\"nonce\":\"nonce-0123456789abcdef\","
                + "\"proof\":{\"challenge\":\"238d949198559cdb5d4535ed7d92bc78\",\"cryptosuite\":\"eddsa-jcs-2022\","
                + "\"domain\":\"pouw-testnet\",\"proofPurpose\":\"authentication\","
                + "\"proofValue\":\"z2uP8LyeyVJ4PGaYWyrykXNVJqMm7JAitMKKGQxydZSfMqPDtnRWJHxuXdH4CXpVqhZK2q6ggiev5stuJhRg5xCZ4\","
                + "\"type\":\"DataIntegrityProof\",\"verificationMethod\":"
                + "\"did:key:z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX#z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX\"},"
                + "\"solution\":\"1:8:251010:238d949198559cdb5d4535ed7d92bc78::9diTH41auE8hQAFl:BL\","
                + "\"timestamp_ms\":1760000001000,\"type\":\"pouw-receipt-v1\"}";
    }
}

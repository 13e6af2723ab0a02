package org.pouw.bench.pool;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.pouw.bench.Sitting;
import org.pouw.bench.TimedRounds;
import org.pouw.core.SettableClock;
import org.pouw.crypto.Ed25519;
import org.pouw.pool.attest.JacksonJcs;
import org.pouw.pool.attest.ShareAttestor;
import org.pouw.pool.share.ShareHeader;
import org.pouw.pool.share.ShareValidator;
import org.pouw.pool.share.ShareVerdict;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Shares validated and attested per second by one thread, in process (issue 23, "Performance"; docs/pool.md §10):
 * the pool's check of {@code POST /pool/share} bodies and one attestation each, without HTTP. Every share comes from
 * a miner seen for the first time on a challenge seen for the first time — the worst case: two Ed25519
 * verifications (the miner's share, the node's challenge) and one signature, besides parsing, canonical JSON and
 * SHA-256d. A miner sending many shares on one challenge saves the challenge's verification.
 *
 * <p>{@code java -cp "pouw-bench/target/classes:pouw-bench/target/lib/*"
 * org.pouw.bench.pool.ShareValidationBenchmark [--rounds 7] [--millis 500]}
 */
public final class ShareValidationBenchmark {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int SHARES = 20_000;
    private static final long T0 = 1_760_000_000_000L;

    private ShareValidationBenchmark() {
    }

    public static void main(String[] args) {
        TimedRounds.Settings settings = TimedRounds.Settings.parse(args);
        Sitting.print(ShareValidationBenchmark.class, args, SHARES + " distinct shares, difficulty 2, one miner "
                + "and one challenge each, in-memory share ledger");
        Ed25519.KeyPair node = Ed25519.KeyPair.generate();
        Ed25519.KeyPair pool = Ed25519.KeyPair.generate();
        List<byte[]> bodies = new ArrayList<>(SHARES);
        for (int i = 0; i < SHARES; i++) {
            bodies.add(share(node, Ed25519.KeyPair.generate(), i));
        }
        SettableClock clock = new SettableClock(T0 + 1_000);
        ShareAttestor attestor = new ShareAttestor(pool, "pool-1", "node-a", clock, 120_000);
        int[] next = {0};
        ShareValidator[] validator = {new ShareValidator(node.publicKey(), clock, 0, 1)};
        TimedRounds.Rate rate = TimedRounds.median(settings.rounds(), settings.millis(), () -> {
            if (next[0] == bodies.size()) {
                // Every share was counted: a fresh pool (ledger and miners) takes the same shares again.
                next[0] = 0;
                validator[0] = new ShareValidator(node.publicKey(), clock, 0, 1);
            }
            ShareVerdict verdict = validator[0].validate(bodies.get(next[0]++));
            if (!(verdict instanceof ShareVerdict.Accepted accepted)) {
                throw new AssertionError("a benchmark share was refused: " + verdict);
            }
            return attestor.attest(accepted.share());
        });
        System.out.printf(Locale.ROOT, "shares validated and attested: median %,.0f /s wall, %,.0f /s per CPU-second "
                + "(one thread; load %.2f at the end)%n", rate.perWallSecond(), rate.perCpuSecond(), Sitting.load());
    }

    private static byte[] share(Ed25519.KeyPair node, Ed25519.KeyPair miner, int n) {
        String did = miner.did().toString();
        ObjectNode challenge = JSON.createObjectNode();
        String id = String.format("%032x", n);
        challenge.put("type", "pouw-challenge-v1").put("id", id).put("node", "node-a").put("store", "store-1")
                .put("did", did).put("kind", "share").put("difficulty", 1).put("resource", id)
                .put("issued_at_ms", T0).put("expires_at_ms", T0 + 600_000);
        challenge.put("sig", Base64.getUrlEncoder().withoutPadding().encodeToString(node.sign(
                JacksonJcs.bytes(challenge))));
        byte[] coinbase = (ShareHeader.COINBASE_PREFIX + did + ":0").getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = HttpShareLoadClient.groundHeader(ShareHeader.sha256d(JacksonJcs.bytes(challenge)), coinbase,
                1_760_000_000);
        ObjectNode share = JSON.createObjectNode();
        share.set("challenge", challenge);
        share.put("challenge_id", id).put("miner_address", did).put("nonce", HexFormat.of().formatHex(bytes, 76, 80))
                .put("solution", HexFormat.of().formatHex(bytes)).put("coinbase", HexFormat.of().formatHex(coinbase))
                .put("difficulty", 2).put("timestamp", T0);
        share.put("signature", Base64.getUrlEncoder().withoutPadding().encodeToString(miner.sign(
                ShareValidator.preimage(share))));
        return JSON.writeValueAsBytes(share);
    }
}

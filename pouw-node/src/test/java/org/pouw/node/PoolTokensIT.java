package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.Clock;
import org.pouw.crypto.Base58;
import org.pouw.crypto.Ed25519;
import org.pouw.gate.GateTypeTag;
import org.pouw.gate.challenge.ChallengeIssuer;
import org.pouw.gate.challenge.ChallengeKey;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.crypto.jcs.JcsWriter;
import org.pouw.gate.poolattest.HeaderShare;
import org.pouw.gate.poolattest.PoolAttestation;
import org.pouw.gate.poolattest.PoolAttestationSigner;
import org.pouw.gate.receipt.EddsaJcs2022;
import org.pouw.gate.receipt.ReceiptSigner;

/**
 * {@code pool_validated} tokens over HTTP with the pools of {@code pools.trusted} (issue 21 §4; docs/gate.md §9): an
 * attestation of a header share on the node's own share challenge, from a configured pool, for this node's audience,
 * presented by the attested miner buys a work token once; from a pool not configured, under a configured name but another key, or for another node, nothing.
 */
class PoolTokensIT {
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    private final Ed25519.KeyPair pool = Ed25519.KeyPair.generate();
    private final Ed25519.KeyPair miner = Ed25519.KeyPair.generate();

    @Test
    void aConfiguredPoolsAttestationBuysOneMinerTokenAndOthersBuyNothing() {
        Ed25519.KeyPair unconfigured = Ed25519.KeyPair.generate();
        try (RunningNode node = new RunningNode(dir, Map.of("gate.enabled", "true", "tokens.audience", "node-a",
                "pools.trusted", "pool-1=" + HexFormat.of().formatHex(pool.publicKey()), "pools.min_share_bits", "8"),
                Clock.system())) {
            String honest = request(node, pool, "pool-1", "node-a", miner);
            RunningNode.Reply token = node.post("/v1/tokens", honest, null);
            assertThat(token.status()).as(token.json().toString()).isEqualTo(200);
            assertThat(token.json().path("mode").asString()).isEqualTo("pool_validated");
            assertThat(token.json().path("class").asString()).as("at most what pow buys").isEqualTo("work");
            assertThat(token.json().path("sub").asString()).isEqualTo(miner.did().toString());
            RunningNode.Reply again = node.post("/v1/tokens", honest, null);
            assertThat(again.status()).isEqualTo(409);
            assertThat(again.code()).isEqualTo("replayed");

            RunningNode.Reply stranger = node.post("/v1/tokens",
                    request(node, unconfigured, "pool-2", "node-a", miner),
                    null);
            assertThat(stranger.status()).isEqualTo(401);
            assertThat(stranger.code()).isEqualTo("unknown_key");
            RunningNode.Reply impostor = node.post("/v1/tokens",
                    request(node, unconfigured, "pool-1", "node-a", miner),
                    null);
            assertThat(impostor.status()).isEqualTo(401);
            assertThat(impostor.code()).isEqualTo("bad_signature");
            RunningNode.Reply elsewhere = node.post("/v1/tokens", request(node, pool, "pool-1", "node-b", miner),
                    null);
            assertThat(elsewhere.status()).isEqualTo(401);
            assertThat(elsewhere.code()).isEqualTo("wrong_audience");
        }
    }

    @Test
    void withNoPoolConfiguredEveryAttestationIsAnUnknownKey() {
        try (RunningNode node = new RunningNode(dir, Map.of("gate.enabled", "true", "tokens.audience", "node-a"),
                Clock.system())) {
            // This node issues no share challenges, so the share is on another key's challenge: the pool is refused
            // before the work is looked at.
            HeaderShare elsewhere = new HeaderShare(new ChallengeIssuer(new ChallengeKey(Ed25519.KeyPair.generate()),
                    Clock.system(), RANDOM, "node-z", "store-z", 600_000).share(miner.did(), 8, 600_000).toJcs(),
                    new byte[80], "pouw-coinbase-v1:x".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    List.of(), 256);
            RunningNode.Reply refused = node.post("/v1/tokens", request(elsewhere, pool, "pool-1", "node-a", miner),
                    null);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.code()).isEqualTo("unknown_key");
        }
    }

    /**
     * A miner's token request: {@code poolKey}'s attestation of a 2^8 header share mined on the node's own share
     * challenge for {@code signer} (docs/pool.md §2), signed by {@code signer}.
     */
    private static String request(RunningNode node, Ed25519.KeyPair poolKey, String poolName, String audience,
            Ed25519.KeyPair signer) {
        JcsValue.Obj mined = RelayedShareMaker.share(node, signer, 256, Long.toString(RANDOM.nextLong()));
        return request(new HeaderShare(mined.object("challenge"), HexFormat.of().parseHex(mined.text("solution")),
                HexFormat.of().parseHex(mined.text("coinbase")), List.of(), 256), poolKey, poolName, audience, signer);
    }

    private static String request(HeaderShare share, Ed25519.KeyPair poolKey, String poolName, String audience,
            Ed25519.KeyPair signer) {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        String hexId = HexFormat.of().formatHex(id);
        long now = System.currentTimeMillis();
        PoolAttestation attestation = new PoolAttestation(hexId, poolName, audience, signer.did().toString(), share,
                now, now + 120_000);
        JcsValue.Obj signed = new PoolAttestationSigner(poolKey).sign(attestation);
        Map<String, JcsValue> members = new TreeMap<>();
        members.put("type", JcsValue.str(GateTypeTag.TOKEN_REQUEST.tag()));
        members.put("mode", JcsValue.str("pool_validated"));
        members.put("attestation", signed);
        JcsValue.Obj document = JcsValue.Obj.of(members);
        JcsValue.Obj proofConfig = ReceiptSigner.proofConfig(EddsaJcs2022.verificationMethod(signer.did()), hexId,
                audience);
        byte[] signature = signer.sign(EddsaJcs2022.hashData(proofConfig, document));
        JcsValue.Obj request = document.with("proof", proofConfig.with("proofValue",
                JcsValue.str("z" + Base58.encode(signature))));
        return new String(JcsWriter.canonicalBytes(request), java.nio.charset.StandardCharsets.US_ASCII);
    }
}

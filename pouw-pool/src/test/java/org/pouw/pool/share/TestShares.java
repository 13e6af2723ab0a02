package org.pouw.pool.share;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.pouw.crypto.Ed25519;
import org.pouw.pool.attest.JacksonJcs;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Test support: a node's share challenge signed with a test challenge key, as docs/gate.md §3 lays it out, and shares
 * ground on it the way a miner does (docs/pool.md §2).
 */
final class TestShares {
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HexFormat HEX = HexFormat.of();

    private TestShares() {
    }

    static ObjectNode challenge(Ed25519.KeyPair nodeKey, String did, int bits, long issuedAtMs, long expiresAtMs,
            String id) {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", "pouw-challenge-v1");
        body.put("id", id);
        body.put("node", "node-a");
        body.put("store", "store-1");
        body.put("did", did);
        body.put("kind", "share");
        body.put("difficulty", bits);
        body.put("resource", id);
        body.put("issued_at_ms", issuedAtMs);
        body.put("expires_at_ms", expiresAtMs);
        body.put("sig", Base64.getUrlEncoder().withoutPadding().encodeToString(nodeKey.sign(
                JacksonJcs.bytes(body))));
        return body;
    }

    static byte[] coinbase(String did, String extranonce) {
        return (ShareHeader.COINBASE_PREFIX + did + ":" + extranonce).getBytes(StandardCharsets.US_ASCII);
    }

    /** The first header (by nonce) that meets {@code difficulty}, or when {@code meets} is false, that misses it. */
    static byte[] grind(ObjectNode challenge, byte[] coinbase, long difficulty, boolean meets) {
        ByteBuffer header = ByteBuffer.allocate(ShareHeader.LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0x20000000).put(ShareHeader.sha256d(JacksonJcs.bytes(challenge)))
                .put(ShareHeader.merkleRoot(coinbase, List.of())).putInt(1_760_000_000).putInt(ShareHeader.NBITS)
                .putInt(0);
        byte[] bytes = header.array();
        for (int nonce = 0; ; nonce++) {
            ByteBuffer.wrap(bytes, 76, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(nonce);
            boolean under = ShareHeader.hashValue(ShareHeader.sha256d(bytes))
                    .compareTo(ShareHeader.target(difficulty)) <= 0;
            if (under == meets) {
                return bytes.clone();
            }
        }
    }

    /** The share request, signed by {@code signer} in the name of {@code minerDid}. */
    static ObjectNode share(ObjectNode challenge, String minerDid, byte[] header, byte[] coinbase, long difficulty,
            Ed25519.KeyPair signer) {
        ObjectNode share = JSON.createObjectNode();
        share.set("challenge", challenge);
        share.put("challenge_id", challenge.get("id").asString());
        share.put("miner_address", minerDid);
        share.put("nonce", HEX.formatHex(header, 76, 80));
        share.put("solution", HEX.formatHex(header));
        share.put("coinbase", HEX.formatHex(coinbase));
        share.put("difficulty", difficulty);
        share.put("timestamp", 1_760_000_000_000L);
        share.put("signature", Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign(
                ShareValidator.preimage(share))));
        return share;
    }

    static byte[] bytes(ObjectNode share) {
        return JSON.writeValueAsBytes(share);
    }
}

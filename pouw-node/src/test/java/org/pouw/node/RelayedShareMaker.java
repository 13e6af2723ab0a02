package org.pouw.node;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pouw.crypto.Base58;
import org.pouw.crypto.Ed25519;
import org.pouw.gate.GateTypeTag;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.crypto.jcs.JcsWriter;
import org.pouw.crypto.jcs.StrictJsonParser;
import org.pouw.gate.poolattest.HeaderWork;
import org.pouw.gate.receipt.EddsaJcs2022;
import org.pouw.gate.receipt.ReceiptSigner;

/**
 * Test support, a miner as docs/pool.md §2–3 describe it: asks the node for a share challenge, grinds a header on it,
 * signs the share in the pool's form and wraps it in a {@code pool_validated} token request for the node to relay.
 */
final class RelayedShareMaker {
    private static final HexFormat HEX = HexFormat.of();

    private RelayedShareMaker() {
    }

    /** A share of {@code difficulty} mined on a fresh share challenge of {@code node}, signed by {@code miner}. */
    static JcsValue.Obj share(RunningNode node, Ed25519.KeyPair miner, long difficulty, String extranonce) {
        RunningNode.Reply reply = node.post("/v1/challenges", RunningNode.JSON.createObjectNode()
                .put("did", miner.did().toString()).put("kind", "share"), null);
        if (reply.status() != 200) {
            throw new IllegalStateException("no share challenge: " + reply.status() + " " + reply.json());
        }
        JcsValue.Obj challenge = (JcsValue.Obj) StrictJsonParser.unicode(1 << 16).parse(reply.bytes());
        byte[] coinbase = (HeaderWork.COINBASE_PREFIX + miner.did() + ":" + extranonce)
                .getBytes(StandardCharsets.US_ASCII);
        byte[] header = grind(challenge, coinbase, difficulty);
        Map<String, JcsValue> members = new TreeMap<>();
        members.put("challenge", challenge);
        members.put("challenge_id", JcsValue.str(challenge.text("id")));
        members.put("miner_address", JcsValue.str(miner.did().toString()));
        members.put("nonce", JcsValue.str(HEX.formatHex(header, 76, 80)));
        members.put("solution", JcsValue.str(HEX.formatHex(header)));
        members.put("coinbase", JcsValue.str(HEX.formatHex(coinbase)));
        members.put("difficulty", JcsValue.integer(difficulty));
        members.put("timestamp", JcsValue.integer(System.currentTimeMillis()));
        JcsValue.Obj unsigned = JcsValue.Obj.of(members);
        byte[] preimage = concat("pouw-pool-share-v1:".getBytes(StandardCharsets.US_ASCII),
                JcsWriter.canonicalBytes(unsigned));
        return unsigned.with("signature", JcsValue.str(Base64.getUrlEncoder().withoutPadding()
                .encodeToString(miner.sign(preimage))));
    }

    /** The token request carrying {@code share}, signed by {@code signer} for {@code audience}. */
    static String request(JcsValue.Obj share, Ed25519.KeyPair signer, String audience) {
        Map<String, JcsValue> members = new TreeMap<>();
        members.put("type", JcsValue.str(GateTypeTag.TOKEN_REQUEST.tag()));
        members.put("mode", JcsValue.str("pool_validated"));
        members.put("share", share);
        JcsValue.Obj document = JcsValue.Obj.of(members);
        JcsValue.Obj proofConfig = ReceiptSigner.proofConfig(EddsaJcs2022.verificationMethod(signer.did()),
                share.text("challenge_id"), audience);
        byte[] signature = signer.sign(EddsaJcs2022.hashData(proofConfig, document));
        JcsValue.Obj request = document.with("proof", proofConfig.with("proofValue",
                JcsValue.str("z" + Base58.encode(signature))));
        return new String(JcsWriter.canonicalBytes(request), StandardCharsets.US_ASCII);
    }

    private static byte[] grind(JcsValue.Obj challenge, byte[] coinbase, long difficulty) {
        byte[] prev = HeaderWork.sha256d(JcsWriter.canonicalBytes(challenge));
        byte[] root = HeaderWork.merkleRoot(coinbase, List.of());
        ByteBuffer header = ByteBuffer.allocate(HeaderWork.HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0x20000000).put(prev).put(root).putInt((int) (System.currentTimeMillis() / 1000))
                .putInt(HeaderWork.NBITS).putInt(0);
        byte[] bytes = header.array();
        for (int nonce = 0; ; nonce++) {
            ByteBuffer.wrap(bytes, 76, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(nonce);
            if (HeaderWork.hashValue(HeaderWork.sha256d(bytes)).compareTo(HeaderWork.target(difficulty)) <= 0) {
                return bytes;
            }
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

package org.pouw.gate.poolattest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.pouw.crypto.DidKey;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.crypto.jcs.JcsWriter;
import org.pouw.crypto.jcs.JsonRefusedException;

/**
 * The node's reading of a share in the pool's {@code POST /pool/share} form (docs/pool.md §3) before it relays it:
 * exactly the pool's members, lower-case hex of the exact lengths, the header's nonce as stated, and the miner's own
 * Ed25519 signature over {@code "pouw-pool-share-v1:" ‖ JCS(share without signature)}. Whatever fails here never
 * reaches a pool, so garbage costs the node one signature check and the pool nothing (issue 23 §5: local
 * verification runs before any pool quota is spent).
 */
public final class ShareRelayForm {
    static final Set<String> MEMBERS = Set.of("challenge", "challenge_id", "miner_address", "nonce", "solution",
            "coinbase", "difficulty", "timestamp", "signature");
    private static final byte[] DOMAIN = "pouw-pool-share-v1:".getBytes(StandardCharsets.US_ASCII);
    private static final HexFormat HEX = HexFormat.of();

    private ShareRelayForm() {
    }

    /**
     * The share read and its miner's signature checked; {@link JsonRefusedException} (path under {@code $.share})
     * for a form error, {@link SecurityException} for a signature that does not hold.
     */
    public static RelayedShare read(JcsValue.Obj share) {
        try {
            for (String name : share.members().keySet()) {
                if (!MEMBERS.contains(name)) {
                    throw new JsonRefusedException("unknown member '" + name + "' in a share", -1, "$." + name);
                }
            }
            for (String name : MEMBERS) {
                share.get(name);
            }
            String miner = share.text("miner_address");
            if (!DidKey.isValid(miner)) {
                throw new JsonRefusedException("miner_address must be an Ed25519 did:key", -1, "$.miner_address");
            }
            JcsValue.Obj challenge = share.object("challenge");
            if (!challenge.has("id") || !share.text("challenge_id").equals(challenge.text("id"))) {
                throw new JsonRefusedException("challenge_id must be the challenge's id", -1, "$.challenge_id");
            }
            byte[] header = lowerHex(share.text("solution"), "solution", HeaderWork.HEADER_LENGTH);
            byte[] nonce = lowerHex(share.text("nonce"), "nonce", 4);
            if (!java.util.Arrays.equals(header, 76, 80, nonce, 0, 4)) {
                throw new JsonRefusedException("nonce must be the header's nonce bytes", -1, "$.nonce");
            }
            byte[] coinbase = lowerHex(share.text("coinbase"), "coinbase", -1);
            if (coinbase.length < 1 || coinbase.length > HeaderWork.MAX_COINBASE_LENGTH) {
                throw new JsonRefusedException("coinbase must be 1…" + HeaderWork.MAX_COINBASE_LENGTH + " bytes", -1,
                        "$.coinbase");
            }
            share.integer("timestamp");
            HeaderShare work = new HeaderShare(challenge, header, coinbase, List.of(), share.integer("difficulty"));
            byte[] signature = signature(share.text("signature"));
            byte[] signed = concat(DOMAIN, JcsWriter.canonicalBytes(share.without("signature")));
            if (!Ed25519.verify(DidKey.parse(miner).publicKey(), signed, signature)) {
                throw new SecurityException("the share is not signed by its miner_address");
            }
            return new RelayedShare(miner, work, share);
        } catch (JsonRefusedException e) {
            throw e.under("$.share");
        }
    }

    private static byte[] signature(String text) {
        try {
            byte[] signature = Base64.getUrlDecoder().decode(text);
            if (signature.length != 64 || text.contains("=")) {
                throw new IllegalArgumentException("length");
            }
            return signature;
        } catch (IllegalArgumentException e) {
            throw new JsonRefusedException("signature must be 64 bytes of base64url without padding", -1,
                    "$.signature");
        }
    }

    private static byte[] lowerHex(String text, String member, int length) {
        boolean hex = text.length() % 2 == 0
                && text.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
        if (!hex || (length >= 0 && text.length() != 2 * length)) {
            throw new JsonRefusedException(member + " must be " + (length >= 0 ? length + " bytes of " : "")
                    + "lower-case hex", -1, "$." + member);
        }
        return HEX.parseHex(text);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

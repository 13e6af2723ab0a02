package org.pouw.gate.poolattest;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.crypto.jcs.JsonRefusedException;

/**
 * One share mined on a node's share challenge ({@code "kind":"sha256d-header"}, docs/pool.md §2): the signed
 * challenge as the node issued it, the 80-byte header, the coinbase and Merkle branch that make its root, and the
 * difficulty the pool accepted and credited it at. One share per attestation: the node deduplicates on the header
 * hash, so two attestations of one share buy one token, and no attestation states a total.
 */
public record HeaderShare(JcsValue.Obj challenge, byte[] header, byte[] coinbase, List<byte[]> branch,
        long difficulty) {
    public static final String KIND = "sha256d-header";
    static final Set<String> MEMBERS = Set.of("kind", "challenge", "header", "coinbase", "branch", "difficulty");
    private static final HexFormat HEX = HexFormat.of();

    public HeaderShare {
        if (header.length != HeaderWork.HEADER_LENGTH) {
            throw new JsonRefusedException("share.header must be " + HeaderWork.HEADER_LENGTH + " bytes", -1,
                    "$.header");
        }
        if (coinbase.length > HeaderWork.MAX_COINBASE_LENGTH) {
            throw new JsonRefusedException("share.coinbase must be at most " + HeaderWork.MAX_COINBASE_LENGTH
                    + " bytes", -1, "$.coinbase");
        }
        if (branch.size() > HeaderWork.MAX_BRANCH_LENGTH) {
            throw new JsonRefusedException("share.branch has at most " + HeaderWork.MAX_BRANCH_LENGTH + " hashes",
                    -1, "$.branch");
        }
        List<byte[]> copied = new ArrayList<>();
        for (byte[] step : branch) {
            if (step.length != 32) {
                throw new JsonRefusedException("share.branch holds 32-byte hashes", -1, "$.branch");
            }
            copied.add(step.clone());
        }
        if (difficulty < 1 || difficulty > JcsValue.MAX_SAFE_INTEGER) {
            throw new JsonRefusedException("share.difficulty must be 1…2^53 − 1", -1, "$.difficulty");
        }
        header = header.clone();
        coinbase = coinbase.clone();
        branch = List.copyOf(copied);
    }

    @Override
    public byte[] header() {
        return header.clone();
    }

    @Override
    public byte[] coinbase() {
        return coinbase.clone();
    }

    /** The header hash as displayed (64 hex digits of the integer): what the node deduplicates shares on. */
    public String hashHex() {
        return HeaderWork.hashHex(HeaderWork.sha256d(header));
    }

    public String kind() {
        return KIND;
    }

    public JcsValue.Obj toJcs() {
        TreeMap<String, JcsValue> share = new TreeMap<>();
        share.put("kind", JcsValue.str(KIND));
        share.put("challenge", challenge);
        share.put("header", JcsValue.str(HEX.formatHex(header)));
        share.put("coinbase", JcsValue.str(HEX.formatHex(coinbase)));
        List<JcsValue> steps = new ArrayList<>();
        for (byte[] step : branch) {
            steps.add(JcsValue.str(HEX.formatHex(step)));
        }
        share.put("branch", new JcsValue.Arr(steps));
        share.put("difficulty", JcsValue.integer(difficulty));
        return new JcsValue.Obj(share);
    }

    static HeaderShare fromJcs(JcsValue.Obj share) {
        if (!share.members().keySet().equals(MEMBERS)) {
            throw new JsonRefusedException("a " + KIND + " share has exactly kind, challenge, header, coinbase, "
                    + "branch and difficulty", -1, "$");
        }
        if (!(share.get("branch") instanceof JcsValue.Arr steps)) {
            throw new JsonRefusedException("branch must be an array", -1, "$.branch");
        }
        List<byte[]> branch = new ArrayList<>();
        for (JcsValue step : steps.items()) {
            if (!(step instanceof JcsValue.Str text)) {
                throw new JsonRefusedException("branch holds hex strings", -1, "$.branch");
            }
            branch.add(lowerHex(text.value(), "branch"));
        }
        return new HeaderShare(share.object("challenge"), lowerHex(share.text("header"), "header"),
                lowerHex(share.text("coinbase"), "coinbase"), branch, share.integer("difficulty"));
    }

    private static byte[] lowerHex(String text, String member) {
        if (text.length() % 2 != 0 || !text.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new JsonRefusedException(member + " must be lower-case hex", -1, "$." + member);
        }
        return HEX.parseHex(text);
    }
}

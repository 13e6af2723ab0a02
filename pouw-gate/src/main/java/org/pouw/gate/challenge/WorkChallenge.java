package org.pouw.gate.challenge;

import java.util.TreeMap;
import org.pouw.crypto.DidKey;
import org.pouw.gate.GateTypeTag;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.crypto.jcs.JsonRefusedException;

/**
 * The body of a challenge, the members docs/gate.md §3 lists: {@code type, id, node, store, did, kind, difficulty,
 * resource, issued_at_ms, expires_at_ms}. The signature is not part of it; {@link SignedChallenge} adds it.
 */
public record WorkChallenge(String id, String node, String store, String did, ChallengeKind kind, int difficulty,
        String resource, long issuedAtMs, long expiresAtMs) {
    /** 16 random bytes as lower-case hex: unguessable, and usable as a hashcash resource as it is. */
    public static final int ID_HEX_LENGTH = 32;
    public static final int MAX_DIFFICULTY = 64;
    private static final int MAX_NAME_LENGTH = 128;

    public WorkChallenge {
        if (!isLowerHex(id) || id.length() != ID_HEX_LENGTH) {
            throw new JsonRefusedException("id must be 32 lower-case hex digits", -1, "$.id");
        }
        requireName(node, "node");
        requireName(store, "store");
        if (!DidKey.isValid(did)) {
            throw new JsonRefusedException("did must be an Ed25519 did:key", -1, "$.did");
        }
        if (difficulty < 0 || difficulty > MAX_DIFFICULTY) {
            throw new JsonRefusedException("difficulty must be 0…" + MAX_DIFFICULTY + ", got " + difficulty, -1,
                    "$.difficulty");
        }
        // The hashcash tool lower-cases its resource and splits stamps on ':' (issue 21 §1): lower-case hex only.
        if (!isLowerHex(resource) || resource.isEmpty() || resource.length() > MAX_NAME_LENGTH) {
            throw new JsonRefusedException("resource must be lower-case hex", -1, "$.resource");
        }
        if (expiresAtMs <= issuedAtMs) {
            throw new JsonRefusedException("expires_at_ms must be after issued_at_ms", -1, "$.expires_at_ms");
        }
    }

    /** The signed members, in the tree the signature is made over. */
    public JcsValue.Obj toJcs() {
        TreeMap<String, JcsValue> members = new TreeMap<>();
        members.put("type", JcsValue.str(GateTypeTag.CHALLENGE.tag()));
        members.put("id", JcsValue.str(id));
        members.put("node", JcsValue.str(node));
        members.put("store", JcsValue.str(store));
        members.put("did", JcsValue.str(did));
        members.put("kind", JcsValue.str(kind.wire()));
        members.put("difficulty", JcsValue.integer(difficulty));
        members.put("resource", JcsValue.str(resource));
        members.put("issued_at_ms", JcsValue.integer(issuedAtMs));
        members.put("expires_at_ms", JcsValue.integer(expiresAtMs));
        return new JcsValue.Obj(members);
    }

    /**
     * Reads the body from a tree whose {@code type} has been checked; every member must be present with its type and
     * no other member may be (so nothing unsigned rides along). Throws {@link JsonRefusedException} naming the member.
     */
    public static WorkChallenge fromJcs(JcsValue.Obj body) {
        for (String name : body.members().keySet()) {
            if (!MEMBERS.contains(name)) {
                throw new JsonRefusedException("unknown member '" + name + "' in a challenge", -1, "$." + name);
            }
        }
        ChallengeKind kind = ChallengeKind.fromWire(body.text("kind"))
                .orElseThrow(() -> new JsonRefusedException("kind must be hashcash, useful or share", -1, "$.kind"));
        long difficulty = body.integer("difficulty");
        if (difficulty < 0 || difficulty > MAX_DIFFICULTY) {
            throw new JsonRefusedException("difficulty must be 0…" + MAX_DIFFICULTY, -1, "$.difficulty");
        }
        return new WorkChallenge(body.text("id"), body.text("node"), body.text("store"), body.text("did"), kind,
                (int) difficulty, body.text("resource"), body.integer("issued_at_ms"), body.integer("expires_at_ms"));
    }

    private static final java.util.Set<String> MEMBERS = java.util.Set.of("type", "id", "node", "store", "did",
            "kind", "difficulty", "resource", "issued_at_ms", "expires_at_ms");

    private static void requireName(String value, String member) {
        if (value == null || value.isEmpty() || value.length() > MAX_NAME_LENGTH) {
            throw new JsonRefusedException(member + " must be 1…" + MAX_NAME_LENGTH + " characters", -1, "$." + member);
        }
    }

    private static boolean isLowerHex(String text) {
        if (text == null) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}

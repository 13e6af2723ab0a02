package org.pouw.gate.poolattest;

import java.util.Set;
import java.util.TreeMap;
import org.pouw.crypto.DidKey;
import org.pouw.gate.GateTypeTag;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.crypto.jcs.JsonRefusedException;

/**
 * A pool's signed statement that a miner did work for it (docs/gate.md §9), the body before its {@code sig}:
 * {@code type, id, pool, kid?, aud, miner, share, issued_at_ms, expires_at_ms} ({@code kid} names which of the
 * pool's keys signed it, for rotation; absent for a pool's one unnamed key). The share travels inside so the node
 * re-checks the work itself rather than trusting the pool's word: one header mined on the node's share challenge
 * ({@link HeaderShare}, what pouw-pool signs). One share per attestation, never a running total. (The older
 * {@code hashcash} share kind, work bound to an id the pool chose, is retired: docs/pool.md §4b.)
 */
public record PoolAttestation(String id, String pool, String audience, String miner, HeaderShare share,
        long issuedAtMs, long expiresAtMs, String kid) {
    static final Set<String> MEMBERS = Set.of("type", "id", "pool", "kid", "aud", "miner", "share", "issued_at_ms",
            "expires_at_ms");

    public PoolAttestation {
        if (id == null || !id.matches("[0-9a-f]{32}")) {
            throw new JsonRefusedException("id must be 32 lower-case hex digits", -1, "$.id");
        }
        requireName(pool, "pool");
        requireName(audience, "aud");
        if (!DidKey.isValid(miner)) {
            throw new JsonRefusedException("miner must be an Ed25519 did:key", -1, "$.miner");
        }
        if (share == null) {
            throw new JsonRefusedException("share is missing", -1, "$.share");
        }
        if (expiresAtMs <= issuedAtMs) {
            throw new JsonRefusedException("expires_at_ms must be after issued_at_ms", -1, "$.expires_at_ms");
        }
        if (kid == null || (!kid.isEmpty() && !kid.matches(PoolKey.KID_PATTERN))) {
            throw new JsonRefusedException("kid must be 1…64 letters, digits, '.', '_' or '-'", -1, "$.kid");
        }
    }

    /** An attestation naming no {@code kid}: signed by the pool's one unnamed key. */
    public PoolAttestation(String id, String pool, String audience, String miner, HeaderShare share, long issuedAtMs,
            long expiresAtMs) {
        this(id, pool, audience, miner, share, issuedAtMs, expiresAtMs, "");
    }

    public JcsValue.Obj toJcs() {
        TreeMap<String, JcsValue> members = new TreeMap<>();
        members.put("type", JcsValue.str(GateTypeTag.POOL_ATTESTATION.tag()));
        members.put("id", JcsValue.str(id));
        members.put("pool", JcsValue.str(pool));
        if (!kid.isEmpty()) {
            members.put("kid", JcsValue.str(kid));
        }
        members.put("aud", JcsValue.str(audience));
        members.put("miner", JcsValue.str(miner));
        members.put("share", share.toJcs());
        members.put("issued_at_ms", JcsValue.integer(issuedAtMs));
        members.put("expires_at_ms", JcsValue.integer(expiresAtMs));
        return new JcsValue.Obj(members);
    }

    static PoolAttestation fromJcs(JcsValue.Obj body) {
        for (String name : body.members().keySet()) {
            if (!MEMBERS.contains(name)) {
                throw new JsonRefusedException("unknown member '" + name + "' in a pool attestation", -1,
                        "$." + name);
            }
        }
        JcsValue.Obj share = body.object("share");
        HeaderShare work;
        try {
            if (!share.text("kind").equals(HeaderShare.KIND)) {
                throw new JsonRefusedException("share kind must be " + HeaderShare.KIND, -1, "$.kind");
            }
            work = HeaderShare.fromJcs(share);
        } catch (JsonRefusedException e) {
            throw e.under("$.share");
        }
        return new PoolAttestation(body.text("id"), body.text("pool"), body.text("aud"), body.text("miner"),
                work, body.integer("issued_at_ms"), body.integer("expires_at_ms"),
                body.has("kid") ? nonEmpty(body.text("kid")) : "");
    }

    private static String nonEmpty(String kid) {
        if (kid.isEmpty()) {
            throw new JsonRefusedException("kid, when present, is not empty", -1, "$.kid");
        }
        return kid;
    }

    private static void requireName(String value, String member) {
        if (value == null || value.isEmpty() || value.length() > 128) {
            throw new JsonRefusedException(member + " must be 1…128 characters", -1, "$." + member);
        }
    }
}

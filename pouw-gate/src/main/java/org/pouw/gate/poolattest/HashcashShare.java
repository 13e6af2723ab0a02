package org.pouw.gate.poolattest;

import java.util.TreeMap;
import org.pouw.gate.jcs.JcsValue;
import org.pouw.gate.jcs.JsonRefusedException;

/** A hashcash v1 stamp whose resource is the attestation's id ({@code "kind":"hashcash"}). */
public record HashcashShare(String stamp) implements PoolShare {
    public static final String KIND = "hashcash";

    public HashcashShare {
        if (stamp == null || stamp.isEmpty() || stamp.length() > 256) {
            throw new JsonRefusedException("share.stamp must be 1…256 characters", -1, "$.stamp");
        }
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public JcsValue.Obj toJcs() {
        TreeMap<String, JcsValue> share = new TreeMap<>();
        share.put("kind", JcsValue.str(KIND));
        share.put("stamp", JcsValue.str(stamp));
        return new JcsValue.Obj(share);
    }
}

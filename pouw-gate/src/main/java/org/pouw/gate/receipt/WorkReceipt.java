package org.pouw.gate.receipt;

import java.util.TreeMap;
import org.pouw.gate.GateTypeTag;
import org.pouw.crypto.jcs.JcsValue;

/**
 * The document of a receipt, before its proof (docs/gate.md §5): the signed challenge as issued, the solution (a
 * hashcash stamp), a client nonce and the client's timestamp. The nonce and timestamp are carried and signed, never
 * used to deduplicate: only the node's challenge id is (issue 21: dedup on a nonce the client picks was a hole).
 */
public record WorkReceipt(JcsValue.Obj challenge, String solution, String nonce, long timestampMs) {
    public JcsValue.Obj toDocument() {
        TreeMap<String, JcsValue> members = new TreeMap<>();
        members.put("type", JcsValue.str(GateTypeTag.RECEIPT.tag()));
        members.put("challenge", challenge);
        members.put("solution", JcsValue.str(solution));
        members.put("nonce", JcsValue.str(nonce));
        members.put("timestamp_ms", JcsValue.integer(timestampMs));
        return new JcsValue.Obj(members);
    }
}

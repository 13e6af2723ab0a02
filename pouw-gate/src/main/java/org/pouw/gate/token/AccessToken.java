package org.pouw.gate.token;

import java.util.Set;
import java.util.TreeMap;
import org.pouw.gate.GateTypeTag;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.crypto.jcs.JsonRefusedException;

/**
 * The signed body of a {@code pouw-at-v1} access token (docs/gate.md §8): {@code type, aud, jti, kid, sub, mode,
 * class, iat, exp}. Times are milliseconds since the epoch, like every gate format. The class is the mode's, or for
 * a pool token the class the operator allows that pool (issue 23 §1), never above the mode's ceiling: a token
 * claiming more is not a token this node could have made.
 */
public record AccessToken(String audience, String jti, String kid, String subject, TokenMode mode,
        AccessClass accessClass, long issuedAtMs, long expiresAtMs) {
    static final Set<String> MEMBERS = Set.of("type", "aud", "jti", "kid", "sub", "mode", "class", "iat", "exp");
    private static final int MAX_TEXT = 128;

    public AccessToken {
        requireText(audience, "aud");
        requireText(jti, "jti");
        requireText(kid, "kid");
        requireText(subject, "sub");
        if (mode == null) {
            throw new JsonRefusedException("mode is missing", -1, "$.mode");
        }
        if (accessClass == null || accessClass.compareTo(mode.maxClass()) > 0) {
            throw new JsonRefusedException("class " + (accessClass == null ? "null" : accessClass.wire())
                    + " is above what mode " + mode.wire() + " can buy", -1, "$.class");
        }
        if (expiresAtMs <= issuedAtMs) {
            throw new JsonRefusedException("exp must be after iat", -1, "$.exp");
        }
    }

    /** A token of the mode's own class. */
    public AccessToken(String audience, String jti, String kid, String subject, TokenMode mode, long issuedAtMs,
            long expiresAtMs) {
        this(audience, jti, kid, subject, mode, mode.accessClass(), issuedAtMs, expiresAtMs);
    }

    public JcsValue.Obj toJcs() {
        TreeMap<String, JcsValue> members = new TreeMap<>();
        members.put("type", JcsValue.str(GateTypeTag.ACCESS_TOKEN.tag()));
        members.put("aud", JcsValue.str(audience));
        members.put("jti", JcsValue.str(jti));
        members.put("kid", JcsValue.str(kid));
        members.put("sub", JcsValue.str(subject));
        members.put("mode", JcsValue.str(mode.wire()));
        members.put("class", JcsValue.str(accessClass.wire()));
        members.put("iat", JcsValue.integer(issuedAtMs));
        members.put("exp", JcsValue.integer(expiresAtMs));
        return new JcsValue.Obj(members);
    }

    /** Reads a body whose {@code type} was checked: exactly the members above, each of its type. */
    static AccessToken fromJcs(JcsValue.Obj body) {
        for (String name : body.members().keySet()) {
            if (!MEMBERS.contains(name)) {
                throw new JsonRefusedException("unknown member '" + name + "' in an access token", -1, "$." + name);
            }
        }
        TokenMode mode = TokenMode.fromWire(body.text("mode"))
                .orElseThrow(() -> new JsonRefusedException("unknown mode", -1, "$.mode"));
        AccessClass accessClass = AccessClass.fromWire(body.text("class"))
                .orElseThrow(() -> new JsonRefusedException("unknown class", -1, "$.class"));
        return new AccessToken(body.text("aud"), body.text("jti"), body.text("kid"), body.text("sub"), mode,
                accessClass, body.integer("iat"), body.integer("exp"));
    }

    private static void requireText(String value, String member) {
        if (value == null || value.isEmpty() || value.length() > MAX_TEXT) {
            throw new JsonRefusedException(member + " must be 1…" + MAX_TEXT + " characters", -1, "$." + member);
        }
    }
}

package org.pouw.pool.attest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.crypto.jcs.JcsWriter;
import tools.jackson.databind.JsonNode;

/**
 * RFC 8785 (JCS) bytes of a Jackson tree, for the values this pool signs and checks: the tree is taken into
 * pouw-crypto's {@link JcsValue} and written by its {@link JcsWriter}, the one canonical writer the node's gate uses
 * too, so pool and node cannot drift apart. Objects, arrays, strings, booleans, null and integers within ±(2^53 − 1)
 * — the range the node's strict parser allows; anything else (a fraction, an exponent, a lone surrogate) has no
 * agreed form here and is refused, naming where.
 */
public final class JacksonJcs {
    private JacksonJcs() {
    }

    public static byte[] bytes(JsonNode value) {
        return JcsWriter.canonicalBytes(value(value, "$"));
    }

    public static String text(JsonNode value) {
        return JcsWriter.canonical(value(value, "$"));
    }

    private static JcsValue value(JsonNode node, String path) {
        try {
            if (node.isObject()) {
                TreeMap<String, JcsValue> members = new TreeMap<>();
                for (Map.Entry<String, JsonNode> member : node.properties()) {
                    members.put(member.getKey(), value(member.getValue(), path + "." + member.getKey()));
                }
                return new JcsValue.Obj(members);
            }
            if (node.isArray()) {
                List<JcsValue> items = new ArrayList<>(node.size());
                for (int i = 0; i < node.size(); i++) {
                    items.add(value(node.get(i), path + "[" + i + "]"));
                }
                return new JcsValue.Arr(items);
            }
            if (node.isString()) {
                return JcsValue.str(node.asString());
            }
            if (node.isIntegralNumber() && node.canConvertToLong()) {
                return JcsValue.integer(node.longValue());
            }
            if (node.isBoolean()) {
                return new JcsValue.Bool(node.booleanValue());
            }
            if (node.isNull()) {
                return JcsValue.Null.NULL;
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException(path + " must be an integer within ±(2^53 − 1), a string, a boolean, "
                + "null, an array or an object");
    }
}

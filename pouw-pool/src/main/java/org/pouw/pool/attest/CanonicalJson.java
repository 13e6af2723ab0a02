package org.pouw.pool.attest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * RFC 8785 (JCS) bytes of a JSON tree, for the values this pool signs and checks: objects (members sorted by UTF-16
 * code units), arrays, strings, booleans, null, and integers in the I-JSON safe range ±(2^53 − 1) — the same range the
 * node's strict parser allows, so both sides give one value one form. Anything else (a fraction, an exponent, a lone
 * surrogate) has no agreed form here and is refused, naming where.
 */
public final class CanonicalJson {
    private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private CanonicalJson() {
    }

    public static byte[] bytes(JsonNode value) {
        return text(value).getBytes(StandardCharsets.UTF_8);
    }

    public static String text(JsonNode value) {
        StringBuilder out = new StringBuilder(256);
        write(value, out, "$");
        return out.toString();
    }

    private static void write(JsonNode value, StringBuilder out, String path) {
        if (value.isObject()) {
            List<Map.Entry<String, JsonNode>> members = new ArrayList<>(value.properties());
            members.sort(Map.Entry.comparingByKey());
            out.append('{');
            for (int i = 0; i < members.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                string(members.get(i).getKey(), out, path);
                out.append(':');
                write(members.get(i).getValue(), out, path + "." + members.get(i).getKey());
            }
            out.append('}');
        } else if (value.isArray()) {
            out.append('[');
            for (int i = 0; i < value.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(value.get(i), out, path + "[" + i + "]");
            }
            out.append(']');
        } else if (value.isString()) {
            string(value.asString(), out, path);
        } else if (value.isIntegralNumber() && value.canConvertToLong()
                && Math.abs(value.longValue()) <= MAX_SAFE_INTEGER) {
            out.append(value.longValue());
        } else if (value.isBoolean()) {
            out.append(value.booleanValue());
        } else if (value.isNull()) {
            out.append("null");
        } else {
            throw new IllegalArgumentException(path + " must be an integer within ±(2^53 − 1), a string, a boolean, "
                    + "null, an array or an object");
        }
    }

    /** RFC 8785 §3.2.2.2: the JSON.stringify escapes, everything else as it is. */
    private static void string(String text, StringBuilder out, String path) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        throw new IllegalArgumentException(path + " holds a lone surrogate");
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}

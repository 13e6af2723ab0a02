package org.pouw.crypto.jcs;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The canonical form of RFC 8785 (JCS) for a {@link JcsValue}: no whitespace (§3.2.1), members sorted by name as
 * UTF-16 code units (§3.2.3, which {@link JcsValue.Obj} already holds), strings with the minimal escapes of §3.2.2.2,
 * integers in shortest decimal form (§3.2.2.3 for the integers a tree can hold; {@code -0} is written {@code 0}).
 */
public final class JcsWriter {
    private JcsWriter() {
    }

    public static String canonical(JcsValue value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    /** The UTF-8 bytes that are signed and hashed (RFC 8785 §3.2.4). */
    public static byte[] canonicalBytes(JcsValue value) {
        return canonical(value).getBytes(StandardCharsets.UTF_8);
    }

    private static void write(JcsValue value, StringBuilder out) {
        switch (value) {
            case JcsValue.Obj obj -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<String, JcsValue> member : obj.members().entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    string(member.getKey(), out);
                    out.append(':');
                    write(member.getValue(), out);
                }
                out.append('}');
            }
            case JcsValue.Arr arr -> {
                out.append('[');
                for (int i = 0; i < arr.items().size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(arr.items().get(i), out);
                }
                out.append(']');
            }
            case JcsValue.Str str -> string(str.value(), out);
            case JcsValue.Int number -> out.append(number.value());
            case JcsValue.Bool bool -> out.append(bool.value());
            case JcsValue.Null ignored -> out.append("null");
        }
    }

    /** RFC 8785 §3.2.2.2: escape {@code "} and {@code \}, the five short control escapes, other controls as lower-case {@code \}{@code u00xx}; nothing else. */
    private static void string(String value, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
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
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}

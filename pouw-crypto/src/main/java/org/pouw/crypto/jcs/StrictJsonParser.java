package org.pouw.crypto.jcs;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.TreeMap;

/**
 * The one strict parse of issue 21: RFC 8259 JSON read into a {@link JcsValue} tree, refusing — never repairing —
 * what would let two readers see two documents behind one signature:
 * <ul>
 *   <li>duplicate member names (RFC 8785 §3.1 requires unique names; parsers disagree on which one wins);</li>
 *   <li>lone surrogates, escaped ({@code "\uD800"}) or as malformed UTF-8 (RFC 8785 §3.2.2.2 has no form for them;
 *       lenient libraries turn them into {@code ?} or U+FFFD, so the signed bytes would not be the read ones);</li>
 *   <li>numbers that are not integers in ±(2^53 − 1) (RFC 7493 §2.2; the gate's formats carry integers only, so the
 *       float serialisation of RFC 8785 §3.2.2.3 is not implemented and fractions and exponents are refused);</li>
 *   <li>in ASCII mode, any character above U+007F, escaped or not (every gate format is ASCII).</li>
 * </ul>
 * One instance holds its limits and may be shared; each call parses on its own.
 */
public final class StrictJsonParser {
    /** Deep enough for every gate format; shallow enough that a hostile nesting can not exhaust the stack. */
    public static final int MAX_DEPTH = 32;

    private final int maxBytes;
    private final boolean asciiOnly;

    private StrictJsonParser(int maxBytes, boolean asciiOnly) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be > 0, got " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.asciiOnly = asciiOnly;
    }

    /** For the gate's formats: ASCII text only, at most {@code maxBytes} bytes. */
    public static StrictJsonParser ascii(int maxBytes) {
        return new StrictJsonParser(maxBytes, true);
    }

    /** Any Unicode text (whole code points only), at most {@code maxBytes} bytes of UTF-8. */
    public static StrictJsonParser unicode(int maxBytes) {
        return new StrictJsonParser(maxBytes, false);
    }

    public JcsValue parse(byte[] utf8) {
        if (utf8.length > maxBytes) {
            throw new JsonRefusedException("input of " + utf8.length + " bytes exceeds the limit of " + maxBytes,
                    maxBytes, "$");
        }
        for (int i = 0; i < utf8.length; i++) {
            if (asciiOnly && utf8[i] < 0) {
                throw new JsonRefusedException("a byte above 0x7f in ASCII-only input", i, "$");
            }
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            // The JDK's decoder also reports encoded surrogates (ED A0 80 …) as malformed, so none can slip in here.
            throw new JsonRefusedException("malformed UTF-8", -1, "$");
        }
        return new Reading(text).document();
    }

    public JcsValue parse(String text) {
        return parse(text.getBytes(StandardCharsets.UTF_8));
    }

    /** One pass over one text; holds the cursor and the path for error messages. */
    private final class Reading {
        private final String text;
        /**
         * Where the cursor is: member names (String) and array indexes (Integer), rendered only for an error — a
         * valid document, the common case, pays for no strings.
         */
        private final Deque<Object> path = new ArrayDeque<>();
        private int at;

        Reading(String text) {
            this.text = text;
        }

        JcsValue document() {
            skipWhitespace();
            JcsValue value = value(0);
            skipWhitespace();
            if (at != text.length()) {
                throw refuse("trailing content after the JSON value");
            }
            return value;
        }

        private JcsValue value(int depth) {
            if (depth > MAX_DEPTH) {
                throw refuse("nesting deeper than " + MAX_DEPTH);
            }
            if (at >= text.length()) {
                throw refuse("unexpected end of input");
            }
            char c = text.charAt(at);
            return switch (c) {
                case '{' -> object(depth);
                case '[' -> array(depth);
                case '"' -> new JcsValue.Str(string());
                case 't' -> literal("true", new JcsValue.Bool(true));
                case 'f' -> literal("false", new JcsValue.Bool(false));
                case 'n' -> literal("null", JcsValue.Null.NULL);
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        yield number();
                    }
                    throw refuse("unexpected character " + describe(c));
                }
            };
        }

        private JcsValue object(int depth) {
            at++; // '{'
            TreeMap<String, JcsValue> members = new TreeMap<>();
            skipWhitespace();
            if (peek() == '}') {
                at++;
                return new JcsValue.Obj(members);
            }
            while (true) {
                skipWhitespace();
                if (peek() != '"') {
                    throw refuse("expected a member name");
                }
                int nameAt = at;
                String name = string();
                if (members.containsKey(name)) {
                    at = nameAt;
                    throw refuse("duplicate member name '" + printable(name) + "'");
                }
                skipWhitespace();
                expect(':');
                skipWhitespace();
                path.addLast(name);
                members.put(name, value(depth + 1));
                path.removeLast();
                skipWhitespace();
                char c = next();
                if (c == '}') {
                    return new JcsValue.Obj(members);
                }
                if (c != ',') {
                    at--;
                    throw refuse("expected ',' or '}' in an object");
                }
            }
        }

        private JcsValue array(int depth) {
            at++; // '['
            List<JcsValue> items = new ArrayList<>();
            skipWhitespace();
            if (peek() == ']') {
                at++;
                return new JcsValue.Arr(items);
            }
            while (true) {
                skipWhitespace();
                path.addLast(items.size());
                items.add(value(depth + 1));
                path.removeLast();
                skipWhitespace();
                char c = next();
                if (c == ']') {
                    return new JcsValue.Arr(items);
                }
                if (c != ',') {
                    at--;
                    throw refuse("expected ',' or ']' in an array");
                }
            }
        }

        private String string() {
            at++; // '"'
            StringBuilder out = new StringBuilder();
            while (true) {
                if (at >= text.length()) {
                    throw refuse("unterminated string");
                }
                int charAt = at;
                char c = text.charAt(at++);
                if (c == '"') {
                    break;
                }
                if (c < 0x20) {
                    at = charAt;
                    throw refuse("an unescaped control character " + describe(c) + " in a string");
                }
                if (c == '\\') {
                    c = escaped();
                }
                if (asciiOnly && c > 0x7f) {
                    at = charAt;
                    throw refuse("a character above U+007F in an ASCII-only string");
                }
                if (Character.isLowSurrogate(c)
                        && (out.isEmpty() || !Character.isHighSurrogate(out.charAt(out.length() - 1)))) {
                    at = charAt;
                    throw refuse("a lone low surrogate " + describe(c));
                }
                if (!out.isEmpty() && Character.isHighSurrogate(out.charAt(out.length() - 1))
                        && !Character.isLowSurrogate(c)) {
                    at = charAt;
                    throw refuse("a lone high surrogate " + describe(out.charAt(out.length() - 1)));
                }
                out.append(c);
            }
            if (!out.isEmpty() && Character.isHighSurrogate(out.charAt(out.length() - 1))) {
                at--;
                throw refuse("a lone high surrogate at the end of a string");
            }
            return out.toString();
        }

        private char escaped() {
            if (at >= text.length()) {
                throw refuse("unterminated escape");
            }
            char c = text.charAt(at++);
            return switch (c) {
                case '"' -> '"';
                case '\\' -> '\\';
                case '/' -> '/';
                case 'b' -> '\b';
                case 'f' -> '\f';
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 't' -> '\t';
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw refuse("a \\u escape needs four hex digits");
                    }
                    int code = 0;
                    for (int i = 0; i < 4; i++) {
                        int digit = Character.digit(text.charAt(at + i), 16);
                        if (digit < 0 || text.charAt(at + i) > 0x7f) {
                            throw refuse("a \\u escape needs four hex digits");
                        }
                        code = code * 16 + digit;
                    }
                    at += 4;
                    yield (char) code;
                }
                default -> {
                    at--;
                    throw refuse("an unknown escape \\" + describe(c));
                }
            };
        }

        private JcsValue number() {
            int start = at;
            boolean negative = false;
            if (peek() == '-') {
                negative = true;
                at++;
            }
            int digitsStart = at;
            while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
                at++;
            }
            int digits = at - digitsStart;
            if (digits == 0) {
                throw refuse("a number needs digits");
            }
            if (digits > 1 && text.charAt(digitsStart) == '0') {
                at = start;
                throw refuse("a number with a leading zero");
            }
            if (at < text.length() && (text.charAt(at) == '.' || text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
                at = start;
                throw refuse("a number that is not an integer (the gate's formats carry integers only)");
            }
            // 16 digits hold every safe integer; more can only be beyond 2^53 − 1 (and could overflow a long).
            long magnitude = digits > 16 ? Long.MAX_VALUE : Long.parseLong(text, digitsStart, at, 10);
            if (magnitude > JcsValue.MAX_SAFE_INTEGER) {
                at = start;
                throw refuse("an integer beyond ±(2^53 − 1)");
            }
            return new JcsValue.Int(negative ? -magnitude : magnitude);
        }

        private JcsValue literal(String word, JcsValue value) {
            if (!text.startsWith(word, at)) {
                throw refuse("unexpected character " + describe(text.charAt(at)));
            }
            at += word.length();
            return value;
        }

        private void skipWhitespace() {
            while (at < text.length()) {
                char c = text.charAt(at);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                at++;
            }
        }

        private char peek() {
            if (at >= text.length()) {
                throw refuse("unexpected end of input");
            }
            return text.charAt(at);
        }

        private char next() {
            char c = peek();
            at++;
            return c;
        }

        private void expect(char wanted) {
            if (peek() != wanted) {
                throw refuse("expected '" + wanted + "'");
            }
            at++;
        }

        private JsonRefusedException refuse(String reason) {
            StringBuilder where = new StringBuilder("$");
            for (Object step : path) {
                if (step instanceof String name) {
                    where.append('.').append(printable(name));
                } else {
                    where.append('[').append(step).append(']');
                }
            }
            return new JsonRefusedException(reason, at, where.toString());
        }
    }

    private static String describe(char c) {
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    /** A name as it may appear in an error message: ASCII shown, anything else escaped, so logs stay clean. */
    private static String printable(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length() && i < 64; i++) {
            char c = name.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }
}

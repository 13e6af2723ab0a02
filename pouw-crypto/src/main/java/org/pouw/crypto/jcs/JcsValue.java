package org.pouw.crypto.jcs;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A JSON value as the gate reads it: the tree one strict parse ({@link StrictJsonParser}) produces, which signatures
 * are checked over and which the rules then act on (issue 21: "sign and act on the same tree"). Numbers are integers
 * in the I-JSON safe range only (RFC 7493 §2.2), so every value has exactly one canonical form (RFC 8785).
 */
public sealed interface JcsValue {
    /** The largest magnitude an integer may have: 2^53 − 1, the I-JSON safe range. */
    long MAX_SAFE_INTEGER = (1L << 53) - 1;

    /**
     * An object. Members are held sorted by name as UTF-16 code units — the order RFC 8785 §3.2.3 writes them in,
     * which is exactly {@link String#compareTo}.
     */
    record Obj(SortedMap<String, JcsValue> members) implements JcsValue {
        public Obj {
            members = Collections.unmodifiableSortedMap(new TreeMap<>(members));
        }

        public static Obj of(Map<String, JcsValue> members) {
            return new Obj(new TreeMap<>(members));
        }

        public boolean has(String name) {
            return members.containsKey(name);
        }

        public JcsValue get(String name) {
            JcsValue value = members.get(name);
            if (value == null) {
                throw new JsonRefusedException("member '" + name + "' is missing", -1, "$." + name);
            }
            return value;
        }

        public String text(String name) {
            if (get(name) instanceof Str str) {
                return str.value();
            }
            throw new JsonRefusedException("member '" + name + "' must be a string", -1, "$." + name);
        }

        public long integer(String name) {
            if (get(name) instanceof Int number) {
                return number.value();
            }
            throw new JsonRefusedException("member '" + name + "' must be an integer", -1, "$." + name);
        }

        public Obj object(String name) {
            if (get(name) instanceof Obj obj) {
                return obj;
            }
            throw new JsonRefusedException("member '" + name + "' must be one object", -1, "$." + name);
        }

        /** This object without one member: how a signature member is set aside before the rest is canonicalised. */
        public Obj without(String name) {
            TreeMap<String, JcsValue> rest = new TreeMap<>(members);
            rest.remove(name);
            return new Obj(rest);
        }

        public Obj with(String name, JcsValue value) {
            TreeMap<String, JcsValue> more = new TreeMap<>(members);
            more.put(name, value);
            return new Obj(more);
        }
    }

    record Arr(List<JcsValue> items) implements JcsValue {
        public Arr {
            items = List.copyOf(items);
        }
    }

    /** A string of whole code points: a lone surrogate can not be parsed into one. */
    record Str(String value) implements JcsValue {
        public Str {
            if (value == null) {
                throw new IllegalArgumentException("a JSON string is not null");
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    // RFC 8785 §3.2.2.2 has no form for it; UTF-8 would turn it into '?' behind the signature.
                    throw new IllegalArgumentException("a lone surrogate at index " + i);
                }
            }
        }
    }

    record Int(long value) implements JcsValue {
        public Int {
            if (value > MAX_SAFE_INTEGER || value < -MAX_SAFE_INTEGER) {
                throw new IllegalArgumentException("integer " + value + " is outside ±(2^53 − 1)");
            }
        }
    }

    record Bool(boolean value) implements JcsValue {
    }

    enum Null implements JcsValue {
        NULL
    }

    static Str str(String value) {
        return new Str(value);
    }

    static Int integer(long value) {
        return new Int(value);
    }
}

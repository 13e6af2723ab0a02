package org.pouw.vm;

import java.math.BigInteger;
import java.util.Locale;
import org.pouw.crypto.Goldilocks;

/**
 * Reads an immediate as written in assembly: decimal, possibly negative (−n stands for p − n), or 0x-hex; the
 * magnitude must be below p (ARCHITECTURE.md §7). Only ASCII digits count, so a source means the same thing under
 * every locale. Kept apart from the assembler because its range rules are the subtle part of the syntax.
 */
final class ImmediateParser {
    private static final BigInteger P = new BigInteger(Long.toUnsignedString(Goldilocks.P));
    /** Longer than any numeral below p (20 decimal or 16 hex digits) with room for leading zeros. */
    private static final int MAX_DIGITS = 64;

    private ImmediateParser() {
    }

    /** The canonical element {@code token} stands for; {@link AssemblyException} at {@code line} otherwise. */
    static long parse(String token, int line) {
        String text = token.toLowerCase(Locale.ROOT);
        boolean negative = text.startsWith("-");
        String digits = negative ? text.substring(1) : text;
        int radix = 10;
        if (digits.startsWith("0x")) {
            if (negative) {
                throw new AssemblyException(line, "bad immediate '" + token + "' (hex immediates cannot be negative)");
            }
            digits = digits.substring(2);
            radix = 16;
        }
        if (digits.isEmpty() || !asciiDigits(digits, radix)) {
            throw new AssemblyException(line, "bad immediate '" + token + "' (expected a decimal or 0x-hex number)");
        }
        BigInteger magnitude = digits.length() > MAX_DIGITS ? P : new BigInteger(digits, radix);
        if (magnitude.compareTo(P) >= 0) {
            throw new AssemblyException(line, "immediate '" + token + "' out of range (magnitude must be below p = "
                    + Goldilocks.toString(Goldilocks.P) + ")");
        }
        long value = magnitude.longValue(); // below p < 2^64: the low 64 bits are the unsigned value
        return negative ? Goldilocks.neg(value) : value;
    }

    private static boolean asciiDigits(String digits, int radix) {
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            boolean decimal = c >= '0' && c <= '9';
            boolean hex = radix == 16 && c >= 'a' && c <= 'f';
            if (!decimal && !hex) {
                return false;
            }
        }
        return true;
    }
}

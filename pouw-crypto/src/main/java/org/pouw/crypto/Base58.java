package org.pouw.crypto;

import java.util.Arrays;

/**
 * Bitcoin-alphabet base58 (the "btc" of did:key's base58btc multibase). A receipt decodes two base58 strings (its
 * DID's key and its 64-byte signature), so this converts with byte arithmetic, digit by digit, rather than through
 * BigInteger: the BigInteger way took about as long as a tenth of the receipt's Ed25519 verification.
 */
public final class Base58 {
    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final char[] DIGITS = ALPHABET.toCharArray();
    /** The value of each ASCII character, -1 outside the alphabet. */
    private static final byte[] VALUES = new byte[128];

    static {
        Arrays.fill(VALUES, (byte) -1);
        for (int i = 0; i < DIGITS.length; i++) {
            VALUES[DIGITS[i]] = (byte) i;
        }
    }

    private Base58() {
    }

    public static String encode(byte[] bytes) {
        int zeros = 0;
        while (zeros < bytes.length && bytes[zeros] == 0) {
            zeros++;
        }
        // Base-58 digits of the value, least significant last; log(256)/log(58) < 1.38 digits per byte.
        byte[] digits = new byte[(bytes.length - zeros) * 138 / 100 + 1];
        int used = 0; // digits in use, at the end of the array
        for (int i = zeros; i < bytes.length; i++) {
            int carry = bytes[i] & 0xff;
            int j = digits.length - 1;
            for (int done = 0; done < used || carry != 0; done++, j--) {
                carry += 256 * digits[j];
                digits[j] = (byte) (carry % 58);
                carry /= 58;
            }
            used = digits.length - 1 - j;
        }
        char[] out = new char[zeros + used];
        Arrays.fill(out, 0, zeros, '1');
        for (int i = 0; i < used; i++) {
            out[zeros + i] = DIGITS[digits[digits.length - used + i]];
        }
        return new String(out);
    }

    /** Decodes base58; throws {@link IllegalArgumentException} naming the first character outside the alphabet. */
    public static byte[] decode(String text) {
        int zeros = 0;
        while (zeros < text.length() && text.charAt(zeros) == '1') {
            zeros++;
        }
        // Bytes of the value, least significant last; log(58)/log(256) < 0.733 bytes per digit.
        byte[] value = new byte[(text.length() - zeros) * 733 / 1000 + 1];
        int used = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int digit = c < 128 ? VALUES[c] : -1;
            if (digit < 0) {
                throw new IllegalArgumentException("not a base58 character at " + i + ": '" + c + "'");
            }
            int carry = digit;
            int j = value.length - 1;
            for (int done = 0; done < used || carry != 0; done++, j--) {
                carry += 58 * (value[j] & 0xff);
                value[j] = (byte) carry;
                carry >>>= 8;
            }
            used = value.length - 1 - j;
        }
        byte[] out = new byte[zeros + used];
        System.arraycopy(value, value.length - used, out, zeros, used);
        return out;
    }
}

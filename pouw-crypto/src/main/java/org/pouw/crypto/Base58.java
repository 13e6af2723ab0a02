package org.pouw.crypto;

import java.util.Arrays;

/**
 * Bitcoin-alphabet base58 (the "btc" of did:key's base58btc multibase). A receipt's check decodes its 64-byte
 * signature and encodes its DID's key, so this converts with 32-bit limbs, five base-58 digits at a time (58^5 fits
 * in an int), rather than through BigInteger, whose allocation per digit cost about as much as a tenth of the
 * receipt's Ed25519 verification.
 */
public final class Base58 {
    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final char[] DIGITS = ALPHABET.toCharArray();
    /** The value of each ASCII character, -1 outside the alphabet. */
    private static final byte[] VALUES = new byte[128];
    /** Digits per step, and 58 to that power: the step's multiplier (decode) or divisor (encode), below 2^30. */
    private static final int STEP = 5;
    private static final int STEP_POWER = 58 * 58 * 58 * 58 * 58;
    private static final long LIMB = 0xffff_ffffL;

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
        // The value as little-endian 32-bit limbs.
        int length = bytes.length - zeros;
        int[] limbs = new int[(length + 3) / 4];
        for (int i = 0; i < length; i++) {
            int fromEnd = length - 1 - i;
            limbs[fromEnd / 4] |= (bytes[zeros + i] & 0xff) << (8 * (fromEnd % 4));
        }
        int used = limbs.length;
        // log(256)/log(58) < 1.38 digits per byte, plus one step's worth of slack.
        char[] out = new char[zeros + length * 138 / 100 + 1 + STEP];
        int at = out.length;
        while (used > 0) {
            long remainder = 0;
            for (int j = used - 1; j >= 0; j--) {
                long current = (remainder << 32) | (limbs[j] & LIMB);
                limbs[j] = (int) (current / STEP_POWER);
                remainder = current % STEP_POWER;
            }
            while (used > 0 && limbs[used - 1] == 0) {
                used--;
            }
            // Five digits of this step; the last step stops at its highest non-zero digit.
            for (int k = 0; k < STEP && (used > 0 || remainder != 0); k++) {
                out[--at] = DIGITS[(int) (remainder % 58)];
                remainder /= 58;
            }
        }
        for (int i = 0; i < zeros; i++) {
            out[--at] = '1';
        }
        return new String(out, at, out.length - at);
    }

    /** Decodes base58; throws {@link IllegalArgumentException} naming the first character outside the alphabet. */
    public static byte[] decode(String text) {
        int zeros = 0;
        while (zeros < text.length() && text.charAt(zeros) == '1') {
            zeros++;
        }
        // log(58)/log(256) < 0.733 bytes per digit; one limb of slack.
        int[] limbs = new int[(text.length() - zeros) * 733 / 1000 / 4 + 2];
        int used = 0;
        for (int i = 0; i < text.length(); ) {
            int chunk = 0;
            int multiplier = 1;
            for (int k = 0; k < STEP && i < text.length(); k++, i++) {
                char c = text.charAt(i);
                int digit = c < 128 ? VALUES[c] : -1;
                if (digit < 0) {
                    throw new IllegalArgumentException("not a base58 character at " + i + ": '" + c + "'");
                }
                chunk = chunk * 58 + digit;
                multiplier *= 58;
            }
            long carry = chunk;
            for (int j = 0; j < used; j++) {
                long current = (limbs[j] & LIMB) * multiplier + carry;
                limbs[j] = (int) current;
                carry = current >>> 32;
            }
            if (carry != 0) {
                limbs[used++] = (int) carry;
            }
        }
        int significant = used * 4; // bytes, the top limb's leading zero bytes not yet dropped
        while (significant > 0 && byteOf(limbs, significant - 1) == 0) {
            significant--;
        }
        byte[] out = new byte[zeros + significant];
        for (int i = 0; i < significant; i++) {
            out[out.length - 1 - i] = byteOf(limbs, i);
        }
        return out;
    }

    /** Byte {@code index} (0 the least significant) of the little-endian limbs. */
    private static byte byteOf(int[] limbs, int index) {
        return (byte) (limbs[index / 4] >>> (8 * (index % 4)));
    }
}

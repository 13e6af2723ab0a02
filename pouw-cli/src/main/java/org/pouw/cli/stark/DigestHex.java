package org.pouw.cli.stark;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Collectors;
import org.pouw.crypto.Goldilocks;
import org.pouw.stark.air.hashchain.HashChainStatement;

/**
 * A hash-chain digest (4 Goldilocks elements) as text: four 16-digit lowercase hex words joined by commas. The
 * output {@code pouw prove} prints is accepted back by {@code --seed-hex}, so one chain can continue another.
 */
final class DigestHex {
    private static final HexFormat HEX = HexFormat.of();

    private DigestHex() {
    }

    static String format(long[] digest) {
        return Arrays.stream(digest).mapToObj(HEX::toHexDigits).collect(Collectors.joining(","));
    }

    /** Parses {@code a,b,c,d} (each 1–16 hex digits, optional 0x); every element must be below p. */
    static long[] parse(String text, String option) {
        String[] parts = text.strip().split(",", -1);
        if (parts.length != HashChainStatement.DIGEST_LENGTH) {
            throw bad(option, text);
        }
        long[] digest = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String word = parts[i].strip();
            if (word.startsWith("0x") || word.startsWith("0X")) {
                word = word.substring(2);
            }
            if (word.isEmpty() || word.length() > 16 || !word.chars().allMatch(HexFormat::isHexDigit)) {
                throw bad(option, text);
            }
            digest[i] = HexFormat.fromHexDigitsToLong(word);
            if (!Goldilocks.isCanonical(digest[i])) {
                throw new IllegalArgumentException(option + ": element " + (i + 1) + " is not below p = 2^64 - 2^32 + 1");
            }
        }
        return digest;
    }

    private static IllegalArgumentException bad(String option, String text) {
        return new IllegalArgumentException(option + " must be " + HashChainStatement.DIGEST_LENGTH
                + " comma-separated hex field elements, got '" + text + "'");
    }
}

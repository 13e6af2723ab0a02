package org.pouw.crypto;

import java.util.HexFormat;

/** Lower-case hex, the one text form the project uses for hashes and ids. */
public final class Hex {
    private static final HexFormat FORMAT = HexFormat.of();

    private Hex() {
    }

    public static String encode(byte[] bytes) {
        return FORMAT.formatHex(bytes);
    }

    /** Decodes lower- or upper-case hex; throws {@link IllegalArgumentException} for odd length or a non-hex digit. */
    public static byte[] decode(String hex) {
        return FORMAT.parseHex(hex);
    }

    public static boolean isHex(String text, int bytes) {
        if (text == null || text.length() != bytes * 2) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}

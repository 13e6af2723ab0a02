package org.pouw.gate.hashcash;

import java.util.Optional;

/**
 * A hashcash v1 stamp split into its seven fields, {@code ver:bits:date:resource:ext:rand:counter} (the hashcash v1
 * format; the {@code hashcash} tool's {@code -m} output). Only the shape is read here: which fields count, and how,
 * is {@link HashcashCheck}'s rule.
 */
public record HashcashStamp(String text, String version, String claimedBits, String date, String resource,
        String extension, String rand, String counter) {
    /** Issue 21: a stamp longer than this is refused before it is hashed. */
    public static final int MAX_LENGTH = 256;

    /** The fields of a stamp of printable ASCII of at most {@link #MAX_LENGTH} characters, or empty. */
    public static Optional<HashcashStamp> split(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return Optional.empty();
            }
        }
        String[] fields = text.split(":", -1);
        if (fields.length != 7) {
            return Optional.empty();
        }
        return Optional.of(new HashcashStamp(text, fields[0], fields[1], fields[2], fields[3], fields[4], fields[5],
                fields[6]));
    }
}

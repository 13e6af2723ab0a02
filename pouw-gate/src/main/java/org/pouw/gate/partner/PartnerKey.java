package org.pouw.gate.partner;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A partner's API key as the partner holds it (issue 21 §4): {@code pouwpk_<prefix>_<secret>}, where the prefix is
 * 12 lower-case hex digits, visible in logs and admin listings so a key can be named without being shown, and the
 * secret is 32 random bytes in unpadded base64url. The node stores only the prefix and SHA-256 of the whole key:
 * the key carries 256 random bits, so a fast hash is enough (no password stretching needed) and a stolen table
 * yields no usable key. {@link #toString} shows the prefix only.
 */
public final class PartnerKey {
    private static final Pattern SHAPE = Pattern.compile("pouwpk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final String text;
    private final String prefix;

    private PartnerKey(String text, String prefix) {
        this.text = text;
        this.prefix = prefix;
    }

    /** @param random a {@code SecureRandom} in production: the secret is the key */
    public static PartnerKey generate(RandomGenerator random) {
        byte[] prefix = new byte[6];
        byte[] secret = new byte[32];
        random.nextBytes(prefix);
        random.nextBytes(secret);
        String hexPrefix = HexFormat.of().formatHex(prefix);
        return new PartnerKey("pouwpk_" + hexPrefix + "_" + B64.encodeToString(secret), hexPrefix);
    }

    /** The key a partner presented, if it has the shape of one; says nothing about whether it is valid. */
    public static Optional<PartnerKey> parse(String presented) {
        if (presented == null || presented.length() > 80) {
            return Optional.empty();
        }
        Matcher matcher = SHAPE.matcher(presented);
        return matcher.matches() ? Optional.of(new PartnerKey(presented, matcher.group(1))) : Optional.empty();
    }

    public String prefix() {
        return prefix;
    }

    /** What the store keeps: SHA-256 of the key's ASCII text. */
    public byte[] hash() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The whole key, to hand to the partner once when it is made. Never log it. */
    public String reveal() {
        return text;
    }

    @Override
    public String toString() {
        return "PartnerKey[pouwpk_" + prefix + "_…]";
    }
}

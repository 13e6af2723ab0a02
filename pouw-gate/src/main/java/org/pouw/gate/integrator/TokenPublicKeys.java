package org.pouw.gate.integrator;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Reads the node's published token public keys from configuration text: lower-case hex, comma-separated. */
public final class TokenPublicKeys {
    private TokenPublicKeys() {
    }

    /** Throws {@link IllegalArgumentException} naming the setting and the key's position when one is not 32 bytes. */
    public static List<byte[]> parseHex(String setting, String commaSeparatedHex) {
        List<byte[]> keys = new ArrayList<>();
        String[] parts = commaSeparatedHex.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            String hex = parts[i].strip();
            if (!hex.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException(setting + "[" + i + "] must be 64 lower-case hex digits (an "
                        + "Ed25519 public key)");
            }
            keys.add(HexFormat.of().parseHex(hex));
        }
        return keys;
    }
}

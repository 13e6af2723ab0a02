package org.pouw.cli;

import java.util.Locale;
import org.pouw.node.config.SecretSettings;

/**
 * How {@code pouw config} shows a worker's, miner's or pool's setting (a node's goes through its own loader's
 * {@code shown}, which follows the same rules): a name with password, secret or token in it is a secret and shows
 * as {@code ***}; a URL shows without its {@code user:password@} or {@code password=}; a {@code *-file},
 * {@code *_file} or key path shows as the path, and its contents are never read for showing.
 */
final class SecretMask {
    static final String HIDDEN = "***";

    private SecretMask() {
    }

    static boolean isSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        boolean path = lower.endsWith("_file") || lower.endsWith("-file");
        return !path && (lower.contains("password") || lower.contains("secret") || lower.contains("token"));
    }

    static String show(String key, String value) {
        if (isSecret(key)) {
            return value.isEmpty() ? "" : HIDDEN;
        }
        return SecretSettings.redact(value);
    }
}

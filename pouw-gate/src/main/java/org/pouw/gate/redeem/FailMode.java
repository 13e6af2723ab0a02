package org.pouw.gate.redeem;

import java.util.Locale;

/**
 * What the gate does while its redemption store is unreachable (issue 21 §5; docs/gate.md, "When the store fails").
 */
public enum FailMode {
    /** Refuse every redemption with {@code store_unavailable} (503 at the edge). The default. */
    FAIL_SAFE,
    /**
     * After sustained failure, redeem in memory the challenges this node issued since it started, for access tokens
     * only, up to a cap, with an alert raised.
     */
    FAIL_OPEN;

    public String setting() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FailMode fromSetting(String text) {
        for (FailMode mode : values()) {
            if (mode.setting().equals(text)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("gate.fail_mode must be fail_safe or fail_open, got " + text);
    }
}

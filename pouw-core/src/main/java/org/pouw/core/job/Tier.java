package org.pouw.core.job;

import org.pouw.core.PouwException;

/**
 * Job tiers (ARCHITECTURE.md §2): a segment of one intent's trace, one whole intent, or a batch of intents. The
 * code byte is part of the job id, so it must never change.
 */
public enum Tier {
    MICRO("micro", (byte) 1),
    MACRO("macro", (byte) 2),
    FULL("full", (byte) 3);

    private final String wire;
    private final byte code;

    Tier(String wire, byte code) {
        this.wire = wire;
        this.code = code;
    }

    public String wire() {
        return wire;
    }

    public byte code() {
        return code;
    }

    public static Tier parse(String field, String text) {
        for (Tier tier : values()) {
            if (tier.wire.equals(text)) {
                return tier;
            }
        }
        throw PouwException.invalid(field, "unknown tier '" + text + "' (expected micro, macro or full)");
    }
}

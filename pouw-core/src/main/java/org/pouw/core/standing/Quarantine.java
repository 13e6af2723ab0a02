package org.pouw.core.standing;

import java.util.Objects;

/**
 * A quarantine of one prover (subject: its did:key) or of one address prefix (subject: {@code net:} and the
 * prefix): claims are refused from {@code sinceMs} until {@code untilMs}; the row is kept after that, since the
 * prover is then on probation for a while.
 */
public record Quarantine(String subject, long sinceMs, long untilMs, String reason) {
    /** The subject of an address prefix's quarantine. */
    public static String networkSubject(String network) {
        return "net:" + network;
    }

    public Quarantine {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(reason, "reason");
    }

    public boolean isNetwork() {
        return subject.startsWith("net:");
    }

    public boolean activeAt(long nowMs) {
        return nowMs < untilMs;
    }
}

package org.pouw.p2p.peers;

import java.time.Instant;

/**
 * A ban on a subject, a peer id (did:key) or an IP address as text, until an instant of the local clock.
 *
 * @param reason the offence that led to it, for operators
 */
public record Ban(String subject, Instant until, String reason) {
    public Ban {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("a ban needs a subject (a peer id or an address)");
        }
        if (until == null) {
            throw new IllegalArgumentException("a ban needs an end (until)");
        }
        reason = reason == null ? "" : reason;
    }
}

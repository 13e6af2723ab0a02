package org.pouw.node.ratelimit;

import java.util.Locale;

/**
 * The closed list of endpoint classes a rate limit is kept for (issue 18, "Rate limits"). Every route the node serves
 * belongs to exactly one ({@link RouteClasses}); the class names the settings ({@code rate_limits.<class>.*}), the
 * {@code limit} of a 429 and the {@code class} label of {@code pouw_rate_limit_denials_total}.
 */
public enum LimitClass {
    /** Signing in and asking for credentials: limited by address only, never by the did the caller names. */
    AUTH,
    /** Creating things that cost the node work or money: intents, ML tasks, transfers, chain writes, admin writes. */
    INTENTS,
    /** Taking jobs off the queue; costs one token per job claimed (at least one per call). */
    CLAIMS,
    /** Lease calls and results: renew, commit, submit, fail, work receipts; a proof costs its kind's weight. */
    SUBMISSIONS,
    /** Everything that only reads. */
    READS;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}

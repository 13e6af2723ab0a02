package org.pouw.node.ratelimit;

/** The limiter's answer to a request: admitted with a budget for the work it will do, or refused by one limit. */
public sealed interface Admission {
    /** Admitted: {@code budget} takes the work the request turns out to do. */
    record Admitted(RequestBudget budget) implements Admission {
    }

    /**
     * Refused.
     *
     * @param limit        the limit that refused, {@code <class>.<scope>} as in the settings: {@code claims.did}
     * @param retryAfterMs when the bucket will hold enough again
     */
    record Denied(String limit, long retryAfterMs) implements Admission {
        /** The {@code Retry-After} value: whole seconds, rounded up, at least 1. */
        public long retryAfterSeconds() {
            return Math.max(1, (retryAfterMs + 999) / 1000);
        }
    }
}

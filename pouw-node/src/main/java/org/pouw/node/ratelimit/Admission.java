package org.pouw.node.ratelimit;

/**
 * The limiter's answer to a request: admitted with a budget for the work it will do, refused by one limit, or
 * refused because the shared store is lost and {@code rate_limits.redis_lost} is {@code closed}.
 */
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

    /**
     * Refused without a verdict of the limits: the shared store ({@code rate_limits.store = redis}) is unreachable
     * and the node is set to close rather than fall back ({@code rate_limits.redis_lost = closed}). Never the answer
     * to a lease call or a health probe ({@link RouteClasses#servedWhenStoreLost}).
     *
     * @param limitClass   the route's class
     * @param retryAfterMs when a request will next try the store ({@code rate_limits.redis_retry_ms})
     */
    record StoreLost(LimitClass limitClass, long retryAfterMs) implements Admission {
        /** The {@code Retry-After} value: whole seconds, rounded up, at least 1. */
        public long retryAfterSeconds() {
            return Math.max(1, (retryAfterMs + 999) / 1000);
        }
    }
}

package org.pouw.core.job;

/** How one lease ended. Lease expiries are counted apart from proof failures (§6). */
public enum AttemptOutcome {
    IN_PROGRESS("in_progress"),
    COMPLETED("completed"),
    PROOF_INVALID("proof_invalid"),
    WORKER_FAILED("worker_failed"),
    LEASE_EXPIRED("lease_expired"),
    DEADLINE_PASSED("deadline_passed"),
    /** The worker handed the lease back (a graceful stop): no strike, and the attempt spends no retry. */
    RELEASED("released"),
    /** The operator cancelled the job while it was leased: the lease ended and the fee went back. */
    CANCELLED("cancelled"),
    /** The operator banned the lease holder: the lease ended and the job went back, the attempt not counted. */
    REVOKED("revoked");

    private final String wire;

    AttemptOutcome(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static AttemptOutcome fromWire(String text) {
        for (AttemptOutcome outcome : values()) {
            if (outcome.wire.equals(text)) {
                return outcome;
            }
        }
        throw new IllegalArgumentException("unknown attempt outcome " + text);
    }
}

package org.pouw.core;

/** What a caller got wrong, by kind; each value's code is the {@code error.code} of the HTTP API (§5). */
public enum Problem {
    INVALID_REQUEST("invalid_request"),
    MALFORMED_JSON("malformed_json"),
    BODY_TOO_LARGE("body_too_large"),
    UNAUTHORIZED("unauthorized"),
    FORBIDDEN("forbidden"),
    NOT_FOUND("not_found"),
    LEASE_LOST("lease_lost"),
    CONFLICT("conflict"),
    INSUFFICIENT_FUNDS("insufficient_funds"),
    PROOF_INVALID("proof_invalid"),
    PROGRAM_INVALID("program_invalid"),
    EXECUTION_FAILED("execution_failed"),
    RATE_LIMITED("rate_limited"),
    /** A prover (or its address prefix) past its failure budget: claims refused for a while (issue 18). */
    QUARANTINED("quarantined"),
    /** The operator banned this prover: its claims and submissions are refused until it is unbanned. */
    PROVER_BANNED("prover_banned"),
    /** The operator paused claiming on the node (issue 25, defect 8); posting and submitting still work. */
    CLAIMING_PAUSED("claiming_paused"),
    UNAVAILABLE("unavailable"),
    /**
     * The disk holding the database is full (issue 24, scenario 5): the write was refused and rolled back, reads
     * still work; retry once the operator has freed space.
     */
    STORAGE_FULL("storage_full"),
    /**
     * An fsync of the database's files failed, so the node stopped taking writes until an operator restarts it
     * (issue 24, scenario 5's fail-stop): nothing of the call was applied, reads still work.
     */
    STORAGE_SYNC_FAILED("storage_sync_failed"),
    /**
     * The write committed on the PostgreSQL primary, but its wait for the synchronous standby was cancelled (issue
     * 24's ground rules): it may be lost if the primary fails before the standby has it, so the call is in doubt, not
     * done. Send it again with the same {@code Idempotency-Key}: it is applied once.
     */
    COMMIT_IN_DOUBT("commit_in_doubt"),
    /** The node turned the call away to protect itself (its database's line is full); retry after a pause. */
    BUSY("busy");

    private final String code;

    Problem(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}

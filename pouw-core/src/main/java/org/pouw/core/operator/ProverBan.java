package org.pouw.core.operator;

import java.util.Objects;

/**
 * A prover the operator banned (issue 25, defect 8): its claims and submissions are refused with 403
 * {@code prover_banned} and its live leases were ended when the ban was made. A ban lasts until it is lifted; the
 * automatic, time-limited refusal for failing too often is a quarantine ({@link org.pouw.core.standing.Quarantine}).
 */
public record ProverBan(String proverId, long sinceMs, String bannedBy, String reason) {
    public ProverBan {
        Objects.requireNonNull(proverId, "proverId");
        Objects.requireNonNull(bannedBy, "bannedBy");
        reason = reason == null ? "" : reason;
    }
}

package org.pouw.core.standing;

/**
 * A prover's standing at one moment: while quarantined, {@code untilMs} is the quarantine's end and {@code reason}
 * its cause; on probation, {@code untilMs} is the probation's end; otherwise 0 and empty.
 */
public record ProverStanding(Standing standing, long untilMs, String reason) {
}

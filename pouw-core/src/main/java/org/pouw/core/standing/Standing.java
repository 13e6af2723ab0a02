package org.pouw.core.standing;

/**
 * Where a prover stands in the market (issue 18, defect 1). Quarantine is the bottom of the reputation scale the
 * marketplace issue builds; a prover whose quarantine ended is on probation for a while, and one that never
 * completed a job is new. New and probation provers are held to the caps for unknown identities.
 */
public enum Standing {
    GOOD("good"),
    NEW("new"),
    PROBATION("probation"),
    QUARANTINED("quarantined");

    private final String wire;

    Standing(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Whether the prover is held to the caps on unknown identities and its unaudited failures are discounted. */
    public boolean untrusted() {
        return this != GOOD;
    }
}

package org.pouw.core.standing;

/**
 * A prover's level in the market (issue 27, item 4; docs/economics.md, "Levels"), in order: quarantined (the edge
 * issue's quarantine) &lt; probation (every new identity, every one leaving quarantine, every one whose score has not
 * reached {@link #ESTABLISHED_PERMILLE}) &lt; established &lt; trusted. A function of the standing and the reputation
 * score alone, both read from the same rows and clock, and compared as integers: every node gives the same level.
 *
 * <p>The thresholds, on the Wilson lower bound in thousandths: a record of n flawless whole results scores
 * floor(1000 n / (n + 1.96²)), so {@link #ESTABLISHED_PERMILLE} = 700 takes at least 9 results paid by others with no
 * failure (8 score 675), and {@link #TRUSTED_PERMILLE} = 900 at least 35 (34 score 898). At 700 the node is 95 %
 * confident that at least 70 % of the prover's leases end in verified work; one failure in ten results (595) is
 * below it, so a prover that fails one job in ten stays on probation until it has about twenty good ones.
 */
public enum ProverLevel {
    QUARANTINED("quarantined"),
    PROBATION("probation"),
    ESTABLISHED("established"),
    TRUSTED("trusted");

    /** The score from which a prover in good standing is established. */
    public static final int ESTABLISHED_PERMILLE = 700;
    /** The score from which a prover in good standing is trusted. */
    public static final int TRUSTED_PERMILLE = 900;

    private final String wire;

    ProverLevel(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The level of a prover of {@code standing} whose reputation scores {@code permille} now. */
    public static ProverLevel of(Standing standing, int permille) {
        if (permille < 0 || permille > 1000) {
            throw new IllegalArgumentException("score must be in [0, 1000], got " + permille);
        }
        return switch (standing) {
            case QUARANTINED -> QUARANTINED;
            case NEW, PROBATION -> PROBATION;
            case GOOD -> permille >= TRUSTED_PERMILLE ? TRUSTED
                    : permille >= ESTABLISHED_PERMILLE ? ESTABLISHED : PROBATION;
        };
    }

    /** Whether the level is above probation. */
    public boolean established() {
        return this == ESTABLISHED || this == TRUSTED;
    }
}

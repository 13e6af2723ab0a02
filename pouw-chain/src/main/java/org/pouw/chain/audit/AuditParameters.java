package org.pouw.chain.audit;

/**
 * The consensus constants of audits, maturity and slashing (docs/chain.md §5, §6 — each with its reason there).
 *
 * @param challengeDelay     c: blocks after a block whose ticket draws its segment's challenge
 * @param openingWindow      D: blocks after the challenge in which an opening costs nothing
 * @param windows            k_w: challenged windows per segment
 * @param width              w: consecutive steps per window
 * @param maturity           blocks after which a block's reward is spendable; must exceed c + D (the late period
 *                           runs from c + D to maturity)
 * @param tipWindow          W_a: how far back of the block's parent an audited leaf's tip may lie
 * @param auditBytes         B_audit: bytes of openings one block may carry
 * @param lateBounty         what an opening after D costs its miner, taken from its immature rewards and burnt
 * @param evidenceBountyShare the reporter of slash evidence earns stake / this
 */
public record AuditParameters(long challengeDelay, long openingWindow, int windows, int width, long maturity,
                              long tipWindow, int auditBytes, long lateBounty, long evidenceBountyShare) {
    public static final AuditParameters DEFAULTS = new AuditParameters(6, 240, 8, 4, 360, 240, 8 << 20, 5_000, 10);

    public AuditParameters {
        if (challengeDelay < 1) {
            throw new IllegalArgumentException("challenge delay c must be >= 1 block, got " + challengeDelay);
        }
        if (openingWindow < 1) {
            throw new IllegalArgumentException("opening window D must be >= 1 block, got " + openingWindow);
        }
        if (windows < 1 || width < 1 || (long) windows * width > 254) {
            throw new IllegalArgumentException("windows k_w and width w must be >= 1 with k_w·w <= 254, got "
                    + windows + " and " + width);
        }
        if (maturity <= challengeDelay + openingWindow) {
            throw new IllegalArgumentException("maturity must exceed c + D = " + (challengeDelay + openingWindow)
                    + ", got " + maturity);
        }
        if (tipWindow < 0) {
            throw new IllegalArgumentException("tip window W_a must be >= 0, got " + tipWindow);
        }
        if (auditBytes < 1) {
            throw new IllegalArgumentException("audit bytes B_audit must be >= 1, got " + auditBytes);
        }
        if (lateBounty < 0) {
            throw new IllegalArgumentException("late bounty must be >= 0, got " + lateBounty);
        }
        if (evidenceBountyShare < 1) {
            throw new IllegalArgumentException("evidence bounty share must be >= 1, got " + evidenceBountyShare);
        }
    }

    /** Steps one audit makes a validator replay at most: k_w windows of w and the two fixed steps (k_b, §3.4). */
    public int maxOpenedSteps() {
        return windows * width + 2;
    }
}

package org.pouw.gate.redeem;

import org.pouw.core.Clock;

/**
 * Forgets redemptions whose keep-until time (a challenge's expiry plus the skew) has passed on the {@link Clock}.
 * One turn of the crank per {@link #pruneOnce} (STYLE.md): the node calls it on a timer, tests move a settable clock.
 * It never removes a live entry: one kept until now or later stays, so a challenge still within its expiry and skew
 * can never be redeemed a second time after a prune.
 */
public final class RedemptionPruner {
    private final Redemptions redemptions;
    private final Clock clock;

    public RedemptionPruner(Redemptions redemptions, Clock clock) {
        this.redemptions = redemptions;
        this.clock = clock;
    }

    /** Returns how many entries were forgotten. */
    public int pruneOnce() {
        return redemptions.forgetExpired(clock.millis());
    }
}

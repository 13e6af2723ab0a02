package org.pouw.gate;

import java.util.Optional;
import org.pouw.core.Clock;
import org.pouw.gate.partner.PartnerBudgets;
import org.pouw.gate.reward.RewardPayouts;
import org.pouw.gate.reward.RewardRate;

/**
 * Forgets the per-interval counts the gate keeps in its stores once no node can count in their interval any more:
 * the receipts' emission per interval ({@link RewardPayouts}) and each partner's tokens per interval
 * ({@link PartnerBudgets}). Both gain a row per interval, so without this they grow for ever.
 *
 * <p>A count is forgotten only when its interval ended more than the clock-skew allowance ago on the {@link Clock}.
 * Every node sharing the store runs within that skew of this one (checked at start), so none of them still counts in
 * a forgotten interval: forgetting early would start a live interval's count again at zero and let it pay, or hand
 * out, its cap twice. One turn of the crank per {@link #pruneOnce} (STYLE.md): the node calls it on a timer, tests
 * move a settable clock.
 */
public final class IntervalCountPruner {
    private final RewardPayouts payouts;
    private final Optional<RewardRate> rate;
    private final PartnerBudgets partnerBudgets;
    private final Clock clock;
    private final long skewMs;

    /**
     * @param rate   the receipts' reward rate, whose interval the emission counts use; without one nothing is paid,
     *               so there are no emission counts to forget
     * @param skewMs the clock-skew allowance between the nodes sharing the stores ({@code gate.clock_skew_ms})
     */
    public IntervalCountPruner(RewardPayouts payouts, Optional<RewardRate> rate, PartnerBudgets partnerBudgets,
            Clock clock, long skewMs) {
        if (skewMs < 0) {
            throw new IllegalArgumentException("gate.clock_skew_ms must be >= 0, got " + skewMs);
        }
        this.payouts = payouts;
        this.rate = rate;
        this.partnerBudgets = partnerBudgets;
        this.clock = clock;
        this.skewMs = skewMs;
    }

    /** How many counts one turn forgot. */
    public record Pruned(int emissionIntervals, int partnerIntervals) {
    }

    public Pruned pruneOnce() {
        // The earliest "now" of any node within the skew: an interval ended before it is over on every node.
        long everyNodesNow = Math.subtractExact(clock.millis(), skewMs);
        int emissions = rate.isPresent()
                ? payouts.forgetIntervalsBefore(rate.get().intervalStart(everyNodesNow))
                : 0;
        int partners = partnerBudgets.forgetExpired(everyNodesNow);
        return new Pruned(emissions, partners);
    }
}

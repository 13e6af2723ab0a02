package org.pouw.core.market;

import java.util.Optional;
import org.pouw.core.port.KindPrice;
import org.pouw.core.port.StoreTx;

/**
 * A kind's base price now (issue 27, item 1; docs/economics.md, "Prices that follow demand"). A kind with a queue
 * target starts at its fixed base price, which is also its floor, and moves once per interval by {@link PriceStep}
 * towards the target. The step runs lazily, in the transaction of the first intent posted in an interval, and is
 * stored keyed by the interval number, so running it twice (two requests, two nodes on one database) is harmless: the
 * second finds the first's row. Intervals in which nobody posted are stepped then, each with the queue as it is now
 * (nothing was posted meanwhile), at most {@link #MAX_CATCH_UP} of them; a quote computes the same without storing.
 */
final class DemandPricing {
    /** A week of one-minute intervals: further back, the floor, the ceiling or the target has long been reached. */
    static final long MAX_CATCH_UP = 10_080;

    private final BasePrices floors;
    private final DemandRule rule;

    DemandPricing(BasePrices floors, DemandRule rule) {
        this.floors = floors;
        this.rule = rule;
    }

    /** The price an intent of {@code kind} posted at {@code now} pays, stored if this is its interval's first step. */
    KindPrice settle(StoreTx tx, String kind, long now) {
        KindPrice price = quote(tx, kind, now);
        if (!rule.follows(kind)) {
            return price;
        }
        return tx.marketPrices().record(price);
    }

    /** The same price, without storing anything. */
    KindPrice quote(StoreTx tx, String kind, long now) {
        long floor = floors.perThousandSteps(kind);
        long interval = rule.intervalAt(now);
        if (!rule.follows(kind)) {
            return new KindPrice(kind, interval, floor, floor, 0);
        }
        Optional<KindPrice> latest = tx.marketPrices().latest(kind, interval);
        if (latest.isPresent() && latest.get().interval() == interval) {
            return latest.get();
        }
        long pending = tx.marketPrices().pendingSteps(kind);
        if (latest.isEmpty()) {
            return new KindPrice(kind, interval, floor, floor, pending);
        }
        KindPrice from = latest.get();
        long ceiling = Math.max(rule.ceiling(), floor);
        // A floor or ceiling changed since the row was stored applies from the next step on.
        long price = Math.min(Math.max(from.price(), floor), ceiling);
        long hourRef = from.hourRef();
        long hour = rule.hourOf(from.interval());
        long target = rule.targetSteps(kind);
        // Never above a multiple of what intents recently paid (EIP-1559's shape bounded by clearing prices): a
        // queue nobody buys from, or a starved one, cannot run the price away. Never below the floor either.
        long clearingCap = Math.max(floor, rule.clearingCap(
                tx.marketPrices().clearedBefore(kind, interval, DemandRule.CLEARINGS)));
        for (long i = Math.max(from.interval() + 1, interval - MAX_CATCH_UP + 1); i <= interval; i++) {
            if (rule.hourOf(i) != hour) {
                hour = rule.hourOf(i);
                hourRef = price;
            }
            price = Math.min(PriceStep.next(price, pending, target, rule, floor, hourRef), clearingCap);
        }
        return new KindPrice(kind, interval, price, hourRef, pending);
    }
}

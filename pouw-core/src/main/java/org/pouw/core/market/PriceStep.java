package org.pouw.core.market;

import java.math.BigInteger;

/**
 * One interval's move of a kind's base price (docs/economics.md, "Prices that follow demand"). With p the price, D
 * the queue in steps, T its target, s the step bound in thousandths:
 * <pre>
 *   D &gt; T:  p' = p + max(1, floor(p × min(D − T, T) × s / (T × 1000)))
 *   D &lt; T:  p' = p − max(1, floor(p × (T − D) × s / (T × 1000)))
 *   D = T:  p' = p
 * </pre>
 * then kept within [floor, ceiling] and within the hour's window [ceil(ref / F), max(ref, 1) × F]. So a queue twice
 * the target or more raises the price by the step bound and no more; an empty queue lowers it by the same; "at least
 * one unit" lets a price of 0 rise and lets a small price reach its floor. Integer arithmetic (BigInteger where the
 * product can pass a long): every node computes the same price from the same row and queue.
 */
final class PriceStep {
    private PriceStep() {
    }

    static long next(long price, long pending, long target, DemandRule rule, long floor, long hourRef) {
        long moved = price;
        if (pending != target) {
            long gap = pending > target ? Math.min(pending - target, target) : target - pending;
            long delta = BigInteger.valueOf(price).multiply(BigInteger.valueOf(gap))
                    .multiply(BigInteger.valueOf(rule.stepPermille()))
                    .divide(BigInteger.valueOf(target).multiply(BigInteger.valueOf(1000))).longValueExact();
            delta = Math.max(1, delta);
            moved = pending > target ? price + delta : price - delta;
        }
        long hourLow = Math.ceilDiv(hourRef, rule.hourFactor());
        long hourHigh = Math.max(hourRef, 1) * (long) rule.hourFactor();
        long bounded = Math.min(Math.max(moved, hourLow), hourHigh);
        return Math.min(Math.max(bounded, floor), Math.max(rule.ceiling(), floor));
    }
}

package org.pouw.core.market;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How base prices follow demand (issue 27, item 1; docs/economics.md, "Prices that follow demand"), the shape of
 * EIP-1559's base fee: once per interval of the node's clock the price of a kind moves towards the queue's target.
 *
 * @param intervalMs     the length of a price interval
 * @param targetSteps    per kind, the queue (in steps waiting to be claimed) at which the price holds; a kind with no
 *                       target (or 0) keeps its fixed base price
 * @param stepPermille   the most the price moves in one interval, in thousandths of itself (125: 12.5 %, EIP-1559's
 *                       1/8), reached when the queue is twice the target or empty
 * @param hourFactor     within one hour's window the price stays within [ref / factor, ref × factor] of the price the
 *                       window started from, whatever the steps would give
 * @param ceiling        no price ever exceeds this many base units per 1,000 steps
 * @param clearingMultiple no price exceeds this multiple of the median of the kind's last {@link #CLEARINGS}
 *                       clearing prices (the prices of intervals in which an intent was posted and paid); 0 sets no
 *                       such cap
 */
public record DemandRule(long intervalMs, Map<String, Long> targetSteps, int stepPermille, int hourFactor,
                         long ceiling, int clearingMultiple) {
    /** No kind follows demand: every price is its fixed base price. */
    public static final DemandRule FIXED = new DemandRule(60_000, Map.of(), 125, 4, 1_000_000_000_000L);
    /** How many of the latest clearing prices the cap's median is taken over. */
    public static final int CLEARINGS = 24;

    /** A rule with no cap by clearing prices. */
    public DemandRule(long intervalMs, Map<String, Long> targetSteps, int stepPermille, int hourFactor,
                      long ceiling) {
        this(intervalMs, targetSteps, stepPermille, hourFactor, ceiling, 0);
    }

    public DemandRule {
        if (clearingMultiple != 0 && (clearingMultiple < 2 || clearingMultiple > 1000)) {
            throw new IllegalArgumentException("price.max_clearing_multiple must be 0 (no cap) or in [2, 1000], got "
                    + clearingMultiple);
        }
        if (intervalMs <= 0 || intervalMs > 3_600_000) {
            throw new IllegalArgumentException("price.interval_ms must be in [1, 3600000], got " + intervalMs);
        }
        if (stepPermille < 1 || stepPermille > 1000) {
            throw new IllegalArgumentException("price.max_step_permille must be in [1, 1000], got " + stepPermille);
        }
        if (hourFactor < 2 || hourFactor > 1000) {
            throw new IllegalArgumentException("price.max_hour_factor must be in [2, 1000], got " + hourFactor);
        }
        if (ceiling < 1 || ceiling > 1_000_000_000_000L) {
            throw new IllegalArgumentException("price.ceiling must be in [1, 10^12], got " + ceiling);
        }
        TreeMap<String, Long> copy = new TreeMap<>();
        targetSteps.forEach((kind, target) -> {
            if (target == null || target < 0) {
                throw new IllegalArgumentException("price.target_steps." + kind + " must be >= 0, got " + target);
            }
            if (target > 0) {
                copy.put(kind, target);
            }
        });
        targetSteps = Collections.unmodifiableMap(copy);
    }

    /** The queue target of {@code kind}; 0 when its price is fixed. */
    public long targetSteps(String kind) {
        return targetSteps.getOrDefault(kind, 0L);
    }

    public boolean follows(String kind) {
        return targetSteps(kind) > 0;
    }

    /**
     * The most a price may be given the kind's recent clearing prices {@code cleared} (any order): the multiple of
     * their median (the lower middle one of an even count), saturating; {@code Long.MAX_VALUE} when there is no cap
     * or nothing has cleared yet.
     */
    public long clearingCap(List<Long> cleared) {
        if (clearingMultiple == 0 || cleared.isEmpty()) {
            return Long.MAX_VALUE;
        }
        long[] sorted = cleared.stream().mapToLong(Long::longValue).sorted().toArray();
        long median = sorted[(sorted.length - 1) / 2];
        return median > Long.MAX_VALUE / clearingMultiple ? Long.MAX_VALUE : median * clearingMultiple;
    }

    /** The interval the clock reading {@code ms} falls in. */
    public long intervalAt(long ms) {
        return Math.floorDiv(ms, intervalMs);
    }

    /** How many intervals make the hour that bounds the price's moves (at least one). */
    public long intervalsPerHour() {
        return Math.max(1, 3_600_000 / intervalMs);
    }

    /** The hour window an interval belongs to. */
    public long hourOf(long interval) {
        return Math.floorDiv(interval, intervalsPerHour());
    }
}

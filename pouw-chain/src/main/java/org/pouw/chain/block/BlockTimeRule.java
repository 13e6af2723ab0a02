package org.pouw.chain.block;

import java.util.Arrays;
import java.util.List;

/**
 * Which timestamps a block may carry (docs/chain.md §6): later than the median of its last eleven ancestors
 * (median-time-past, so a miner can not drag time back) and at most the future-time limit ahead of the validating
 * node's own clock — never a time adjusted by peers, which an eclipse could skew.
 */
public final class BlockTimeRule {
    /** Ancestors whose timestamps form the median-time-past. */
    public static final int MEDIAN_SPAN = 11;

    private final long futureLimitSeconds;

    public BlockTimeRule(long futureLimitSeconds) {
        if (futureLimitSeconds < 0) {
            throw new IllegalArgumentException("future-time limit must be >= 0, got " + futureLimitSeconds);
        }
        this.futureLimitSeconds = futureLimitSeconds;
    }

    /** The median of up to the last {@value #MEDIAN_SPAN} ancestor timestamps, newest last. */
    public static long medianTimePast(List<Long> ancestorTimes) {
        if (ancestorTimes.isEmpty()) {
            throw new IllegalArgumentException("the median-time-past needs at least one ancestor");
        }
        int from = Math.max(0, ancestorTimes.size() - MEDIAN_SPAN);
        long[] times = ancestorTimes.subList(from, ancestorTimes.size()).stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(times);
        return times[times.length / 2];
    }

    /** Why {@code timestamp} is refused, or {@code null} when it is acceptable now. */
    public String defect(long timestamp, List<Long> ancestorTimes, long nowSeconds) {
        long median = medianTimePast(ancestorTimes);
        if (timestamp <= median) {
            return "timestamp " + timestamp + " is not after the median-time-past " + median;
        }
        if (timestamp > nowSeconds + futureLimitSeconds) {
            return "timestamp " + timestamp + " is more than " + futureLimitSeconds + " s ahead of this node's clock "
                    + nowSeconds;
        }
        return null;
    }
}

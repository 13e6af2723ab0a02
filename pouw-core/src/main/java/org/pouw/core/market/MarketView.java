package org.pouw.core.market;

import java.util.List;
import org.pouw.core.port.KindPrice;
import org.pouw.core.port.QueueDepth;

/**
 * The market's public state at one moment (issue 27, items 1 and 5; {@code GET /v1/pouw/market}): each kind's base
 * price now, the open work per kind and tier, and the service levels of the jobs completed in the last
 * {@code windowMs}. {@code sampled} is how many completed jobs were measured; {@code truncated} says the window held
 * more than the node reads for one view (the latest were kept). The jobs themselves are not kept: a view is cached.
 */
public record MarketView(long asOfMs, long windowMs, List<KindPrice> prices, List<QueueDepth> depth,
                         ServiceLevels levels, int sampled, boolean truncated) {
    /** The most completed jobs one view reads. */
    public static final int MAX_SAMPLED = 50_000;

    public MarketView {
        prices = List.copyOf(prices);
        depth = List.copyOf(depth);
    }

    /** Jobs completed per hour over the window, for a group that completed {@code completed} jobs. */
    public long perHour(long completedJobs) {
        return completedJobs * 3_600_000L / windowMs;
    }
}

package org.pouw.core.port;

import java.util.List;
import java.util.Optional;

/**
 * The stored base prices per kind and interval, and the queue they answer to (issue 27, item 1), inside one
 * {@link StoreTx}. One row per kind and interval: the step that computes an interval's price is keyed by the interval
 * number, so two nodes (or two requests) that step the same interval store it once and both read the one stored.
 */
public interface MarketPrices {
    /** The price stored for the latest interval of {@code kind} at or before {@code interval}, if any. */
    Optional<KindPrice> latest(String kind, long interval);

    /** Stores the price unless one is already stored for its kind and interval; the stored one either way. */
    KindPrice record(KindPrice price);

    /**
     * The queue of {@code kind} in work units: the steps of the intents that have a job of that kind waiting to be
     * claimed. A job that is leased, finished or expired is not demand.
     */
    long pendingSteps(String kind);

    /**
     * The prices stored for {@code kind} in the latest {@code limit} intervals before {@code beforeInterval}: its
     * clearing prices, since a row is stored only when an intent is posted and pays it (issue 27, item 1: the cap by
     * a multiple of recent clearing prices).
     */
    List<Long> clearedBefore(String kind, long beforeInterval, int limit);
}

package org.pouw.node.http;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.pouw.core.Clock;
import org.pouw.core.market.JobMarket;
import org.pouw.core.market.MarketView;

/**
 * The market's state ({@link JobMarket#view}) for each window a reader may ask for, computed at most once per
 * {@link #FRESH_MS} on this node and shared by {@code GET /v1/pouw/market} and the metrics, so neither a flood of reads
 * nor a scrape costs the database more than one computation per window per {@link #FRESH_MS}.
 */
public final class MarketViews {
    /** The windows a caller may ask for: five minutes, an hour (the default), a day. */
    public static final List<Long> WINDOWS_MS = List.of(300_000L, 3_600_000L, 86_400_000L);
    public static final long DEFAULT_WINDOW_MS = 3_600_000L;
    /** How long one computed view is served before the next read computes it again. */
    public static final long FRESH_MS = 2_000;

    private final JobMarket market;
    private final Clock clock;
    private final Map<Long, MarketView> views = new ConcurrentHashMap<>();

    public MarketViews(JobMarket market, Clock clock) {
        this.market = market;
        this.clock = clock;
    }

    /** The window's view, computed again once it is {@link #FRESH_MS} old; {@code windowMs} is one of the list. */
    public MarketView of(long windowMs) {
        if (!WINDOWS_MS.contains(windowMs)) {
            throw new IllegalArgumentException("window_ms must be one of " + WINDOWS_MS + ", got " + windowMs);
        }
        long now = clock.millis();
        MarketView cached = views.get(windowMs);
        if (cached != null && now - cached.asOfMs() < FRESH_MS && now >= cached.asOfMs()) {
            return cached;
        }
        MarketView view = market.view(windowMs);
        views.put(windowMs, view);
        return view;
    }
}

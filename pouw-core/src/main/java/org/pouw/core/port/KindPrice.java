package org.pouw.core.port;

/**
 * The base price of one kind for one price interval (issue 27, item 1; docs/economics.md, "Prices that follow
 * demand"), as stored: {@code interval} is {@code floor(ms / interval_ms)} of the node's clock, {@code price} base units
 * per 1,000 steps, and {@code hourRef} the price the current hour's window started from, which bounds how far the
 * price may move within that hour. {@code pendingSteps} is the queue the step saw (kept for the market's page).
 */
public record KindPrice(String kind, long interval, long price, long hourRef, long pendingSteps) {
    public KindPrice {
        if (price < 0 || hourRef < 0 || pendingSteps < 0) {
            throw new IllegalArgumentException("a price, its hour reference and the queue are >= 0, got " + price
                    + ", " + hourRef + ", " + pendingSteps);
        }
    }
}

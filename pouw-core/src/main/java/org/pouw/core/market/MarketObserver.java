package org.pouw.core.market;

/**
 * What the market tells the outside about itself: metrics and the SSE broadcaster listen here, so the domain does
 * not know about either. Callbacks run after the transaction committed.
 */
public interface MarketObserver {
    MarketObserver NONE = new MarketObserver() { };

    /** Tells each observer in turn. */
    static MarketObserver all(java.util.List<MarketObserver> observers) {
        return new FanOut(java.util.List.copyOf(observers));
    }

    default void jobsCreated(String kind, int count) {
    }

    default void jobsClaimed(int count) {
    }

    default void jobCompleted(String kind, long reward) {
    }

    /** A lease ended without a result: {@code reason} is proof_invalid, worker_failed or lease_expired. */
    default void jobFailed(String kind, String reason) {
    }

    default void jobDeadLettered(String kind) {
    }

    default void jobExpired(String kind, long refund) {
    }

    default void proofVerified(String kind, boolean accepted, long nanos) {
    }

    /**
     * The operator did something with the admin key (issue 25, defect 8), committed with its {@code admin.action}
     * event: where an audit log hooks in.
     */
    default void adminActed(org.pouw.core.operator.AdminAction action) {
    }

    /** New rows in the event log up to {@code lastSeq}. */
    default void eventsAppended(long lastSeq) {
    }
}

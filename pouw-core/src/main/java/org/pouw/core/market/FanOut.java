package org.pouw.core.market;

import java.util.List;

/** Several observers behind one; see {@link MarketObserver#all}. */
record FanOut(List<MarketObserver> observers) implements MarketObserver {
    @Override
    public void jobsCreated(String kind, int count) {
        observers.forEach(o -> o.jobsCreated(kind, count));
    }

    @Override
    public void adminActed(org.pouw.core.operator.AdminAction action) {
        observers.forEach(o -> o.adminActed(action));
    }

    @Override
    public void jobsClaimed(int count) {
        observers.forEach(o -> o.jobsClaimed(count));
    }

    @Override
    public void jobCompleted(String kind, long reward) {
        observers.forEach(o -> o.jobCompleted(kind, reward));
    }

    @Override
    public void jobFailed(String kind, String reason) {
        observers.forEach(o -> o.jobFailed(kind, reason));
    }

    @Override
    public void jobDeadLettered(String kind) {
        observers.forEach(o -> o.jobDeadLettered(kind));
    }

    @Override
    public void jobExpired(String kind, long refund) {
        observers.forEach(o -> o.jobExpired(kind, refund));
    }

    @Override
    public void proofVerified(String kind, boolean accepted, long nanos) {
        observers.forEach(o -> o.proofVerified(kind, accepted, nanos));
    }

    @Override
    public void eventsAppended(long lastSeq) {
        observers.forEach(o -> o.eventsAppended(lastSeq));
    }
}

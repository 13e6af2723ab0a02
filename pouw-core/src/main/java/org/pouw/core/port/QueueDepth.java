package org.pouw.core.port;

/**
 * How much work of one kind and tier is open now (issue 27, item 1: the market's depth): jobs waiting to be claimed
 * and the work units they hold (what fees are split by), and jobs under a lease.
 */
public record QueueDepth(String kind, String tier, long pendingJobs, long pendingWorkUnits, long leasedJobs) {
    public QueueDepth {
        if (pendingJobs < 0 || pendingWorkUnits < 0 || leasedJobs < 0) {
            throw new IllegalArgumentException("counts are >= 0, got " + pendingJobs + ", " + pendingWorkUnits
                    + ", " + leasedJobs);
        }
    }
}

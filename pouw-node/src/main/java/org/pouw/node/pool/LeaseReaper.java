package org.pouw.node.pool;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.pouw.core.market.JobMarket;
import org.pouw.core.market.ReapReport;

/**
 * Runs {@link JobMarket#reap} on a fixed interval: expired leases back to the queue (or the dead-letter queue),
 * past-deadline jobs expired and refunded. Safe on several nodes at once: rows are locked with SKIP LOCKED.
 */
public final class LeaseReaper implements AutoCloseable {
    private static final Logger LOG = System.getLogger(LeaseReaper.class.getName());
    private static final int BATCH = 500;

    private final JobMarket market;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("pouw-reaper").daemon(true).factory());

    public LeaseReaper(JobMarket market) {
        this.market = market;
    }

    public void start(long intervalMs) {
        scheduler.scheduleWithFixedDelay(this::sweep, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    /** Reaps until a pass finds less than a full batch. */
    public void sweep() {
        try {
            ReapReport report;
            do {
                report = market.reap(BATCH);
            } while (report.leasesExpired() == BATCH || report.deadlinesPassed() == BATCH);
        } catch (RuntimeException e) {
            // Every holder is being refused while the database fails: their leases lapsing now is not their doing.
            market.noteOutage();
            LOG.log(Level.WARNING, "reaper pass failed, will retry: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}

package org.pouw.node.pool;

import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.pouw.core.PouwException;
import org.pouw.core.id.Did;
import org.pouw.core.id.JobId;
import org.pouw.core.job.Job;
import org.pouw.core.market.JobMarket;

/**
 * Renews the leases of a claimed batch, every third of a lease, until each job is done. Cheap jobs finish long
 * before the first renewal; a training job may take minutes, and the jobs queued behind it in the batch must not
 * lapse meanwhile.
 */
final class LeaseKeeper implements AutoCloseable {
    private static final Logger LOG = System.getLogger(LeaseKeeper.class.getName());

    private final JobMarket market;
    private final String proverId;
    private final Map<JobId, Job> held = new ConcurrentHashMap<>();
    private final Thread thread;

    private LeaseKeeper(JobMarket market, String proverId, List<Job> jobs) {
        this.market = market;
        this.proverId = proverId;
        jobs.forEach(job -> held.put(job.jobId(), job));
        this.thread = Thread.ofVirtual().name("pouw-local-lease-keeper").unstarted(this::renewWhileHeld);
    }

    static LeaseKeeper start(JobMarket market, String proverId, List<Job> jobs) {
        LeaseKeeper keeper = new LeaseKeeper(market, proverId, jobs);
        keeper.thread.start();
        return keeper;
    }

    void done(Job job) {
        held.remove(job.jobId());
    }

    private void renewWhileHeld() {
        long leaseMs = market.settings().defaultLeaseMs();
        while (!held.isEmpty()) {
            try {
                Thread.sleep(Math.max(1, leaseMs / 3));
            } catch (InterruptedException e) {
                return;
            }
            for (Job job : held.values()) {
                try {
                    market.renew(job.jobId(), Did.of(proverId), job.leaseToken(), leaseMs);
                } catch (PouwException e) {
                    held.remove(job.jobId()); // the lease is gone; the prover will find out when it reports
                    LOG.log(Level.INFO, "local worker lost the lease on " + job.jobId() + ": " + e.getMessage());
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "could not renew the lease on " + job.jobId() + ": " + e.getMessage());
                }
            }
        }
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}

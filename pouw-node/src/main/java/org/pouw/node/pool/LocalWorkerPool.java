package org.pouw.node.pool;

import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.util.ArrayList;
import java.util.List;
import org.pouw.core.PouwException;
import org.pouw.core.id.Did;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.Job;
import org.pouw.core.market.JobMarket;
import org.pouw.core.work.ProgressListener;
import org.pouw.core.work.WorkFailedException;
import org.pouw.core.work.WorkItem;
import org.pouw.core.work.WorkProver;

/**
 * The node's own workers for {@code pouw_mode = local} (§2): virtual threads that claim, prove and submit through
 * the same market calls a remote worker makes over HTTP, so their results are verified and paid like anyone's.
 */
public final class LocalWorkerPool implements AutoCloseable {
    private static final Logger LOG = System.getLogger(LocalWorkerPool.class.getName());
    private static final int BATCH = 16;
    private static final long IDLE_WAIT_MS = 500;

    private final JobMarket market;
    private final List<WorkProver> provers;
    private final String proverId;
    private final NewWorkSignal work;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    public LocalWorkerPool(JobMarket market, List<WorkProver> provers, String proverId, NewWorkSignal work) {
        this.market = market;
        this.work = work;
        this.provers = List.copyOf(provers);
        this.proverId = proverId;
    }

    public void start(int workers) {
        for (int i = 0; i < workers; i++) {
            threads.add(Thread.ofVirtual().name("pouw-local-worker-" + i).start(this::loop));
        }
    }

    private void loop() {
        ClaimRequest claim = new ClaimRequest(provers.stream().map(WorkProver::kind).toList(), List.of(), BATCH, 0);
        while (running) {
            try {
                List<Job> jobs = market.claim(Did.of(proverId), claim);
                if (jobs.isEmpty()) {
                    work.await(IDLE_WAIT_MS);
                    continue;
                }
                try (LeaseKeeper keeper = LeaseKeeper.start(market, proverId, jobs)) {
                    for (Job job : jobs) {
                        if (running) {
                            prove(job);
                        } else {
                            market.fail(job.jobId(), Did.of(proverId), job.leaseToken(), "node shutting down");
                        }
                        keeper.done(job);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "local worker: " + e.getMessage());
                pause();
            }
        }
    }

    private void prove(Job job) {
        WorkProver prover = provers.stream().filter(p -> p.kind().equals(job.kind())).findFirst().orElseThrow();
        WorkItem item = new WorkItem(job.jobId().hex(), job.kind(), job.tier(), job.traceHash().hex(), job.traceRef(),
                job.params(), key -> market.storage().blobs().get(key)
                        .orElseThrow(() -> new WorkFailedException("blob " + key + " is missing")));
        try {
            byte[] proof = prover.prove(item, ProgressListener.NONE,
                    commitment -> market.commit(job.jobId(), Did.of(proverId), job.leaseToken(), commitment));
            market.submit(job.jobId(), Did.of(proverId), job.leaseToken(), proof);
        } catch (WorkFailedException e) {
            market.fail(job.jobId(), Did.of(proverId), job.leaseToken(), e.getMessage());
        } catch (PouwException e) {
            LOG.log(Level.INFO, "local worker lost job " + job.jobId() + ": " + e.getMessage());
        }
    }

    private void pause() {
        try {
            Thread.sleep(IDLE_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        work.wakeAll(threads.size());
        for (Thread thread : threads) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

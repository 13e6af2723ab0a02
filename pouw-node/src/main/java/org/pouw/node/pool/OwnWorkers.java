package org.pouw.node.pool;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.pouw.core.Clock;
import org.pouw.core.id.JobId;
import org.pouw.core.job.Job;
import org.pouw.core.job.JobStatus;
import org.pouw.core.market.JobMarket;
import org.pouw.core.work.WorkProver;
import org.pouw.worker.LoopSettings;
import org.pouw.worker.Worker;

/**
 * The node's own workers (§2): pouw-worker's loop, the one {@code pouw worker} runs, over the node's market in
 * process and as the node's did:key. In {@code local} mode a pool of them works the queue until the node stops; in
 * {@code disabled} mode each intent's request runs a loop until that intent's jobs have ended. Either way the jobs
 * are claimed, leased, renewed, verified and paid exactly as a remote worker's are.
 */
public final class OwnWorkers {
    /** How long the jobs in hand may finish when the node stops, before they are handed back to the queue. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);
    /** The longest one in-process market call is expected to take (it bounds how long a stop waits). */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    /** A failing market (its database away, say) is asked again after half a second, then less and less often. */
    private static final Duration RETRY_INITIAL = Duration.ofMillis(500);
    private static final Duration RETRY_MAX = Duration.ofSeconds(5);

    private final JobMarket market;
    private final List<WorkProver> provers;
    private final String did;
    private final Clock clock;

    public OwnWorkers(JobMarket market, List<WorkProver> provers, String did, Clock clock) {
        this.market = Objects.requireNonNull(market, "market");
        this.provers = List.copyOf(provers);
        this.did = Objects.requireNonNull(did, "did");
        this.clock = Objects.requireNonNull(clock, "clock");
        market.trustOwnWorker(org.pouw.core.id.Did.of(did));
    }

    /**
     * {@code local} mode: one loop working up to {@code workers} jobs at once, woken by {@code newWork} when jobs are
     * created. Runs on its own thread until {@link Worker#stop()}.
     */
    public Worker startPool(int workers, NewWorkSignal newWork) {
        // News of new jobs wakes an idle pool, so it polls only for jobs back from a lapsed lease or a failure:
        // within half a second, as the pool always has.
        Worker pool = worker(workers, Duration.ofMillis(50), Duration.ofMillis(500), "org.pouw.node.pool.LocalPool");
        newWork.whenJobsCreated(pool::wakeUp);
        pool.start(Thread.ofVirtual().name("pouw-local-pool"));
        return pool;
    }

    /**
     * {@code disabled} mode: proves on the calling thread, one job at a time, until none of {@code jobIds} is pending
     * or in progress — completed, or out of retries. It may prove another intent's job on the way, as a claim takes
     * whatever waits; that request then finds its job done.
     */
    public void proveUntilDone(List<String> jobIds) {
        List<String> mine = List.copyOf(jobIds);
        // An empty queue here means another request holds one of these jobs and proves it: look again soon.
        worker(1, Duration.ofMillis(2), Duration.ofMillis(50), "org.pouw.node.pool.Inline")
                .runUntil(() -> noneOpen(mine));
    }

    private boolean noneOpen(List<String> jobIds) {
        for (String jobId : jobIds) {
            if (market.job(JobId.of(jobId)).map(Job::status).map(JobStatus::isOpen).orElse(false)) {
                return false;
            }
        }
        return true;
    }

    private Worker worker(int concurrency, Duration idleInitial, Duration idleMax, String logName) {
        LoopSettings settings = LoopSettings.defaults().withConcurrency(concurrency)
                .withLeaseMs(market.settings().defaultLeaseMs()).withShutdownGrace(SHUTDOWN_GRACE)
                .withRequestTimeout(CALL_TIMEOUT).withRetry(RETRY_INITIAL, RETRY_MAX)
                .withIdlePolling(idleInitial, idleMax);
        return new Worker(new InProcessMarket(market, did), settings, provers, new WorkerEventLog(logName), clock);
    }
}

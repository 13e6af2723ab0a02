package org.pouw.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import org.pouw.client.NodeException;
import org.pouw.core.Clock;
import org.pouw.core.work.WorkProver;

/**
 * The worker loop of {@code pouw worker} (ARCHITECTURE.md §2, §6): claim jobs of the kinds it has provers for, work
 * up to {@code concurrency} of them at once (each renewing its lease while it runs), submit, and repeat.
 *
 * <p>It never hot-loops: an empty queue (204) is polled again after a short delay that grows while the queue stays
 * empty; an unreachable, overloaded or failing node is retried with capped exponential backoff with jitter,
 * honouring {@code Retry-After}; both reset at the first success. A node that answers a claim with a client error
 * (bad key, bad request) stops the worker with that error, since asking again would get the same answer.
 *
 * <p>{@link #stop()} (also from a JVM shutdown hook on SIGTERM) stops claiming, lets jobs in hand finish within the
 * shutdown grace, and hands back the rest through {@code /fail} so they return to the queue at once.
 *
 * <pre>{@code
 * Worker worker = new Worker(options, provers, WorkerDisplay.forStandardOutput(json));
 * worker.stopOnShutdown();
 * WorkerStats.Snapshot totals = worker.run();   // returns after stop(); throws NodeException on a fatal answer
 * }</pre>
 */
public final class Worker {
    static final String SHUTDOWN_REASON = "worker shutting down";
    /** Most jobs asked for in one claim; the node caps a batch (256 by default) and a 400 would stop the worker. */
    static final int MAX_CLAIM_BATCH = 32;
    /** Cached blobs, enough for a few traces (micro jobs of one intent share a trace). */
    private static final long BLOB_CACHE_BYTES = 64L << 20;

    private final WorkerOptions options;
    private final Map<String, WorkProver> provers;
    private final WorkerDisplay display;
    private final Clock clock;
    private final RandomGenerator random;
    private final NodeClient client;
    private final WorkerStats stats = new WorkerStats();
    private final BlobCache blobs = new BlobCache(BLOB_CACHE_BYTES);
    private final Map<String, JobRun> inHand = new ConcurrentHashMap<>();
    private final List<String> kinds;

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when a slot frees up and when stop is asked for; every wait in the loop listens to it. */
    private final Condition changed = lock.newCondition();
    private int freeSlots;
    private boolean stopping;

    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    /** Counted down when the shutdown grace runs out: jobs still reporting to an absent node stop retrying. */
    private final CountDownLatch graceOver = new CountDownLatch(1);

    public Worker(WorkerOptions options, List<WorkProver> provers, WorkerDisplay display) {
        this(options, provers, display, Clock.system(), RandomGenerator.getDefault());
    }

    Worker(WorkerOptions options, List<WorkProver> provers, WorkerDisplay display, Clock clock,
           RandomGenerator random) {
        this.options = Objects.requireNonNull(options, "options");
        this.display = Objects.requireNonNull(display, "display");
        this.clock = clock;
        this.random = random;
        Map<String, WorkProver> byKind = new LinkedHashMap<>();
        for (WorkProver prover : provers) {
            if (byKind.putIfAbsent(prover.kind(), prover) != null) {
                throw new IllegalArgumentException("two provers for kind " + prover.kind());
            }
        }
        if (byKind.isEmpty()) {
            throw new IllegalArgumentException("a worker needs at least one prover");
        }
        this.provers = Map.copyOf(byKind);
        this.kinds = List.copyOf(byKind.keySet());
        this.freeSlots = options.concurrency();
        this.client = new NodeClient(options.node(), options.key(), options.requestTimeout(), clock);
    }

    /** The kinds this worker claims: those it has a prover for. */
    public List<String> kinds() {
        return kinds;
    }

    public WorkerStats.Snapshot stats() {
        return stats.snapshot();
    }

    /**
     * Runs on the calling thread until {@link #stop()}, then returns the totals. Throws {@link NodeException} when
     * the node refused the worker outright (after handing back any jobs in hand). Runs once per instance.
     */
    public WorkerStats.Snapshot run() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("this worker has already run");
        }
        RuntimeException fatal = null;
        try {
            emit(new WorkerEvent.Started(client.did(), client.node().toString(), kinds, options.tiers(),
                    options.concurrency()));
            claimUntilStopped();
        } catch (RuntimeException e) {
            fatal = e;
        } finally {
            signalStop();
            finishOrRelease();
            client.close();
            emit(new WorkerEvent.Stopped(fatal == null ? "" : String.valueOf(fatal.getMessage())));
            finished.countDown();
        }
        if (fatal != null) {
            throw fatal;
        }
        return stats.snapshot();
    }

    /** Runs the worker on a new thread named {@code pouw-worker}; for tests and embedders. */
    public Thread start() {
        Thread thread = new Thread(() -> {
            try {
                run();
            } catch (RuntimeException fatalShownOnDisplay) {
                // Already reported through the Stopped event; nobody waits on this thread's result.
            }
        }, "pouw-worker");
        thread.start();
        return thread;
    }

    /**
     * Stops claiming, waits for the jobs in hand up to the shutdown grace, releases the rest, and returns once the
     * worker has stopped (or after the grace plus time for the release calls, whichever is first). Idempotent;
     * safe from any thread, including a shutdown hook.
     */
    public void stop() {
        signalStop();
        if (!started.get()) {
            return;
        }
        long bound = options.shutdownGrace().plus(options.requestTimeout().multipliedBy(3)).toMillis();
        try {
            finished.await(bound, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Calls {@link #stop()} when the JVM shuts down (SIGTERM, Ctrl-C). */
    public void stopOnShutdown() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "pouw-worker-shutdown"));
    }

    public boolean isStopped() {
        return finished.getCount() == 0;
    }

    private void claimUntilStopped() {
        Backoff unreachable = new Backoff(options.retryInitial(), options.retryMax(), random);
        Backoff idle = new Backoff(options.idleInitial(), options.idleMax(), random);
        while (true) {
            int slots = takeFreeSlots();
            if (slots == 0) {
                return;
            }
            long sentAt = clock.millis();
            List<ClaimedJob> jobs;
            try {
                jobs = client.claim(kinds, options.tiers(), slots, options.leaseMs());
            } catch (NodeException e) {
                giveBackSlots(slots);
                if (isStopping()) {
                    return;
                }
                if (!e.isTransient()) {
                    throw e;
                }
                Duration delay = unreachable.next();
                if (e.retryAfter().isPresent() && e.retryAfter().get().compareTo(delay) > 0) {
                    delay = e.retryAfter().get();
                }
                emit(new WorkerEvent.Backoff(causeOf(e), delay.toMillis(), e.getMessage()));
                pause(delay);
                continue;
            }
            unreachable.reset();
            giveBackSlots(slots - jobs.size());
            if (jobs.isEmpty()) {
                Duration delay = idle.next();
                emit(new WorkerEvent.Backoff(WorkerEvent.Cause.NO_JOBS, delay.toMillis(), ""));
                pause(delay);
                continue;
            }
            idle.reset();
            for (ClaimedJob job : jobs) {
                launch(job, sentAt);
            }
        }
    }

    private void launch(ClaimedJob job, long claimSentAtMs) {
        stats.claimed();
        emit(new WorkerEvent.Claimed(job.jobId(), job.kind(), job.tier().wire(), job.rewardBudget(), job.attempts()));
        WorkProver prover = provers.get(job.kind());
        JobRun run = new JobRun(job, prover, claimSentAtMs, client, options, stats, this::emit, clock, random, blobs,
                graceOver);
        if (prover == null || isStopping()) {
            // A kind we never asked for is a node bug; a job claimed as stop came in is better back in the queue.
            inHand.put(job.jobId(), run);
            try {
                run.release(prover == null ? "this worker has no prover for kind " + job.kind() : SHUTDOWN_REASON);
            } finally {
                inHand.remove(job.jobId());
                giveBackSlots(1);
            }
            return;
        }
        inHand.put(job.jobId(), run);
        Thread.ofVirtual().name("job-" + job.jobId()).start(() -> {
            try {
                run.run();
            } finally {
                inHand.remove(job.jobId());
                giveBackSlots(1);
            }
        });
    }

    /** After the loop: give jobs in hand the grace period, then release what is left and wait for the reports. */
    private void finishOrRelease() {
        awaitNoJobsInHand(options.shutdownGrace());
        graceOver.countDown();
        List<Thread> releases = new ArrayList<>();
        for (JobRun run : inHand.values()) {
            releases.add(Thread.ofVirtual().name("release-" + run.jobId()).start(() -> run.release(SHUTDOWN_REASON)));
        }
        for (Thread release : releases) {
            try {
                release.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        // Jobs that were already reporting when the grace ran out finish their one call in flight.
        awaitNoJobsInHand(options.requestTimeout().multipliedBy(2));
    }

    private void awaitNoJobsInHand(Duration limit) {
        long remaining = limit.toNanos();
        lock.lock();
        try {
            while (!inHand.isEmpty() && remaining > 0) {
                remaining = changed.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** Blocks until at least one slot is free and takes the free slots (up to a claim batch); 0 once stopping. */
    private int takeFreeSlots() {
        lock.lock();
        try {
            while (freeSlots == 0 && !stopping) {
                changed.await();
            }
            if (stopping) {
                return 0;
            }
            int taken = Math.min(freeSlots, MAX_CLAIM_BATCH);
            freeSlots -= taken;
            return taken;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
            return 0;
        } finally {
            lock.unlock();
        }
    }

    private void giveBackSlots(int count) {
        if (count <= 0) {
            return;
        }
        lock.lock();
        try {
            freeSlots += count;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits out a backoff delay, cut short by stop. */
    private void pause(Duration delay) {
        long remaining = delay.toNanos();
        lock.lock();
        try {
            while (!stopping && remaining > 0) {
                remaining = changed.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        } finally {
            lock.unlock();
        }
    }

    private void signalStop() {
        lock.lock();
        try {
            stopping = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean isStopping() {
        lock.lock();
        try {
            return stopping;
        } finally {
            lock.unlock();
        }
    }

    private static WorkerEvent.Cause causeOf(NodeException e) {
        if (e.status() == NodeException.UNREACHABLE) {
            return WorkerEvent.Cause.NODE_UNREACHABLE;
        }
        return e.isRateLimited() ? WorkerEvent.Cause.RATE_LIMITED : WorkerEvent.Cause.NODE_ERROR;
    }

    private void emit(WorkerEvent event) {
        try {
            display.show(event, stats.snapshot());
        } catch (RuntimeException displayBroke) {
            // A broken terminal or pipe must not take jobs down with it; the work and its reports go on.
        }
    }
}

package org.pouw.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
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
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;
import org.pouw.client.NodeException;
import org.pouw.core.Clock;
import org.pouw.core.work.WorkProver;

/**
 * The one worker loop (ARCHITECTURE.md §2, §3, §6): claim jobs of the kinds it has provers for, work up to
 * {@code concurrency} of them at once (each renewing its lease while it runs), submit, and repeat. It works over a
 * {@link MarketAccess}: a node's HTTP API for {@code pouw worker}, or the node's own market in process for its local
 * pool and for proving inline in {@code disabled} mode.
 *
 * <p>It never hot-loops: an empty queue is polled again after a short delay that grows while the queue stays empty
 * (cut short by {@link #wakeUp()} when the caller hears of new work); an unreachable, overloaded or failing market
 * is retried with capped exponential backoff with jitter, honouring {@code Retry-After}; both reset at the first
 * success. A market that answers a claim with a refusal (bad key, bad request) stops the worker with that error,
 * since asking again would get the same answer.
 *
 * <p>{@link #stop()} (also from a JVM shutdown hook on SIGTERM) stops claiming, lets jobs in hand finish within the
 * shutdown grace, and hands back the rest through {@code release} so they return to the queue at once, no retry spent.
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

    private final LoopSettings settings;
    private final Map<String, WorkProver> provers;
    private final WorkerDisplay display;
    private final Clock clock;
    private final RandomGenerator random;
    private final MarketAccess market;
    private final WorkerStats stats = new WorkerStats();
    private final DownloadedBlobs blobs = new DownloadedBlobs(BLOB_CACHE_BYTES);
    private final Map<String, JobRun> inHand = new ConcurrentHashMap<>();
    private final List<String> kinds;

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when a slot frees up and when stop is asked for; every wait in the loop listens to it. */
    private final Condition changed = lock.newCondition();
    private int freeSlots;
    private boolean stopping;
    /** Set by {@link #wakeUp()}: work is waiting, so an idle wait ends now; cleared as each claim is sent. */
    private boolean workWaiting;

    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    /** Counted down when the shutdown grace runs out: jobs still reporting to an absent node stop retrying. */
    private final CountDownLatch graceOver = new CountDownLatch(1);

    /** {@code pouw worker}: the loop over the node's HTTP API, at the node and as the key the options name. */
    public Worker(WorkerOptions options, List<WorkProver> provers, WorkerDisplay display) {
        this(options, provers, display, Clock.system(), RandomGenerator.getDefault());
    }

    Worker(WorkerOptions options, List<WorkProver> provers, WorkerDisplay display, Clock clock,
           RandomGenerator random) {
        // Arguments are evaluated in order: the provers are checked before the client exists, so a refused worker
        // leaves no connection pool behind.
        this(byKind(provers), HttpMarket.connect(options.node(), options.key(), options.requestTimeout(),
                clock), options.loop(), display, clock, random);
    }

    /** The loop over any market: the node's own workers pass its in-process market here. */
    public Worker(MarketAccess market, LoopSettings settings, List<WorkProver> provers, WorkerDisplay display,
                  Clock clock) {
        this(byKind(provers), market, settings, display, clock, RandomGenerator.getDefault());
    }

    private Worker(Map<String, WorkProver> provers, MarketAccess market, LoopSettings settings,
                   WorkerDisplay display, Clock clock, RandomGenerator random) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.display = Objects.requireNonNull(display, "display");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = random;
        this.provers = provers;
        this.kinds = List.copyOf(provers.keySet());
        this.freeSlots = settings.concurrency();
        this.market = Objects.requireNonNull(market, "market");
    }

    private static Map<String, WorkProver> byKind(List<WorkProver> provers) {
        Map<String, WorkProver> byKind = new LinkedHashMap<>();
        for (WorkProver prover : provers) {
            if (byKind.putIfAbsent(prover.kind(), prover) != null) {
                throw new IllegalArgumentException("two provers for kind " + prover.kind());
            }
        }
        if (byKind.isEmpty()) {
            throw new IllegalArgumentException("a worker needs at least one prover");
        }
        // Kept in the order given, so the kinds are claimed in that order.
        return Collections.unmodifiableMap(byKind);
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
        return runUntil(() -> false);
    }

    /**
     * Like {@link #run()}, but also stops of its own accord once {@code done} says so. {@code done} is asked each
     * time the loop has a free slot and is about to claim, so with a concurrency of one no job is in hand then. The
     * node proves inline this way: it runs a loop until the jobs of the intent it is answering have ended. An
     * exception from {@code done} stops the loop like a fatal answer from the market.
     */
    public WorkerStats.Snapshot runUntil(BooleanSupplier done) {
        Objects.requireNonNull(done, "done");
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("this worker has already run");
        }
        RuntimeException fatal = null;
        try {
            emit(new WorkerEvent.Started(market.did(), market.location(), kinds, settings.tiers(),
                    settings.concurrency()));
            claimUntilStopped(done);
        } catch (RuntimeException e) {
            fatal = e;
        } finally {
            signalStop();
            finishOrRelease();
            market.close();
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
        return start(Thread.ofPlatform().name("pouw-worker"));
    }

    /**
     * Runs the worker on a thread from {@code threads}: the node runs its own pool on a virtual thread, which does
     * not keep the JVM alive on its own, since the node's lifetime is its own to decide.
     */
    public Thread start(Thread.Builder threads) {
        return threads.start(() -> {
            try {
                run();
            } catch (RuntimeException fatalShownOnDisplay) {
                // Already reported through the Stopped event; nobody waits on this thread's result.
            }
        });
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
        long bound = settings.shutdownGrace().plus(settings.requestTimeout().multipliedBy(3)).toMillis();
        try {
            finished.await(bound, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Tells an idle loop that jobs are waiting, so it claims now instead of at the end of its polling delay. The
     * node's own pool hears of new jobs from its market; a remote worker has no such news and just polls.
     */
    public void wakeUp() {
        signal(() -> workWaiting = true);
    }

    /** Calls {@link #stop()} when the JVM shuts down (SIGTERM, Ctrl-C). */
    public void stopOnShutdown() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "pouw-worker-shutdown"));
    }

    public boolean isStopped() {
        return finished.getCount() == 0;
    }

    private void claimUntilStopped(BooleanSupplier done) {
        Backoff unreachable = new Backoff(settings.retryInitial(), settings.retryMax(), random);
        Backoff idle = new Backoff(settings.idleInitial(), settings.idleMax(), random);
        while (true) {
            int slots = takeFreeSlots();
            if (slots == 0) {
                return;
            }
            if (done.getAsBoolean()) {
                giveBackSlots(slots);
                return;
            }
            long sentAt = clock.millis();
            List<ClaimedJob> jobs;
            try {
                jobs = market.claim(kinds, settings.tiers(), slots, settings.leaseMs(), settings.minReward(),
                        settings.capacity());
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
                pause(delay, false);
                continue;
            }
            unreachable.reset();
            giveBackSlots(slots - jobs.size());
            if (jobs.isEmpty()) {
                Duration delay = idle.next();
                emit(new WorkerEvent.Backoff(WorkerEvent.Cause.NO_JOBS, delay.toMillis(), ""));
                pause(delay, true);
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
        JobRun run = new JobRun(job, prover, claimSentAtMs, market, settings, stats, this::emit, clock, random, blobs,
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
        awaitNoJobsInHand(settings.shutdownGrace());
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
        awaitNoJobsInHand(settings.requestTimeout().multipliedBy(2));
    }

    private void awaitNoJobsInHand(Duration limit) {
        awaitWhile(() -> !inHand.isEmpty(), limit);
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
            workWaiting = false; // the claim about to go out is the answer to any news of work so far
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
        if (count > 0) {
            signal(() -> freeSlots += count);
        }
    }

    /** Waits out a backoff delay, cut short by stop, and an idle one also by news of work ({@link #wakeUp()}). */
    private void pause(Duration delay, boolean idle) {
        awaitWhile(() -> !stopping && !(idle && workWaiting), delay);
    }

    /** Waits while {@code waiting} holds (asked under the lock), at most {@code limit}; an interrupt means stop. */
    private void awaitWhile(BooleanSupplier waiting, Duration limit) {
        long remaining = limit.toNanos();
        lock.lock();
        try {
            while (waiting.getAsBoolean() && remaining > 0) {
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
        signal(() -> stopping = true);
    }

    /** Makes a change under the lock and tells every wait in the loop to look again. */
    private void signal(Runnable change) {
        lock.lock();
        try {
            change.run();
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

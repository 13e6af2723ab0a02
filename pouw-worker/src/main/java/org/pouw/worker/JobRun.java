package org.pouw.worker;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.pouw.client.NodeException;
import org.pouw.client.jobs.Lease;
import org.pouw.core.Clock;
import org.pouw.core.work.ProgressListener;
import org.pouw.core.work.WorkFailedException;
import org.pouw.core.work.WorkProver;

/**
 * One claimed job, from lease to outcome (ARCHITECTURE.md §6): the prover works on its own thread while a second
 * thread renews the lease; the proof is submitted, or a failure reported, under the newest lease token.
 *
 * <p>Exactly one ending wins, decided by one compare-and-set on {@link State}: the job is either reported by this
 * run (submit or {@code /fail}), or abandoned (lease lost, or released at shutdown) by whoever sees that first. So a
 * job is never both submitted and released, and no outcome is counted twice.
 */
final class JobRun {
    enum State { WORKING, REPORTING, DONE, ABANDONED }

    private static final double PROGRESS_STEP = 0.01;

    private final ClaimedJob job;
    private final WorkProver prover;
    private final MarketAccess market;
    private final LoopSettings settings;
    private final WorkerStats stats;
    private final Consumer<WorkerEvent> events;
    private final Clock clock;
    private final RandomGenerator random;
    private final DownloadedBlobs blobs;
    /** Open until the worker's shutdown grace runs out; then reports in trouble stop retrying. */
    private final CountDownLatch graceOver;

    private final AtomicReference<State> state = new AtomicReference<>(State.WORKING);
    private final CompletableFuture<byte[]> proof = new CompletableFuture<>();
    private final ReentrantLock progressLock = new ReentrantLock();
    private final TrainingProgressSender training;
    private volatile Lease lease;
    /** When the lease runs out by this machine's clock, counted from before the call that set it. */
    private volatile long leaseDeadlineMs;
    private volatile Thread proverThread;
    private volatile Thread renewerThread;
    private String lastPhase = "";
    private double lastFraction = -1;

    JobRun(ClaimedJob job, WorkProver prover, long claimSentAtMs, MarketAccess market, LoopSettings settings,
           WorkerStats stats, Consumer<WorkerEvent> events, Clock clock, RandomGenerator random, DownloadedBlobs blobs,
           CountDownLatch graceOver) {
        this.job = job;
        this.prover = prover;
        this.market = market;
        this.settings = settings;
        this.stats = stats;
        this.events = events;
        this.clock = clock;
        this.random = random;
        this.blobs = blobs;
        this.graceOver = graceOver;
        this.lease = job.lease();
        this.leaseDeadlineMs = claimSentAtMs + settings.leaseMs();
        this.training = new TrainingProgressSender(market, job.jobId(), () -> lease.token(), clock);
    }

    String jobId() {
        return job.jobId();
    }

    /** Works the job to its end on the calling thread. */
    void run() {
        proverThread = Thread.ofVirtual().name("prove-" + job.jobId()).start(this::prove);
        renewerThread = Thread.ofVirtual().name("renew-" + job.jobId()).start(this::keepLeaseAlive);
        try {
            byte[] bytes;
            try {
                bytes = proof.get();
            } catch (CancellationException abandoned) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                reportFailure(e.getCause());
                return;
            }
            submit(bytes);
        } finally {
            renewerThread.interrupt();
            training.close();
        }
    }

    /**
     * Shutdown: hands the job back through {@code /release} so it returns to the queue now, not at lease expiry, and
     * without spending one of its retries (issue 25, defect 9). Does nothing when the job is already being reported;
     * that report finishes on its own.
     */
    void release(String reason) {
        if (!abandon()) {
            return;
        }
        try {
            market.release(job.jobId(), lease.token());
            stats.released();
            events.accept(new WorkerEvent.Released(job.jobId(), job.kind(), reason));
        } catch (NodeException e) {
            if (e.isLeaseLost()) {
                stats.leaseLost();
                events.accept(new WorkerEvent.LeaseLost(job.jobId(), job.kind(), "lease already gone at shutdown"));
            } else {
                stats.released();
                events.accept(new WorkerEvent.Released(job.jobId(), job.kind(), reason + "; the node did not answer ("
                        + e.getMessage() + "), so the job returns when its lease expires"));
            }
        }
    }

    private void prove() {
        if (state.get() != State.WORKING) {
            proof.cancel(false);
            return;
        }
        try {
            VerifiedBlobSource source = new VerifiedBlobSource(market, blobs, job.jobId(),
                    () -> state.get() == State.WORKING, settings.retryInitial(), settings.retryMax(), random);
            ProgressListener listener = new ProgressListener() {
                @Override
                public void progress(String phase, double fraction) {
                    JobRun.this.progress(phase, fraction);
                }

                @Override
                public void trainingStep(long step, double loss) {
                    training.offer(step, loss);
                }
            };
            proof.complete(prover.prove(job.toWorkItem(source, market.did()), listener, this::commit));
        } catch (Throwable failure) {
            proof.completeExceptionally(failure);
        }
    }

    /**
     * A commit → challenge → open prover's commitment, sent under the newest lease token and repeated while the node
     * is unreachable (the node answers a repeated commitment with the same challenge). A refusal is the prover's
     * failure to report; a lost lease ends the work.
     */
    private byte[] commit(byte[] commitment) {
        training.finish(); // the training's reports go out before its commitment, never after
        Backoff backoff = new Backoff(settings.retryInitial(), settings.retryMax(), random);
        while (true) {
            if (state.get() != State.WORKING) {
                throw new WorkAbandonedException(job.jobId());
            }
            try {
                events.accept(new WorkerEvent.Progress(job.jobId(), job.kind(), "committing", 1));
                return market.commit(job.jobId(), lease.token(), commitment);
            } catch (NodeException e) {
                if (e.isLeaseLost()) {
                    leaseLost("the lease moved on before the commitment arrived");
                    throw new WorkAbandonedException(job.jobId());
                }
                if (!e.isTransient()) {
                    throw new WorkFailedException("the node refused the commitment: " + e.getMessage());
                }
                if (!leaseMayLive(e)) {
                    leaseLost("the lease ran out while the node was unreachable");
                    throw new WorkAbandonedException(job.jobId());
                }
                if (!pause(backoff.next())) {
                    throw new WorkAbandonedException(job.jobId());
                }
            }
        }
    }

    /** The prover's progress, passed on in whole-percent steps; also where an abandoned prover is told to stop. */
    private void progress(String phase, double fraction) {
        if (state.get() == State.ABANDONED) {
            throw new WorkAbandonedException(job.jobId());
        }
        progressLock.lock();
        try {
            boolean worthTelling = !phase.equals(lastPhase) || fraction >= lastFraction + PROGRESS_STEP
                    || (fraction >= 1 && lastFraction < 1);
            if (!worthTelling) {
                return;
            }
            lastPhase = phase;
            lastFraction = fraction;
        } finally {
            progressLock.unlock();
        }
        events.accept(new WorkerEvent.Progress(job.jobId(), job.kind(), phase, fraction));
    }

    private void submit(byte[] bytes) {
        if (!state.compareAndSet(State.WORKING, State.REPORTING)) {
            return;
        }
        Backoff backoff = new Backoff(settings.retryInitial(), settings.retryMax(), random);
        boolean resent = false;
        try {
            while (true) {
                try {
                    report(market.submit(job.jobId(), lease.token(), bytes));
                    return;
                } catch (NodeException e) {
                    // A submit that got no answer (or a lost lease after one) may have been settled all the same:
                    // the node can commit and die before it answers. Ask before concluding (issue 18, defect 11).
                    boolean mayHaveLanded = e.isTransient() || (e.isLeaseLost() && resent);
                    Optional<SubmitResult> settled = mayHaveLanded ? askSettled() : Optional.empty();
                    if (settled.isPresent()) {
                        report(settled.get());
                        return;
                    }
                    if (e.isLeaseLost()) {
                        stats.leaseLost();
                        events.accept(new WorkerEvent.LeaseLost(job.jobId(), job.kind(), resent
                                ? "the first submit got no answer and the lease is gone now; the node may have"
                                        + " accepted it"
                                : "the lease moved on before the proof arrived"));
                        return;
                    }
                    if (!e.isTransient()) {
                        String reason = "submit failed: " + e.getMessage();
                        tellNodeItFailed(reason);
                        stats.failed();
                        events.accept(new WorkerEvent.Failed(job.jobId(), job.kind(), reason));
                        return;
                    }
                    if (!keepTrying(e, backoff)) {
                        return;
                    }
                    resent = true;
                }
            }
        } finally {
            state.set(State.DONE);
        }
    }

    private void report(SubmitResult result) {
        if (result.accepted()) {
            stats.completed(result.reward());
            events.accept(new WorkerEvent.Submitted(job.jobId(), job.kind(), result.reward(), result.ledgerSeq()));
        } else {
            stats.rejected();
            events.accept(new WorkerEvent.Rejected(job.jobId(), job.kind(), result.reason(), result.detail()));
        }
    }

    /** How the node settled this attempt, if it did and can say so now; empty when it cannot be told. */
    private Optional<SubmitResult> askSettled() {
        try {
            return market.settled(job.jobId(), job.attempts());
        } catch (NodeException unanswered) {
            return Optional.empty();
        }
    }

    /**
     * After a transient failure to report: waits and says whether to try again. The answer is no once the lease
     * must have run out (the job is lost) or the shutdown grace is over (the job is handed back by its lease
     * expiring, since the node cannot be told); either way the outcome is shown here.
     */
    private boolean keepTrying(NodeException e, Backoff backoff) {
        if (graceOver.getCount() == 0 || Thread.currentThread().isInterrupted()) {
            stats.released();
            events.accept(new WorkerEvent.Released(job.jobId(), job.kind(), Worker.SHUTDOWN_REASON
                    + "; the node did not answer (" + e.getMessage() + "), so the job returns when its lease expires"));
            return false;
        }
        if (!leaseMayLive(e)) {
            stats.leaseLost();
            events.accept(new WorkerEvent.LeaseLost(job.jobId(), job.kind(),
                    "the lease ran out while the node was unreachable"));
            return false;
        }
        // The grace running out cuts the wait short; the loop then makes one last try.
        awaitGraceOver(backoff.next());
        return true;
    }

    private void reportFailure(Throwable failure) {
        if (failure instanceof WorkAbandonedException || !state.compareAndSet(State.WORKING, State.REPORTING)) {
            return;
        }
        try {
            // WorkFailedException is the prover's own account; anything else is a bug in the prover, named as such.
            String reason = failure instanceof WorkFailedException ? failure.getMessage()
                    : "prover error: " + failure;
            tellNodeItFailed(reason);
            stats.failed();
            events.accept(new WorkerEvent.Failed(job.jobId(), job.kind(), reason));
        } finally {
            state.set(State.DONE);
        }
    }

    /** {@code /fail}, retried while the node is away, the lease may still be alive and the grace lasts. Best effort. */
    private void tellNodeItFailed(String reason) {
        Backoff backoff = new Backoff(settings.retryInitial(), settings.retryMax(), random);
        while (true) {
            try {
                market.fail(job.jobId(), lease.token(), reason);
                return;
            } catch (NodeException e) {
                // A lost lease means the job has moved on already; anything else non-transient we cannot fix.
                if (!e.isTransient() || !leaseMayLive(e) || graceOver.getCount() == 0
                        || Thread.currentThread().isInterrupted()) {
                    return;
                }
                awaitGraceOver(backoff.next());
            }
        }
    }

    /** Renews every third of a lease until the job ends; a 409, or a lease run out while away, abandons the job. */
    private void keepLeaseAlive() {
        long interval = settings.renewIntervalMs();
        long nextRenewAt = leaseDeadlineMs - settings.leaseMs() + interval;
        Backoff backoff = new Backoff(Duration.ofMillis(Math.min(settings.retryInitial().toMillis(), interval)),
                Duration.ofMillis(Math.max(interval, 1)), random);
        while (isOpen()) {
            if (!pause(Duration.ofMillis(Math.max(0, nextRenewAt - clock.millis())))) {
                return;
            }
            long sentAt = clock.millis();
            try {
                lease = market.renew(job.jobId(), lease.token(), settings.leaseMs());
                leaseDeadlineMs = sentAt + settings.leaseMs();
                nextRenewAt = sentAt + interval;
                backoff.reset();
            } catch (NodeException e) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                if (e.isLeaseLost() || !e.isTransient()) {
                    leaseLost("renew refused: " + e.getMessage());
                    return;
                }
                if (!leaseMayLive(e)) {
                    leaseLost("the lease ran out while the node was unreachable");
                    return;
                }
                long now = clock.millis();
                long wait = backoff.next().toMillis();
                // before the deadline, one more try just before it; past it (the node refusing), at the backoff's pace
                nextRenewAt = now + (now < leaseDeadlineMs ? Math.min(wait, leaseDeadlineMs - now) : wait);
            }
        }
    }

    /**
     * Whether the lease may still be alive after a lease call failed with {@code e}. Before its deadline, yes. Past
     * it, only while the node itself turns the worker away (503: busy, or its database failing): a node excuses the
     * lease of a holder it refuses, for {@code market.lease_grace_ms} after its latest refusal (issue 18), so the
     * lease outlives its deadline for as long as the node keeps refusing, and the node's next real answer — the call
     * done, or 409 — decides. No answer at all past the deadline leaves nothing to go on (a node that was down
     * recorded no refusal, and a restarted one forgets them): the lease is taken as lost. Never past the job's own
     * deadline.
     */
    private boolean leaseMayLive(NodeException e) {
        long now = clock.millis();
        if (now < leaseDeadlineMs) {
            return true;
        }
        return e.status() == 503 && (job.deadlineMs() <= 0 || now < job.deadlineMs());
    }

    private void leaseLost(String reason) {
        if (abandon()) {
            stats.leaseLost();
            events.accept(new WorkerEvent.LeaseLost(job.jobId(), job.kind(), reason));
        }
    }

    /** Stops the work if nobody has started reporting it; true when this call did. */
    private boolean abandon() {
        if (!state.compareAndSet(State.WORKING, State.ABANDONED)) {
            return false;
        }
        proof.cancel(false);
        Thread prover = proverThread;
        if (prover != null) {
            prover.interrupt();
        }
        Thread renewer = renewerThread;
        if (renewer != null && renewer != Thread.currentThread()) {
            renewer.interrupt();
        }
        return true;
    }

    private boolean isOpen() {
        State now = state.get();
        return now == State.WORKING || now == State.REPORTING;
    }

    /** Waits {@code delay}, or less once the shutdown grace is over; keeps an interrupt for the caller to see. */
    private void awaitGraceOver(Duration delay) {
        try {
            graceOver.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sleeps; false when interrupted (the job ended), with the interrupt flag kept. */
    private static boolean pause(Duration delay) {
        try {
            Thread.sleep(delay);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
